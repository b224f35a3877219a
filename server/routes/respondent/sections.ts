import { z } from 'zod'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { anyFormBody, queryText, type ZodTypeProvider } from '../../http/schemas.js'
import { escapeHtml } from '../../html.js'
import { countryList } from '../../questionnaire/countries.js'
import { parseSectionForm, type ParsedSection, rowBeyondMaximum, stateFromAnswers, storedRowCount, storedRowIndex, type FieldError, type FormState } from '../../questionnaire/form.js'
import type { RowEdit } from '../../questionnaire/kinds/kind.js'
import type { Answers } from '../../questionnaire/answers.js'
import { kindOf } from '../../questionnaire/kinds/index.js'
import type { Section } from '../../questionnaire/types.js'
import { isSectionVisible } from '../../questionnaire/visibility.js'
import { isLinkActive } from '../../survey/links.js'
import { respondentActor } from '../../survey/response-service.js'
import { saveSectionPage } from '../../survey/section-save.js'
import { pageOwner, pageQuestionnaire, respondentHead, withAnswers, type RespondentContext, type RespondentHead, sessionHash } from './context.js'
import { prefillState, sectionHasAnswers } from '../../questionnaire/prefill.js'
import { acceptsGzip, cachedPage, PageCache } from './page-cache.js'
import { layoutData, sessionExpired } from './pages.js'
import { conflictQuestions, partialSaveText, progressSteps, questionViews, reviewSections } from '../../questionnaire/view-model.js'

// One list of country names for every country field on the page, written as short as HTML allows (an option's
// value is its text; end tags are optional), as it is most of a section page.
const countryOptions = countryList.map((c) => `<option>${escapeHtml(c.name)}`).join('')

/** Memory for section pages to send again unchanged (a page and its gzip form are mostly under 100 kB). */
const PAGE_CACHE_BYTES = 32 * 1024 * 1024

type Action =
  | { kind: 'next' | 'later' | 'stay' }
  | { kind: 'add' | 'clear' | 'list', question: string }
  | { kind: 'edit' | 'remove', question: string, index: number }

function parseAction (raw: unknown): Action | null {
  if (raw === undefined || raw === 'next') return { kind: 'next' }
  if (raw === 'later') return { kind: 'later' }
  if (raw === 'stay') return { kind: 'stay' }
  if (typeof raw !== 'string') return null
  const one = /^(add|clear|list):([a-z][a-z0-9_]{0,39})$/.exec(raw)
  if (one !== null) return { kind: one[1] as 'add' | 'clear' | 'list', question: one[2] as string }
  const row = /^(edit|remove):([a-z][a-z0-9_]{0,39}):(\d{1,4})$/.exec(raw)
  if (row !== null) return { kind: row[1] as 'edit' | 'remove', question: row[2] as string, index: Number(row[3]) }
  return null
}

