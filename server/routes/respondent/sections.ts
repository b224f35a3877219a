import { z } from 'zod'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { anyFormBody, queryText, type ZodTypeProvider } from '../../http/schemas.js'
import { escapeHtml } from '../../html.js'
import { countryList } from '../../questionnaire/countries.js'
import { parseSectionForm, type ParsedSection, rowBeyondMaximum, stateFromAnswers, type FieldError, type FormState } from '../../questionnaire/form.js'
import type { Answers } from '../../questionnaire/answers.js'
import { kindOf } from '../../questionnaire/kinds/index.js'
import type { Section } from '../../questionnaire/types.js'
import { isSectionVisible } from '../../questionnaire/visibility.js'
import { isLinkActive } from '../../survey/links.js'
import { respondentActor } from '../../survey/response-service.js'
import { saveSectionPage } from '../../survey/section-save.js'
import { pageQuestionnaire, respondentHead, withAnswers, type RespondentContext, sessionHash } from './context.js'
import { prefillState, sectionHasAnswers } from '../../questionnaire/prefill.js'
import { acceptsGzip, cachedPage, PageCache } from './page-cache.js'
import { layoutData, sessionExpired } from './pages.js'
import { progressSteps, questionViews, reviewSections } from '../../questionnaire/view-model.js'

// One list of country names for every country field on the page, written as short as HTML allows (an option's
// value is its text; end tags are optional), as it is most of a section page.
const countryOptions = countryList.map((c) => `<option>${escapeHtml(c.name)}`).join('')

/** Memory for section pages to send again unchanged (a page and its gzip form are mostly under 100 kB). */
const PAGE_CACHE_BYTES = 32 * 1024 * 1024

type Action =
  | { kind: 'next' | 'later' | 'stay' }
  | { kind: 'add' | 'clear', question: string }
  | { kind: 'remove', question: string, index: number }

function parseAction (raw: unknown): Action | null {
  if (raw === undefined || raw === 'next') return { kind: 'next' }
  if (raw === 'later') return { kind: 'later' }
  if (raw === 'stay') return { kind: 'stay' }
  if (typeof raw !== 'string') return null
  const one = /^(add|clear):([a-z][a-z0-9_]{0,39})$/.exec(raw)
  if (one !== null) return { kind: one[1] as 'add' | 'clear', question: one[2] as string }
  const remove = /^remove:([a-z][a-z0-9_]{0,39}):(\d{1,4})$/.exec(raw)
  if (remove !== null) return { kind: 'remove', question: remove[1] as string, index: Number(remove[2]) }
  return null
}

const sectionParams = z.object({ section: z.string().regex(/^[a-z0-9_]{1,20}$/) })

function parseVersion (raw: unknown): number | null {
  return typeof raw === 'string' && /^\d{1,9}$/.test(raw) ? Number(raw) : null
}

interface RenderOptions {
  status?: number
  state: FormState
  errors?: FieldError[]
  extraRows?: number
  conflict?: { mine: Answers, stored: Answers } | null
  securityError?: boolean
  savedNotice?: boolean
  /** The page shows last round's answers, not yet saved in this round. */
  prefilled?: boolean
}

