import { z } from 'zod'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { formBody, formValue, queryText, type ZodTypeProvider } from '../../http/schemas.js'
import { classificationOf, classifications } from '../../reference/classifications.js'
import { addDays, formatDate, formatTime, swedishDate } from '../../survey/clock.js'
import { linkKey } from '../../survey/links.js'
import { checkNewRound, createRound, type NewRoundInput, type NewRoundProblem, RoundExists, roundSummaries } from '../../survey/new-round.js'
import { checkReopen, checkRoundDates, closeRoundNow, datesKey, reopenRound, roundDateWarnings, setRoundDates, type DateProblem, type RoundDates } from '../../survey/round-dates.js'
import { currentRound, roundState, workingDayFrom } from '../../survey/rounds.js'
import { adminView, signedIn, surveyOf, surveyPath } from './guard.js'

interface PageState {
  status?: number
  input?: RoundDates
  problems?: Array<{ id: DateProblem['id'] | 'reopen_closes_on', message: string }>
  created?: boolean
  newInput?: NewRoundInput
  newProblems?: NewRoundProblem[]
  /** Warnings about dates not yet saved, and the dates they were given for (saved only when posted again unchanged). */
  pending?: { form: 'dates' | 'new' | 'reopen', warnings: string[], key: string }
  /** "Stäng omgången nu" was pressed: ask before closing. */
  askClose?: boolean
  done?: string
  reopenInput?: string
}

const doneNotices: Record<string, string> = {
  sparat: 'Datumen är sparade.',
  stangd: 'Omgången är stängd. Ingen kan längre svara; de svar som redan skickats in finns kvar.',
  oppnad: 'Omgången är öppen igen och tar emot svar till och med den nya stängningsdagen.'
}

const stateNames = { not_open: 'Inte öppnad', open: 'Öppen', closed: 'Stängd' } as const

/**
 * The survey rounds: the current round's dates (shown with warnings for weekends and holidays, changed through a
 * checked, audited form), every round with its state, and the form that creates the next round once this one closed.
 */