/** The row a page opens for editing, from its query (`ny=q` a new row, `andra=q-3` a saved one), if the part has that question. */
function rowEdit (section: Section, ny: string | undefined, andra: string | undefined): RowEdit | null {
  if (ny !== undefined && section.questions.some((q) => q.id === ny)) return { question: ny, index: null }
  const m = /^([a-z][a-z0-9_]{0,39})-(\d{1,4})$/.exec(andra ?? '')
  if (m !== null && section.questions.some((q) => q.id === m[1])) return { question: m[1] as string, index: Number(m[2]) }
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
  edit?: RowEdit | null
  conflict?: { mine: Answers, stored: Answers } | null
  securityError?: boolean
  savedNotice?: boolean
  removedNotice?: boolean
  /** Some questions were stored although others had errors: says which. */
  partialSave?: string | null
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
      questions: questionViews(qn, section, kind, o.state, errors, o.edit ?? null, opts.icld),
      errors,
      securityError: o.securityError === true,
      savedNotice: o.savedNotice === true,
      removedNotice: o.removedNotice === true,
      partialSave: o.partialSave ?? null,
      prefilledFrom: o.prefilled === true ? ctx.previous?.roundName ?? null : null,
      countryOptions,
      version: ctx.versions[section.id]?.version ?? 0,
      conflict: o.conflict == null ? null : { questions: conflictQuestions(qn, section, o.conflict.mine, o.conflict.stored, kind, opts.icld) }
    }
  }

  /**
   * A part the session's survey does not have: most likely a page of another survey, left open in a tab before this
   * browser opened this survey's link (a browser has one survey open at a time). Says so, instead of "not found".
   */
  function otherSurvey (request: FastifyRequest, reply: FastifyReply, head: RespondentHead, posted: boolean): FastifyReply {
    const title = head.questionnaire.texts.title
    return reply.code(posted ? 409 : 404).view('error', {
      ...layoutData(app, request, head),
      title: posted ? 'Svaren på sidan är inte sparade' : 'Sidan hör till en annan enkät',
      text: `${posted ? 'Det som stod på sidan är inte sparat. ' : ''}I den här webbläsaren är nu enkäten ${title} öppen, och den har ingen sådan del. Har ni öppnat en annan enkät efter den här sidan? En webbläsare kan ha en enkät öppen åt gången: öppna länken i e-postmeddelandet om den enkät ni vill svara på igen.`,
      status: posted ? 409 : 404
    })
  }

  function render (request: FastifyRequest, reply: FastifyReply, ctx: RespondentContext, section: Section, o: RenderOptions): FastifyReply {
    return reply.code(o.status ?? 200).view('respondent/section', pageData(request, ctx, section, o))
  }

  // A page asked for again (reloaded, or reached with the back button) is sent as made the last time, as long as
  // nothing it shows has changed: one query instead of seven, and no rendering. Section pages are the largest a
  // respondent gets (a country list in every row), so they are sent gzipped to browsers that take it. They reflect
  // nothing from the request but which row is open (a question of the part and a number), which keeps compression safe from BREACH-style
  // guessing of the CSRF token.
  app.get('/enkat/del/:section', { schema: { params: sectionParams, querystring: z.object({ ny: queryText(40), andra: queryText(46), sparat: queryText(1), borttaget: queryText(1) }) } }, async (request, reply) => {
    const now = new Date()
    const head = await respondentHead(app, request, now)
    const section = (await pageQuestionnaire(app, head, request.params.section)).findSection(request.params.section)
    if (section === undefined) return head === null ? reply.callNotFound() : otherSurvey(request, reply, head, false)
    if (head === null) return sessionExpired(reply)
    if (head.roundState !== 'open') return reply.redirect('/enkat/granska', 303)
    const edit = rowEdit(section, request.query.ny, request.query.andra)
    const savedNotice = request.query.sparat === '1'
    const removedNotice = request.query.borttaget === '1'
    const key = `${sessionHash(request)} ${section.id} ${edit === null ? '' : `${edit.question}-${edit.index ?? 'ny'}`} ${savedNotice ? 's' : ''}${removedNotice ? 'b' : ''}`
    const fingerprint = JSON.stringify(head)
    let page = pages.get(key, fingerprint)
    if (page === undefined) {
      const ctx = await withAnswers(app, head, now)
      // A page never saved in this round starts from the organisation's answers of the last round it answered.
      const previous = head.versions[section.id] === undefined ? ctx.previousAnswers : null
      const prefilled = previous !== null && sectionHasAnswers(section, previous)
      const state = prefilled ? prefillState(section, previous) : stateFromAnswers(section, ctx.answers)
      page = cachedPage(app.renderView('respondent/section', pageData(request, ctx, section, { state, edit, savedNotice, removedNotice, prefilled })))
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
    if (section === undefined) return head === null ? reply.callNotFound() : otherSurvey(request, reply, head, true)
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
    const input = action?.kind === 'clear' ? { ...body, [action.question]: undefined } : body
    const prefilled = body._forifylld === '1' && head.versions[section.id] === undefined
    const show = async (parsed: ParsedSection, o: Omit<RenderOptions, 'state'>): Promise<FastifyReply> =>
      render(request, reply, await withAnswers(app, await respondentHead(app, request, now) ?? head, now), section, { ...o, state: parsed.state, prefilled })
    const version = parseVersion(body.version)
    if (action === null || version === null) {
      return await show(parseSectionForm(qn, section, input), { status: 400, errors: [{ id: 'save', question: '', message: 'Formuläret kunde inte läsas.', summary: 'Formuläret kunde inte läsas. Kontrollera svaren och spara igen.' }] })
    }
    if ('question' in action && !section.questions.some((q) => q.id === action.question)) {
      return await show(parseSectionForm(qn, section, input), { status: 400, errors: [] })
    }
    // A page made from last round's answers is stored whole or not at all; otherwise a bad answer keeps only itself back.
    const result = await saveSectionPage(app.db, pageOwner(head), section, input, { partial: !prefilled, expectedVersion: version, findNext: action.kind === 'next' }, now, respondentActor(sessionHash(request)))
    if (result.kind === 'invalid') return await show(result.parsed, { status: 422, errors: result.parsed.errors })
    if (result.kind === 'partial') {
      return await show(result.parsed, { status: 422, errors: result.parsed.errors, partialSave: partialSaveText(qn, result.saved, result.unsaved) })
    }
    if (result.kind === 'conflict') {
      const stored = await withAnswers(app, await respondentHead(app, request, now) ?? head, now)
      return render(request, reply, stored, section, {
        status: 409, state: result.parsed.state, conflict: { mine: { ...stored.answers, ...result.parsed.answers }, stored: stored.answers }
      })
    }
    return reply.redirect(target(action, section, result.parsed.state, result.next), 303)
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
function target (action: Action, section: Section, state: FormState, next: Section | 'review' | null): string {
  const base = `/enkat/del/${section.id}`
  if (action.kind === 'later') return '/enkat/sparat'
  // Enter in a field submits the form with its first button: save, stay on the page and say so; add nothing.
  if (action.kind === 'stay') return `${base}?sparat=1`
  if (!('question' in action)) return next === null || next === 'review' ? '/enkat/granska' : `/enkat/del/${next.id}`
  const q = action.question
  if (action.kind === 'list') return `${base}?sparat=1#${q}`
  if (action.kind === 'add') return `${base}?ny=${q}#${q}-${storedRowCount(state, q)}-${firstField(section, q)}`
  if (!('index' in action)) return `${base}#${q}`
  // Rows left empty or ended are not stored, so the row asked for may have moved up.
  const at = storedRowIndex(state, q, action.index)
  if (at === null) return `${base}#${q}`
  if (action.kind === 'edit') return `${base}?andra=${q}-${at}#${q}-${at}-${firstField(section, q)}`
  return `${base}/ta-bort/${q}/${at}`
}

function firstField (section: Section, questionId: string): string {
  const q = section.questions.find((x) => x.id === questionId)
  return q === undefined ? '' : kindOf(q).rowList?.(q).firstField ?? ''
}
