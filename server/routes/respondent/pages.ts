import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { formBody, formValue, queryText, type ZodTypeProvider } from '../../http/schemas.js'
import { visibleSections } from '../../questionnaire/visibility.js'
import { formatDate, formatTime, swedishDate } from '../../survey/clock.js'
import { respondentActor, submitResponse } from '../../survey/response-service.js'
import { respondentContext, type RespondentHead, sessionHash } from './context.js'
import { changesSince, pendingPrefill } from '../../questionnaire/prefill.js'
import { progressSteps, reviewSections } from '../../questionnaire/view-model.js'
import { taskList } from '../../questionnaire/task-list.js'
import type { Round } from '../../survey/rounds.js'

/** Common data for every respondent page's layout. */
export function layoutData (app: FastifyInstance, request: FastifyRequest, ctx: RespondentHead): Record<string, unknown> {
  return {
    orgName: ctx.organisation.name,
    surveyTitle: ctx.questionnaire.texts.title,
    csrf: app.csrfToken(request),
    round: { name: ctx.round.name, deadline: formatDate(ctx.round.deadline_on), closes: formatDate(ctx.round.closes_on), opens: formatDate(ctx.round.opens_on) },
    roundState: ctx.roundState,
    deadline: deadlineSentence(ctx.round, new Date()),
    submitted: ctx.response?.status === 'submitted',
    submittedAt: ctx.response?.submitted_at == null ? null : formatTime(ctx.response.submitted_at),
    respondentNav: true
  }
}

/**
 * The one sentence about when to answer by, for a respondent who has not sent in: the deadline, or once it has
 * passed while the round still takes answers, both days in one sentence.
 */
export function deadlineSentence (round: Pick<Round, 'deadline_on' | 'closes_on'>, now: Date): string {
  if (swedishDate(now) <= round.deadline_on) return `Svara senast den ${formatDate(round.deadline_on)}.`
  return `Sista svarsdagen var den ${formatDate(round.deadline_on)}, men ni kan fortfarande svara till och med den ${formatDate(round.closes_on)}.`
}

/** The page shown when a respondent page is asked for without a valid session. */
export function sessionExpired (reply: FastifyReply, input?: unknown): FastifyReply {
  return reply.code(401).view('respondent/session-expired', { title: 'Öppna länken igen', input: input ?? null })
}

/** Start, review, submit, receipt and "saved for later" pages. */
export async function pageRoutes (plain: FastifyInstance, opts: { icld: ReadonlySet<string> }): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>()
  app.get('/enkat', async (request, reply) => {
    const ctx = await respondentContext(app, request)
    if (ctx === null) return sessionExpired(reply)
    const qn = ctx.questionnaire
    const shown = visibleSections(qn, ctx.shown)
    const firstUnsaved = shown.find((s) => ctx.versions[s.id] === undefined)
    const pending = new Set(pendingPrefill(qn, ctx.shown, ctx.versions, ctx.previousAnswers).map((s) => s.id))
    const prefilledFrom = pending.size > 0 ? ctx.previous?.roundName ?? null : null
    return reply.view('respondent/start', {
      ...layoutData(app, request, ctx),
      title: qn.texts.title,
      surveyTitle: qn.texts.title,
      intro: qn.texts.intro,
      tasks: taskList(qn, ctx.shown, ctx.versions, pending, ctx.organisation.kind, prefilledFrom),
      prefilledFrom,
      partCount: qn.sections.length,
      continueHref: firstUnsaved === undefined ? '/enkat/granska' : `/enkat/del/${firstUnsaved.id}`,
      started: Object.keys(ctx.versions).length > 0
    })
  })

  app.get('/enkat/granska', { schema: { querystring: z.object({ ifyllda: queryText(1) }) } }, async (request, reply) => {
    const ctx = await respondentContext(app, request)
    if (ctx === null) return sessionExpired(reply)
    const previous = ctx.previousAnswers
    const qn = ctx.questionnaire
    const pending = pendingPrefill(qn, ctx.shown, ctx.versions, previous)
    const changes = previous === null ? null : changesSince(qn, ctx.answers, previous, ctx.organisation.kind, opts.icld)
    return reply.view('respondent/review', {
      ...layoutData(app, request, ctx),
      title: ctx.roundState === 'open' ? 'Granska och skicka in' : 'Era svar',
      progress: progressSteps(qn, ctx.shown, ctx.versions, 'review'),
      sections: reviewSections(qn, ctx.shown, ctx.organisation.kind, opts.icld).map((s) => ({
        ...s,
        pending: pending.some((p) => p.id === s.id),
        questions: (s.questions as Array<Record<string, unknown>>).map((q) => ({ ...q, change: changes === null || pending.some((p) => p.id === s.id) ? null : changes.get(String(q.id)) ?? null }))
      })),
      previousRound: ctx.previous?.roundName ?? null,
      pending: pending.map((p) => ({ letter: p.letter, title: p.title, href: `/enkat/del/${p.id}` })),
      notSentBecausePending: request.query.ifyllda === '1',
      editable: ctx.roundState === 'open'
    })
  })

  app.post('/enkat/skicka', { schema: { body: formBody({ _csrf: formValue }) } }, async (request, reply) => {
    const ctx = await respondentContext(app, request)
    if (ctx === null) return sessionExpired(reply)
    if (!app.csrfValid(request, request.body?._csrf)) {
      return reply.code(403).view('error', { ...layoutData(app, request, ctx), title: 'Svaren skickades inte in', text: 'Sidan hade varit öppen för länge eller kom från en annan webbplats, så vi kunde inte säkert ta emot inskickningen. Gå tillbaka till granskningssidan och skicka in igen.', status: 403 })
    }
    if (ctx.roundState !== 'open') return reply.redirect('/enkat/granska', 303)
    // Pages that still show only last round's answers must be checked and saved before the response is sent in.
    if (pendingPrefill(ctx.questionnaire, ctx.shown, ctx.versions, ctx.previousAnswers).length > 0) return reply.redirect('/enkat/granska?ifyllda=1', 303)
    await submitResponse(app.db, ctx.response.id, new Date(), respondentActor(sessionHash(request)))
    return reply.redirect('/enkat/kvitto', 303)
  })

  app.get('/enkat/kvitto', async (request, reply) => {
    const ctx = await respondentContext(app, request)
    if (ctx === null) return sessionExpired(reply)
    if (ctx.response.status !== 'submitted') return reply.redirect('/enkat/granska', 303)
    return reply.view('respondent/receipt', { ...layoutData(app, request, ctx), title: 'Tack för era svar' })
  })

  app.get('/enkat/sparat', async (request, reply) => {
    const ctx = await respondentContext(app, request)
    if (ctx === null) return sessionExpired(reply)
    return reply.view('respondent/saved', { ...layoutData(app, request, ctx), title: 'Era svar är sparade' })
  })

  app.post('/enkat/avsluta', { schema: { body: formBody({ _csrf: formValue }) } }, async (request, reply) => {
    if (request.session === null) return reply.view('respondent/signed-out', { title: 'Ni har loggat ut' })
    if (!app.csrfValid(request, request.body?._csrf)) {
      return reply.code(403).view('error', { title: 'Utloggningen kunde inte göras', text: 'Sidan hade varit öppen för länge. Gå tillbaka, ladda om sidan och logga ut igen.', status: 403 })
    }
    await app.endSession(request, reply)
    return reply.view('respondent/signed-out', { title: 'Ni har loggat ut' })
  })
}