export async function roundRoutes (plain: FastifyInstance): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>()
  async function page (request: FastifyRequest, reply: FastifyReply, state: PageState): Promise<FastifyReply> {
    const round = await currentRound(app.db, surveyOf(request).id)
    const problems = [...(state.problems ?? []), ...(state.newProblems ?? []).map((p) => ({ id: `new_${p.id}`, message: p.message }))]
    if (round === undefined) return firstRound(request, reply, state, problems)
    const now = new Date()
    const nextYear = String(Math.max(Number(round.name) + 1, Number(swedishDate(now).slice(0, 4))))
    const suggestedOpens = workingDayFrom(addDays(swedishDate(now), 14))
    return adminView(app, request, reply.code(state.status ?? 200), 'round', {
      title: `Omgång ${round.name}`, nav: 'round',
      round: { name: round.name, opens: formatDate(round.opens_on), deadline: formatDate(round.deadline_on), closes: formatDate(round.closes_on), state: stateNames[roundState(round, now)], classification: classificationOf(round.classification).name },
      closed: roundState(round, now) === 'closed',
      open: roundState(round, now) === 'open',
      published: round.register_published_at !== null,
      purged: round.purged_at !== null,
      roundId: round.id,
      pending: state.pending ?? null,
      askClose: state.askClose === true,
      notice: state.done === undefined ? null : doneNotices[state.done] ?? null,
      reopenInput: state.reopenInput ?? '',
      input: state.input ?? { opens_on: round.opens_on, deadline_on: round.deadline_on, closes_on: round.closes_on },
      newInput: state.newInput ?? { name: nextYear, opens_on: suggestedOpens, deadline_on: workingDayFrom(addDays(suggestedOpens, 28)), closes_on: workingDayFrom(addDays(suggestedOpens, 56)), classification: round.classification },
      classifications: classifications.map((c) => ({ id: c.id, name: c.name })),
      rounds: (await roundSummaries(app.db, surveyOf(request).id)).map((r) => ({
        name: r.name, opens: formatDate(r.opens_on), closes: formatDate(r.closes_on), state: stateNames[roundState(r, now)],
        submitted: r.submitted, classification: classificationOf(r.classification).shortName, published: r.register_published_at === null ? null : formatTime(r.register_published_at)
      })),
      warnings: roundDateWarnings(round),
      created: state.created === true,
      hasErrors: problems.length > 0,
      errors: problems.map((p) => ({ id: p.id, summary: p.message })),
      errorFor: Object.fromEntries(problems.map((p) => [p.id, p.message]))
    })
  }

  /** The round page of a survey with no round yet: only the form that creates its first one. */
  function firstRound (request: FastifyRequest, reply: FastifyReply, state: PageState, problems: Array<{ id: string, message: string }>): FastifyReply {
    const opens = workingDayFrom(addDays(swedishDate(new Date()), 14))
    return adminView(app, request, reply.code(state.status ?? 200), 'round-first', {
      title: 'Första omgången', nav: 'round',
      pending: state.pending ?? null,
      newInput: state.newInput ?? { name: opens.slice(0, 4), opens_on: opens, deadline_on: workingDayFrom(addDays(opens, 28)), closes_on: workingDayFrom(addDays(opens, 56)), classification: classifications[0]?.id ?? '' },
      classifications: classifications.map((c) => ({ id: c.id, name: c.name })),
      hasErrors: problems.length > 0,
      errors: problems.map((p) => ({ id: p.id, summary: p.message })),
      errorFor: Object.fromEntries(problems.map((p) => [p.id, p.message]))
    })
  }

  app.get('/admin/omgang', { schema: { querystring: z.object({ sparat: queryText(1), skapad: queryText(1), klart: queryText(10) }) } }, async (request, reply) =>
    await page(request, reply, { done: request.query.klart ?? (request.query.sparat === '1' ? 'sparat' : undefined), created: request.query.skapad === '1' }))

  app.post('/admin/omgang', { schema: { body: formBody({ opens_on: formValue, deadline_on: formValue, closes_on: formValue, bekraftat: formValue }) } }, async (request, reply) => {
    const body = request.body ?? {}
    const text = (k: string): string => typeof body[k] === 'string' ? (body[k] as string).slice(0, 40) : ''
    const input = { opens_on: text('opens_on'), deadline_on: text('deadline_on'), closes_on: text('closes_on') }
    const round = await currentRound(app.db, surveyOf(request).id)
    if (round === undefined) { reply.callNotFound(); return reply }
    const checked = checkRoundDates(input, new Date(), round)
    if (!checked.ok) return await page(request, reply, { status: 422, input, problems: checked.problems })
    if (checked.warnings.length > 0 && text('bekraftat') !== datesKey(checked.dates)) {
      return await page(request, reply, { input, pending: { form: 'dates', warnings: checked.warnings, key: datesKey(checked.dates) } })
    }
    const saved = await setRoundDates(app.db, round.id, checked.dates, signedIn(request).email, new Date())
    if (!saved.ok) return await page(request, reply, { status: 409, input, problems: [{ id: 'closes_on', message: saved.reason }] })
    return await reply.redirect(surveyPath(request, '/omgang?klart=sparat'), 303)
  })

  app.post('/admin/omgang/stang', { schema: { body: formBody({ bekrafta: formValue }) } }, async (request, reply) => {
    const round = await currentRound(app.db, surveyOf(request).id)
    if (round === undefined) { reply.callNotFound(); return reply }
    if (request.body?.bekrafta !== 'ja') return await page(request, reply, { askClose: true })
    const closed = await closeRoundNow(app.db, round.id, signedIn(request).email, new Date())
    if (!closed.ok) return await page(request, reply, { status: 409, problems: [{ id: 'closes_on', message: closed.reason }] })
    return await reply.redirect(surveyPath(request, '/omgang?klart=stangd'), 303)
  })

  app.post('/admin/omgang/oppna', { schema: { body: formBody({ closes_on: formValue, bekraftat: formValue }) } }, async (request, reply) => {
    const round = await currentRound(app.db, surveyOf(request).id)
    if (round === undefined) { reply.callNotFound(); return reply }
    const closesOn = typeof request.body?.closes_on === 'string' ? request.body.closes_on.trim().slice(0, 40) : ''
    const now = new Date()
    const checked = checkReopen(round, closesOn, now)
    if (!checked.ok) return await page(request, reply, { status: 422, reopenInput: closesOn, problems: [{ id: 'reopen_closes_on', message: checked.problem }] })
    if (checked.warnings.length > 0 && request.body?.bekraftat !== checked.closes_on) {
      return await page(request, reply, { reopenInput: closesOn, pending: { form: 'reopen', warnings: checked.warnings, key: checked.closes_on } })
    }
    const reopened = await reopenRound(app.db, round.id, checked.closes_on, signedIn(request).email, now)
    if (!reopened.ok) return await page(request, reply, { status: 409, reopenInput: closesOn, problems: [{ id: 'reopen_closes_on', message: reopened.reason }] })
    return await reply.redirect(surveyPath(request, '/omgang?klart=oppnad'), 303)
  })

  app.post('/admin/omgang/ny', { schema: { body: formBody({ name: formValue, opens_on: formValue, deadline_on: formValue, closes_on: formValue, classification: formValue, bekraftat: formValue }) } }, async (request, reply) => {
    const body = request.body ?? {}
    const text = (k: string): string => typeof body[k] === 'string' ? (body[k] as string).trim().slice(0, 40) : ''
    const input = { name: text('name'), opens_on: text('opens_on'), deadline_on: text('deadline_on'), closes_on: text('closes_on'), classification: text('classification'), surveyId: surveyOf(request).id }
    const now = new Date()
    const checked = await checkNewRound(app.db, input, now)
    if (!checked.ok) return await page(request, reply, { status: 422, newInput: input, newProblems: checked.problems })
    if (checked.warnings.length > 0 && text('bekraftat') !== datesKey(checked.dates)) {
      return await page(request, reply, { newInput: input, pending: { form: 'new', warnings: checked.warnings, key: datesKey(checked.dates) } })
    }
    try {
      await createRound(app.db, linkKey(app.config.sessionSecret), { ...input, ...checked.dates }, signedIn(request).email, now)
    } catch (err) {
      if (!(err instanceof RoundExists)) throw err
      return await page(request, reply, { status: 409, newInput: input, newProblems: [{ id: 'name', message: `Namn: ${err.message} Ladda om sidan och kontrollera omgången innan ni skapar en till.` }] })
    }
    return await reply.redirect(surveyPath(request, '/omgang?skapad=1'), 303)
  })
}
