import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { formBody, formValue, queryText, type ZodTypeProvider } from '../../http/schemas.js'
import type { MailingKind } from '../../db/schema.js'
import { organisationChoices } from '../../admin/organisations.js'
import { findActiveLinkByCode } from '../../survey/links.js'
import { checkMailing, DEFAULT_SEND_TIME, type Mailing, mailingKinds, mailingProgress, retryMailing, mailingNames, overrideNote, parseMailingKind, previewMailing, roundMailings, scheduleMailing, startMailing, unscheduleMailing } from '../../mail/mailings.js'
import { mailPlaceholders, placeholderProblem } from '../../mail/placeholders.js'
import { renderFor, saveTemplate, templateFor, type Template } from '../../mail/templates.js'
import { formatDate, formatTime, isCalendarDate } from '../../survey/clock.js'
import { requireCurrentRound, type Round } from '../../survey/rounds.js'
import { hasForbiddenText } from '../../http/text-safety.js'
import { adminView, signedIn, surveyOf, surveyPath } from './guard.js'

const kindParams = z.object({ kind: z.string().max(40) })

/** Whether a mailing has gone out (started, not only planned): its text is then fixed. */
const isSent = (m: Mailing | null | undefined): boolean => m != null && m.status !== 'scheduled'

interface PageState { status?: number, errors?: Record<string, string>, template?: Template, notice?: string, /** The planning form as typed. */ plan?: { date: string, time: string } }

