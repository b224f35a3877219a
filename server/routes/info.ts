import type { FastifyInstance } from 'fastify'
import { publicRateLimit, type RateLimiter } from '../http/rate-limit.js'
import { formatDate } from '../survey/clock.js'
import { retentionDate } from '../survey/privacy.js'
import { roundQuestionnaire } from '../survey/round-questionnaire.js'
import { currentRound } from '../survey/rounds.js'

/** Pages every visitor can read: the front page, accessibility statement and personal data; clients are rate-limited. */
export async function infoRoutes (app: FastifyInstance, opts: { limiter: RateLimiter }): Promise<void> {
  app.addHook('onRequest', publicRateLimit(opts.limiter, app))
  app.get('/', async (_request, reply) => reply.view('info/home', { title: 'Internationella samarbeten' }))
  app.get('/tillganglighet', async (_request, reply) => reply.view('info/accessibility', { title: 'Tillgänglighetsredogörelse' }))
  app.get('/personuppgifter', async (_request, reply) => {
    const round = await currentRound(app.db)
    const contact = round === undefined ? null : (await roundQuestionnaire(app.db, round.id)).contactNaming()
    return reply.view('info/personal-data', {
      contact: contact === null ? null : { ...contact, title: contact.question.replace(/^f/, 'F') },
      title: 'Så hanterar vi personuppgifter',
      dpo: app.config.dpoContact,
      retention: round === undefined ? null : { round: round.name, date: formatDate(retentionDate(round)) }
    })
  })
}
