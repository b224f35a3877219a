import type { FastifyInstance } from 'fastify'
import { publicRateLimit, type RateLimiter } from '../http/rate-limit.js'
import { capital } from '../statistics/format.js'
import { formatDate } from '../survey/clock.js'
import { retentionDate } from '../survey/privacy.js'
import { questionnaireByHash, roundQuestionnaire } from '../survey/round-questionnaire.js'
import { currentRound } from '../survey/rounds.js'
import { listSurveys } from '../survey/surveys.js'

/** Pages every visitor can read: the front page, accessibility statement and personal data; clients are rate-limited. */
export async function infoRoutes (app: FastifyInstance, opts: { limiter: RateLimiter }): Promise<void> {
  app.addHook('onRequest', publicRateLimit(opts.limiter, app))
  app.get('/', async (_request, reply) => reply.view('info/home', { title: 'Internationella samarbeten' }))
  app.get('/tillganglighet', async (_request, reply) => reply.view('info/accessibility', { title: 'Tillgänglighetsredogörelse' }))
  app.get('/personuppgifter', async (_request, reply) => {
    // Each survey's purpose, contact question and retention date, from its current round.
    const surveys = await Promise.all((await listSurveys(app.db)).map(async (survey) => {
      const round = await currentRound(app.db, survey.id)
      // Before its first round, a survey's questionnaire is the version it was created from.
      const qn = round !== undefined ? await roundQuestionnaire(app.db, round.id) : survey.questionnaire_hash !== null ? await questionnaireByHash(app.db, survey.questionnaire_hash) : null
      const contact = qn?.contactNaming() ?? null
      return {
        title: survey.title,
        purpose: survey.description,
        contact: contact === null ? null : { ...contact, title: capital(contact.question) },
        retention: round === undefined ? null : { round: round.name, date: formatDate(retentionDate(round)) }
      }
    }))
    const first = surveys[0]
    return reply.view('info/personal-data', {
      contact: first?.contact ?? null,
      title: 'Så hanterar vi personuppgifter',
      dpo: app.config.dpoContact,
      retention: first?.retention ?? null,
      surveys
    })
  })
}