/** The mailings: status, recipients, template editing, preview for one organisation, confirmed sending and schedules. */
export async function mailingRoutes (plain: FastifyInstance): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>()
  const round = async (request: FastifyRequest): Promise<Round> => await requireCurrentRound(app.db, surveyOf(request).id)

  app.get('/admin/utskick', async (request, reply) => {
    const r = await round(request)
    const mailings = await roundMailings(app.db, r.id)
    const rows = await Promise.all(mailingKinds.map(async (kind) => ({ kind, name: mailingNames[kind], mailing: mailings[kind] ?? null, recipients: await previewMailing(app.db, r.id, kind) })))
    return adminView(app, request, reply, 'mailings', { title: 'Utskick', nav: 'mailings', rows, formatTime, formatDate })
  })

  async function page (request: FastifyRequest, reply: FastifyReply, kind: MailingKind, state: PageState = {}, previewCode?: string): Promise<FastifyReply> {
    const r = await round(request)
    const mailing = (await roundMailings(app.db, r.id))[kind] ?? null
    const recipients = await previewMailing(app.db, r.id, kind)
    const check = await checkMailing(app.db, r, kind, new Date(), false)
    // Once sent, the stored text is the one that went out: a refused edit never shows in its place.
    const template = isSent(mailing) ? await templateFor(app.db, r.id, kind) : state.template ?? await templateFor(app.db, r.id, kind)
    const orgCode = previewCode ?? '0180'
    const org = await findActiveLinkByCode(app.db, r.id, orgCode)
    const preview = org === undefined ? null : renderFor({
      kind, template, organisationName: org.name, contactName: null, nonce: org.nonce, deadlineOn: r.deadline_on, roundName: r.name
    }, { linkKey: app.linkKey, publicUrl: app.config.publicUrl, mailFrom: app.config.mailFrom, contactEmail: app.config.contactEmail, maskLink: true })
    const organisations = await organisationChoices(app.db, r.id)
    const { counts, failed } = mailing === null ? { counts: {}, failed: [] } : await mailingProgress(app.db, mailing.id)
    return adminView(app, request, reply, 'mailing', {
      title: mailingNames[kind], nav: 'mailings', kind, name: mailingNames[kind], mailing, sent: isSent(mailing), recipients, check, template, preview,
      placeholders: mailPlaceholders, overrideNote,
      previewOrg: org?.code ?? orgCode, organisations, failed,
      counts, errors: state.errors ?? {}, notice: state.notice ?? null, plan: state.plan ?? null,
      hasErrors: Object.keys(state.errors ?? {}).length > 0, formatTime, formatDate, closesOn: r.closes_on, roundId: r.id
    }).code(state.status ?? 200)
  }

  function refused (request: FastifyRequest, reply: FastifyReply, reason: string): FastifyReply {
    return reply.code(400).view('error', { title: 'Utskicket finns inte', text: reason, status: 400, admin: request.admin, csrf: app.csrfToken(request), nav: 'mailings' })
  }

  app.get('/admin/utskick/:kind', { schema: { params: kindParams, querystring: z.object({ org: queryText(10) }) } }, async (request, reply) => {
    const kind = parseMailingKind(request.params.kind)
    if (!kind.ok) return refused(request, reply, kind.reason)
    return await page(request, reply, kind.kind, {}, request.query.org)
  })

  app.post('/admin/utskick/:kind/mall', { schema: { params: kindParams, body: formBody({ subject: formValue, body: formValue }) } }, async (request, reply) => {
    const kind = parseMailingKind(request.params.kind)
    if (!kind.ok) return refused(request, reply, kind.reason)
    const body = request.body ?? {}
    const template = { subject: typeof body.subject === 'string' ? body.subject.trim() : '', body: typeof body.body === 'string' ? body.body.replace(/\r\n/g, '\n').trim() : '' }
    const errors: Record<string, string> = {}
    if (template.subject === '' || template.subject.length > 200 || /[\r\n]/.test(template.subject)) errors.subject = 'Ange en ämnesrad på högst 200 tecken, på en rad.'
    if (template.body === '' || template.body.length > 10_000) errors.body = 'Skriv en text på högst 10 000 tecken.'
    if (errors.subject === undefined && hasForbiddenText(template.subject)) errors.subject = 'Ämnesraden innehåller tecken som inte är tillåtna (till exempel styrtecken).'
    if (errors.body === undefined && hasForbiddenText(template.body)) errors.body = 'Texten innehåller tecken som inte är tillåtna (till exempel styrtecken).'
    const unknown = { subject: placeholderProblem('Ämnesraden', template.subject), body: placeholderProblem('Texten', template.body) }
    if (errors.subject === undefined && unknown.subject !== null) errors.subject = unknown.subject
    if (errors.body === undefined && unknown.body !== null) errors.body = unknown.body
    const r = await round(request)
    if (isSent((await roundMailings(app.db, r.id))[kind.kind])) {
      return await page(request, reply, kind.kind, { status: 409, errors: { mall: `${mailingNames[kind.kind]} har redan skickats. Texten som skickades kan inte ändras i efterhand.` } })
    }
    if (Object.keys(errors).length > 0) return await page(request, reply, kind.kind, { status: 422, errors, template })
    await saveTemplate(app.db, r.id, kind.kind, template, new Date(), signedIn(request).email)
    return await reply.redirect(surveyPath(request, `/utskick/${kind.kind}#mall`), 303)
  })

  app.post('/admin/utskick/:kind/skicka', { schema: { params: kindParams, body: formBody({ confirm: formValue, override: formValue }) } }, async (request, reply) => {
    const kind = parseMailingKind(request.params.kind)
    if (!kind.ok) return refused(request, reply, kind.reason)
    const body = request.body ?? {}
    if (body.confirm !== 'yes') return await page(request, reply, kind.kind, { status: 422, errors: { confirm: 'Bekräfta att utskicket ska skickas till mottagarna ovan.' } })
    const r = await round(request)
    const result = await startMailing(app.db, r, kind.kind, new Date(), body.override === 'yes', signedIn(request).email)
    if (!result.ok) return await page(request, reply, kind.kind, { status: 422, errors: { send: result.reason } })
    app.mailer.kick()
    return await reply.redirect(surveyPath(request, `/utskick/${kind.kind}`), 303)
  })

  app.post('/admin/utskick/:kind/planera', { schema: { params: kindParams, body: formBody({ action: formValue, date: formValue, time: formValue }) } }, async (request, reply) => {
    const kind = parseMailingKind(request.params.kind)
    if (!kind.ok) return refused(request, reply, kind.reason)
    const body = request.body ?? {}
    const r = await round(request)
    if (body.action === 'remove') {
      await unscheduleMailing(app.db, r.id, kind.kind, signedIn(request).email)
      return await reply.redirect(surveyPath(request, `/utskick/${kind.kind}`), 303)
    }
    const date = typeof body.date === 'string' ? body.date.trim().slice(0, 40) : ''
    const time = typeof body.time === 'string' && body.time.trim() !== '' ? body.time.trim().replace('.', ':').slice(0, 40) : DEFAULT_SEND_TIME
    const refuse = async (reason: string): Promise<FastifyReply> => await page(request, reply, kind.kind, { status: 422, errors: { date: reason }, plan: { date, time } })
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return await refuse('Ange ett datum som ÅÅÅÅ-MM-DD.')
    if (!isCalendarDate(date)) return await refuse(`Datumet ${date} finns inte i kalendern. Ange ett datum som ÅÅÅÅ-MM-DD.`)
    const result = await scheduleMailing(app.db, r, kind.kind, date, new Date(), time, signedIn(request).email)
    if (!result.ok) return await refuse(result.reason)
    return await reply.redirect(surveyPath(request, `/utskick/${kind.kind}`), 303)
  })

  app.post('/admin/utskick/:kind/forsok-igen', { schema: { params: kindParams } }, async (request, reply) => {
    const kind = parseMailingKind(request.params.kind)
    if (!kind.ok) return refused(request, reply, kind.reason)
    await retryMailing(app.db, (await round(request)).id, kind.kind, signedIn(request).email, new Date())
    app.mailer.kick()
    return await reply.redirect(surveyPath(request, `/utskick/${kind.kind}`), 303)
  })
}