/** The section pages: GET shows stored answers, POST validates, saves and redirects (303). */
export async function sectionRoutes (plain: FastifyInstance, opts: { icld: ReadonlySet<string> }): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>()
  const pages = new PageCache(PAGE_CACHE_BYTES)

  function pageData (request: FastifyRequest, ctx: RespondentContext, section: Section, o: RenderOptions): Record<string, unknown> {
    const errors = o.errors ?? []
    const kind = ctx.organisation.kind
    const qn = ctx.questionnaire
    return {
      ...layoutData(app, request, ctx),
      title: `${section.letter}. ${section.title}`,
      hasErrors: errors.length > 0 || o.securityError === true,
      section: { id: section.id, letter: section.letter, title: section.title, definitions: section.definitions },
      skipped: !isSectionVisible(section, ctx.shown) ? section.skippedBecause : null,
      progress: progressSteps(qn, ctx.shown, ctx.versions, section.id),
      questions: questionViews(qn, section, kind, o.state, errors, o.extraRows ?? 1, opts.icld),
      errors,
      securityError: o.securityError === true,
      savedNotice: o.savedNotice === true,
      prefilledFrom: o.prefilled === true ? ctx.previous?.roundName ?? null : null,
      countryOptions,
      version: ctx.versions[section.id]?.version ?? 0,
      conflict: o.conflict == null
        ? null
        : {
            mine: reviewSections(qn, o.conflict.mine, kind, opts.icld, section.id)[0],
            stored: reviewSections(qn, o.conflict.stored, kind, opts.icld, section.id)[0]
          }
    }
  }

  function render (request: FastifyRequest, reply: FastifyReply, ctx: RespondentContext, section: Section, o: RenderOptions): FastifyReply {
    return reply.code(o.status ?? 200).view('respondent/section', pageData(request, ctx, section, o))
  }

  // A page asked for again (reloaded, or reached with the back button) is sent as made the last time, as long as
  // nothing it shows has changed: one query instead of seven, and no rendering. Section pages are the largest a
  // respondent gets (a country list in every row), so they are sent gzipped to browsers that take it. They reflect
  // nothing from the request but the clamped number of empty rows, which keeps compression safe from BREACH-style
  // guessing of the CSRF token.
  app.get('/enkat/del/:section', { schema: { params: sectionParams, querystring: z.object({ tomma: queryText(6), sparat: queryText(1) }) } }, async (request, reply) => {
    const now = new Date()
    const head = await respondentHead(app, request, now)
    const section = (await pageQuestionnaire(app, head, request.params.section)).findSection(request.params.section)
    if (section === undefined) return reply.callNotFound()
    if (head === null) return sessionExpired(reply)
    if (head.roundState !== 'open') return reply.redirect('/enkat/granska', 303)
    const extra = Math.min(100, Math.max(1, Number.parseInt(request.query.tomma ?? '1', 10) || 1))
    const savedNotice = request.query.sparat === '1'
    const key = `${sessionHash(request)} ${section.id} ${extra} ${savedNotice ? 's' : ''}`
    const fingerprint = JSON.stringify(head)
    let page = pages.get(key, fingerprint)
    if (page === undefined) {
      const ctx = await withAnswers(app, head, now)
      // A page never saved in this round starts from the organisation's answers of the last round it answered.
      const previous = head.versions[section.id] === undefined ? ctx.previousAnswers : null
      const prefilled = previous !== null && sectionHasAnswers(section, previous)
      const state = prefilled ? prefillState(section, previous) : stateFromAnswers(section, ctx.answers)
      page = cachedPage(app.renderView('respondent/section', pageData(request, ctx, section, { state, extraRows: extra, savedNotice, prefilled })))
      // The first opening creates the response, which changes the head: that page is not kept under the old one.
      if (head.response !== null) pages.set(key, fingerprint, page)
    }
    reply.type('text/html; charset=utf-8').header('vary', 'accept-encoding')
    if (!acceptsGzip(request.headers['accept-encoding'])) return reply.send(page.html)
    return reply.header('content-encoding', 'gzip').send(page.gzip)
  })

  // A save reads only the page head; the stored answers are read when a page must be shown again. Nothing posted is
  // parsed, rendered or shown back before the session and its CSRF token hold, and a body naming more rows than a page
  // can have is refused at once: otherwise a small post could make the server build and send a page of many megabytes.
  app.post('/enkat/del/:section', { schema: { params: sectionParams, body: anyFormBody } }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>
    const resumed = await resumeExpired(request, reply, body._csrf)
    const now = new Date()
    const head = await respondentHead(app, request, now)
    const qn = await pageQuestionnaire(app, head, request.params.section)
    const section = qn.findSection(request.params.section)
    if (section === undefined) return reply.callNotFound()
    const flooded = rowBeyondMaximum(section, body)
    if (flooded !== null) {
      return reply.code(413).view('error', { title: 'För många rader', text: `Formuläret innehöll fler rader än tillåtet (högst ${flooded.maxRows}). Ingenting har sparats. Gå tillbaka, ladda om sidan och försök igen.`, status: 413 })
    }
    if (head === null) {
      // What was typed is shown back only to the browser whose (now ended) session made the form.
      const mine = app.csrfValidForCookie(request, body._csrf)
      return sessionExpired(reply, mine ? reviewSections(qn, parseSectionForm(qn, section, body).answers, 'municipality', opts.icld, section.id)[0] : undefined)
    }
    if (head.roundState !== 'open') return reply.code(403).view('respondent/closed', { ...layoutData(app, request, head), title: 'Enkäten är stängd' })
    if (!resumed && !app.csrfValid(request, body._csrf)) {
      const stored = await withAnswers(app, head, now)
      return render(request, reply, stored, section, { status: 403, securityError: true, state: stateFromAnswers(section, stored.answers) })
    }
    const action = parseAction(body._action)
    const removeRow = action?.kind === 'remove' ? { question: action.question, index: action.index } : undefined
    const input = action?.kind === 'clear' ? { ...body, [action.question]: undefined } : body
    const prefilled = body._forifylld === '1' && head.versions[section.id] === undefined
    const show = async (parsed: ParsedSection, o: Omit<RenderOptions, 'state' | 'extraRows'>): Promise<FastifyReply> =>
      render(request, reply, await withAnswers(app, head, now), section, { ...o, state: parsed.state, extraRows: countEmptyRows(parsed.state), prefilled })
    const version = parseVersion(body.version)
    if (action === null || version === null) {
      return await show(parseSectionForm(qn, section, input, removeRow), { status: 400, errors: [{ id: 'save', question: '', message: 'Formuläret kunde inte läsas.', summary: 'Formuläret kunde inte läsas. Kontrollera svaren och spara igen.' }] })
    }
    if ((action.kind === 'add' || action.kind === 'remove' || action.kind === 'clear') && !section.questions.some((q) => q.id === action.question)) {
      return await show(parseSectionForm(qn, section, input, removeRow), { status: 400, errors: [] })
    }
    const owner = { questionnaire: qn, roundId: head.round.id, organisationId: head.organisation.id, responseId: head.response?.id ?? null, versions: head.versions, previousResponseId: head.previous?.responseId ?? null }
    const result = await saveSectionPage(app.db, owner, section, input, { removeRow, expectedVersion: version, findNext: action.kind === 'next' }, now, respondentActor(sessionHash(request)))
    if (result.kind === 'invalid') return await show(result.parsed, { status: 422, errors: result.parsed.errors })
    const emptySubmitted = countEmptyRows(result.parsed.state)
    if (result.kind === 'conflict') {
      const stored = await withAnswers(app, await respondentHead(app, request, now) ?? head, now)
      return render(request, reply, stored, section, {
        status: 409, state: result.parsed.state, extraRows: emptySubmitted, conflict: { mine: result.parsed.answers, stored: stored.answers }
      })
    }
    return reply.redirect(target(action, section, result.parsed.answers, emptySubmitted, result.next), 303)
  })

  /**
   * A respondent away longer than the session lifetime loses nothing: if the expired session's link is still
   * active and the form's CSRF token belongs to that session, a new session is started and the save goes on.
   */
  async function resumeExpired (request: FastifyRequest, reply: FastifyReply, csrf: unknown): Promise<boolean> {
    const expired = request.expiredSession
    if (request.session !== null || expired === null || expired.row.kind !== 'respondent' || expired.row.link_id === null) return false
    if (!app.csrfValidFor(expired.id, csrf)) return false
    if (!(await isLinkActive(app.db, expired.row.link_id))) return false
    await app.startSession(reply, { kind: 'respondent', linkId: expired.row.link_id })
    return true
  }

}

