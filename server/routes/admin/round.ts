import { z } from 'zod'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { formBody, formValue, queryText, type ZodTypeProvider } from '../../http/schemas.js'
import { formatDate } from '../../survey/clock.js'
import { checkRoundDates, roundDateWarnings, setRoundDates, type DateProblem, type RoundDates } from '../../survey/round-dates.js'
import { currentRound } from '../../survey/rounds.js'
import { adminView, signedIn } from './guard.js'

/** The survey round's dates: shown with warnings for weekends and holidays, and changed through a checked, audited form. */
export async function roundRoutes (plain: FastifyInstance): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>()
  async function page (request: FastifyRequest, reply: FastifyReply, state: { status?: number, input?: RoundDates, problems?: DateProblem[], saved?: boolean }): Promise<FastifyReply> {
    const round = await currentRound(app.db)
    if (round === undefined) { reply.callNotFound(); return reply }
    const problems = state.problems ?? []
    return adminView(app, request, reply.code(state.status ?? 200), 'round', {
      title: `Omgång ${round.name}`, nav: 'round',
      round: { name: round.name, opens: formatDate(round.opens_on), deadline: formatDate(round.deadline_on), closes: formatDate(round.closes_on) },
      input: state.input ?? { opens_on: round.opens_on, deadline_on: round.deadline_on, closes_on: round.closes_on },
      warnings: roundDateWarnings(round),
      saved: state.saved === true,
      hasErrors: problems.length > 0,
      errors: problems.map((p) => ({ id: p.id, summary: p.message })),
      errorFor: Object.fromEntries(problems.map((p) => [p.id, p.message]))
    })
  }

  app.get('/admin/omgang', { schema: { querystring: z.object({ sparat: queryText(1) }) } }, async (request, reply) => await page(request, reply, { saved: request.query.sparat === '1' }))

  app.post('/admin/omgang', { schema: { body: formBody({ opens_on: formValue, deadline_on: formValue, closes_on: formValue }) } }, async (request, reply) => {
    const body = request.body ?? {}
    const text = (k: string): string => typeof body[k] === 'string' ? (body[k] as string).slice(0, 40) : ''
    const input = { opens_on: text('opens_on'), deadline_on: text('deadline_on'), closes_on: text('closes_on') }
    const round = await currentRound(app.db)
    if (round === undefined) { reply.callNotFound(); return reply }
    const checked = checkRoundDates(input, new Date())
    if (!checked.ok) return await page(request, reply, { status: 422, input, problems: checked.problems })
    await setRoundDates(app.db, round.id, checked.dates, signedIn(request).email, new Date())
    return await reply.redirect('/admin/omgang?sparat=1', 303)
  })
}
