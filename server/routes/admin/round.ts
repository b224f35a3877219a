import { z } from 'zod'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { formBody, formValue, queryText, type ZodTypeProvider } from '../../http/schemas.js'
import { classificationOf, classifications } from '../../reference/classifications.js'
import { addDays, formatDate, formatTime, swedishDate } from '../../survey/clock.js'
import { linkKey } from '../../survey/links.js'
import { checkNewRound, createRound, type NewRoundInput, type NewRoundProblem, RoundExists, roundSummaries } from '../../survey/new-round.js'
import { checkRoundDates, roundDateWarnings, setRoundDates, type DateProblem, type RoundDates } from '../../survey/round-dates.js'
import { currentRound, roundState, workingDayFrom } from '../../survey/rounds.js'
import { adminView, signedIn } from './guard.js'

interface PageState {
  status?: number
  input?: RoundDates
  problems?: DateProblem[]
  saved?: boolean
  created?: boolean
  newInput?: NewRoundInput
  newProblems?: NewRoundProblem[]
}

const stateNames = { not_open: 'Inte öppnad', open: 'Öppen', closed: 'Stängd' } as const

/**
 * The survey rounds: the current round's dates (shown with warnings for weekends and holidays, changed through a
 * checked, audited form), every round with its state, and the form that creates the next round once this one closed.
 */
export async function roundRoutes (plain: FastifyInstance): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>()
  async function page (request: FastifyRequest, reply: FastifyReply, state: PageState): Promise<FastifyReply> {
    const round = await currentRound(app.db)
    if (round === undefined) { reply.callNotFound(); return reply }
    const now = new Date()
    const problems = [...(state.problems ?? []), ...(state.newProblems ?? []).map((p) => ({ id: `new_${p.id}`, message: p.message }))]
    const nextYear = String(Math.max(Number(round.name) + 1, Number(swedishDate(now).slice(0, 4))))
    const suggestedOpens = workingDayFrom(addDays(swedishDate(now), 14))
    return adminView(app, request, reply.code(state.status ?? 200), 'round', {
      title: `Omgång ${round.name}`, nav: 'round',
      round: { name: round.name, opens: formatDate(round.opens_on), deadline: formatDate(round.deadline_on), closes: formatDate(round.closes_on), state: stateNames[roundState(round, now)], classification: classificationOf(round.classification).name },
      closed: roundState(round, now) === 'closed',
      input: state.input ?? { opens_on: round.opens_on, deadline_on: round.deadline_on, closes_on: round.closes_on },
      newInput: state.newInput ?? { name: nextYear, opens_on: suggestedOpens, deadline_on: workingDayFrom(addDays(suggestedOpens, 28)), closes_on: workingDayFrom(addDays(suggestedOpens, 56)), classification: round.classification },
      classifications: classifications.map((c) => ({ id: c.id, name: c.name })),
      rounds: (await roundSummaries(app.db)).map((r) => ({
        name: r.name, opens: formatDate(r.opens_on), closes: formatDate(r.closes_on), state: stateNames[roundState(r, now)],
        submitted: r.submitted, classification: classificationOf(r.classification).shortName, published: r.register_published_at === null ? null : formatTime(r.register_published_at)
      })),
      warnings: roundDateWarnings(round),
      saved: state.saved === true,
      created: state.created === true,
      hasErrors: problems.length > 0,
      errors: problems.map((p) => ({ id: p.id, summary: p.message })),
      errorFor: Object.fromEntries(problems.map((p) => [p.id, p.message]))
    })
  }

  app.get('/admin/omgang', { schema: { querystring: z.object({ sparat: queryText(1), skapad: queryText(1) }) } }, async (request, reply) =>
    await page(request, reply, { saved: request.query.sparat === '1', created: request.query.skapad === '1' }))

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

  app.post('/admin/omgang/ny', { schema: { body: formBody({ name: formValue, opens_on: formValue, deadline_on: formValue, closes_on: formValue, classification: formValue }) } }, async (request, reply) => {
    const body = request.body ?? {}
    const text = (k: string): string => typeof body[k] === 'string' ? (body[k] as string).trim().slice(0, 40) : ''
    const input = { name: text('name'), opens_on: text('opens_on'), deadline_on: text('deadline_on'), closes_on: text('closes_on'), classification: text('classification') }
    const now = new Date()
    const checked = await checkNewRound(app.db, input, now)
    if (!checked.ok) return await page(request, reply, { status: 422, newInput: input, newProblems: checked.problems })
    try {
      await createRound(app.db, linkKey(app.config.sessionSecret), { ...input, ...checked.dates }, signedIn(request).email, now)
    } catch (err) {
      if (!(err instanceof RoundExists)) throw err
      return await page(request, reply, { status: 409, newInput: input, newProblems: [{ id: 'name', message: `Namn: ${err.message} Ladda om sidan och kontrollera omgången innan ni skapar en till.` }] })
    }
    return await reply.redirect('/admin/omgang?skapad=1', 303)
  })
}