/** Where a saved page leads: the part that comes next or the review, or back to the page for the row buttons. */
function target (action: Action, section: Section, saved: Answers, emptySubmitted: number, next: Section | 'review' | null): string {
  const base = `/enkat/del/${section.id}`
  if (action.kind === 'later') return '/enkat/sparat'
  // Enter in a field submits the form with its first button: save, stay on the page and say so; add nothing.
  if (action.kind === 'stay') return `${base}?sparat=1`
  if (action.kind === 'add') {
    const rows = (saved[action.question] as unknown[] | null)?.length ?? 0
    return `${base}?tomma=${emptySubmitted + 1}#${action.question}-${rows + emptySubmitted}-${firstField(section, action.question)}`
  }
  if (action.kind === 'remove' || action.kind === 'clear') return `${base}#${action.question}`
  return next === null || next === 'review' ? '/enkat/granska' : `/enkat/del/${next.id}`
}

function countEmptyRows (state: FormState): number {
  let n = 0
  for (const v of Object.values(state)) {
    if (Array.isArray(v)) n += v.filter((r) => Object.values(r).every((x) => String(x).trim() === '')).length
  }
  return n
}

function firstField (section: Section, questionId: string): string {
  const q = section.questions.find((x) => x.id === questionId)
  return q === undefined ? '' : kindOf(q).rowList?.(q).firstField ?? ''
}
