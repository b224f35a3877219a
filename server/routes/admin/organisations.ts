import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { formBody, formValue, numericId, organisationCode, queryText, type ZodTypeProvider } from '../../http/schemas.js'
import { findOrganisationByCode, listOrganisations, organisationFilters, organisationMessages, organisationResponse, statusNames, type OrgFilter } from '../../admin/organisations.js'
import { addContact, checkContactInput, findContactOfOrganisation, findOrganisationContact, listContacts, setContactActive, updateContact } from '../../mail/contacts.js'
import { mailingNames } from '../../mail/mailings.js'
import { formatTime } from '../../survey/clock.js'
import { linkUrl, reissueLink, revokeLink } from '../../survey/links.js'
import { findResponse, loadAnswers } from '../../survey/responses.js'
import { actorName } from '../../survey/response-service.js'
import { eraseContact } from '../../survey/privacy.js'
import { roundQuestionnaire } from '../../survey/round-questionnaire.js'
import { requireCurrentRound, type Round } from '../../survey/rounds.js'
import { reviewSections } from '../../questionnaire/view-model.js'
import { adminView, signedIn, surveyOf, surveyPath } from './guard.js'
import { icldCountries } from '../../db/reference-data.js'
import { nameSetOf } from '../../reference/name-sets.js'
import type { MailingKind } from '../../db/schema.js'

const one = (v: unknown): string => typeof v === 'string' ? v.slice(0, 50) : ''
/** Organisations on one page of the list. */
const PAGE_SIZE = 50
const codeParams = z.object({ code: organisationCode })
const contactParams = z.object({ code: organisationCode, id: numericId })

/** The organisations list with filters, each organisation's page, its contacts and its link. */
export async function organisationRoutes (plain: FastifyInstance): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>()
  const icld = icldCountries()
  const round = async (request: FastifyRequest): Promise<Round> => await requireCurrentRound(app.db, surveyOf(request).id)

  app.get('/admin/organisationer', { schema: { querystring: z.object({ sok: queryText(100), typ: queryText(), grupp: queryText(), lan: queryText(), status: queryText(), paminnelser: queryText(), sida: z.coerce.number().int().min(1).max(1000).optional().catch(undefined) }) } }, async (request, reply) => {
    const q = request.query
    const filter: OrgFilter = { search: one(q.sok), kind: one(q.typ), group: one(q.grupp), county: one(q.lan), status: one(q.status), reminders: one(q.paminnelser) }
    const r = await round(request)
    const all = await listOrganisations(app.db, r.id, filter)
    const pages = Math.max(1, Math.ceil(all.length / PAGE_SIZE))
    const page = Math.min(q.sida ?? 1, pages)
    const { mains, groups, counties } = await organisationFilters(app.db, r.id)
    // Filters stay in every link of the page, so a page can be shared or reloaded as it is.
    const kept = new URLSearchParams(Object.entries({ sok: filter.search, typ: filter.kind, grupp: filter.group, lan: filter.county, status: filter.status, paminnelser: filter.reminders })
      .filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''))
    const pageHref = (n: number): string => surveyPath(request, `/organisationer?${new URLSearchParams([...kept, ...(n > 1 ? [['sida', String(n)]] : [])]).toString()}`).replace(/\?$/, '')
    return adminView(app, request, reply, 'organisations', {
      title: 'Organisationer', nav: 'organisations', rows: all.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE), total: all.length, page, pages,
      pageLinks: Array.from({ length: pages }, (_, i) => ({ n: i + 1, href: pageHref(i + 1), current: i + 1 === page })),
      previous: page > 1 ? pageHref(page - 1) : null, next: page < pages ? pageHref(page + 1) : null,
      filter, mains, groups, counties, statusNames, regionsTitle: nameSetOf(r.name_set).regionsTitle
    })
  })

  async function detail (request: FastifyRequest, reply: FastifyReply, code: string, extra: Record<string, unknown> = {}, status = 200): Promise<FastifyReply> {
    const r = await round(request)
    const org = await findOrganisationByCode(app.db, r.id, code)
    if (org === undefined) { reply.callNotFound(); return reply }
    const [status0] = await listOrganisations(app.db, r.id, { id: org.id })
    const { responseId, events } = await organisationResponse(app.db, r.id, org.id)
    const full = responseId === null ? undefined : await findResponse(app.db, responseId)
    const answers = responseId === null ? {} : await loadAnswers(app.db, responseId)
    const messages = await organisationMessages(app.db, r.id, org.id)
    const contacts = await listContacts(app.db, org.id, r.survey_id)
    const qn = await roundQuestionnaire(app.db, r.id)
    return adminView(app, request, reply, 'organisation', {
      title: org.name,
      nav: 'organisations',
      org,
      group: status0?.group == null ? null : { code: status0.group, name: status0.groupName },
      status: status0 === undefined ? '' : statusNames[status0.status],
      response: full === undefined ? null : {
        opened: formatTime(full.first_opened_at),
        saved: full.last_saved_at === null ? null : formatTime(full.last_saved_at),
        submitted: full.submitted_at === null ? null : formatTime(full.submitted_at)
      },
      contacts,
      hasOwnContacts: contacts.some((c) => c.survey_id !== null && c.active === 1),
      messages: messages.map((m) => ({ ...m, kind: mailingNames[m.kind as MailingKind], when: m.sent_at === null ? formatTime(m.created_at) : formatTime(m.sent_at) })),
      sections: full === undefined ? [] : reviewSections(qn, answers, org.kind, icld),
      events: events.map((e) => ({ when: formatTime(e.at), who: actorName(e.actor), what: e.kind === 'submitted' ? 'Skickade in' : e.kind === 'saved' ? `Sparade del ${qn.partName(String(e.section))}` : `Ändrade del ${qn.partName(String(e.section))} efter inskickning` })),
      ...extra
    }).code(status)
  }

  app.get('/admin/organisationer/:code', { schema: { params: codeParams } }, async (request, reply) => await detail(request, reply, request.params.code))

  app.post('/admin/organisationer/:code/kontakter', { schema: { params: codeParams, body: formBody({ email: formValue, name: formValue }) } }, async (request, reply) => {
    const org = await findOrganisationByCode(app.db, (await round(request)).id, request.params.code)
    if (org === undefined) { reply.callNotFound(); return reply }
    const body = request.body ?? {}
    const checked = checkContactInput({ email: body.email, name: body.name })
    const input = { email: one(body.email), name: typeof body.name === 'string' ? body.name.slice(0, 300) : '' }
    if (!checked.ok) return await detail(request, reply, request.params.code, { contactErrors: checked.errors, contactInput: input }, 422)
    if ((await addContact(app.db, org.id, checked.value, new Date(), { actor: signedIn(request).email, action: 'contact_added', detail: `${org.name}: ${checked.value.email}` })) === 'exists') {
      return await detail(request, reply, request.params.code, { contactErrors: { email: 'Adressen finns redan hos organisationen.' }, contactInput: input }, 422)
    }
    return await reply.redirect(surveyPath(request, `/organisationer/${request.params.code}#kontakter`), 303)
  })

  app.post('/admin/organisationer/:code/kontakter/:id', { schema: { params: contactParams, body: formBody({ action: formValue, email: formValue, name: formValue }) } }, async (request, reply) => {
    const contact = await findContactOfOrganisation(app.db, request.params.code, request.params.id, surveyOf(request).id)
    if (contact === undefined) { reply.callNotFound(); return reply }
    const body = request.body ?? {}
    if (body.action === 'deactivate' || body.action === 'activate') {
      await setContactActive(app.db, contact.id, body.action === 'activate', new Date(), { actor: signedIn(request).email, action: `contact_${String(body.action)}d`, detail: `${contact.name}: ${contact.email}` })
      return await reply.redirect(surveyPath(request, `/organisationer/${request.params.code}#kontakter`), 303)
    }
    const checked = checkContactInput({ email: body.email, name: body.name })
    if (!checked.ok) return await detail(request, reply, request.params.code, { editErrors: checked.errors, editId: contact.id }, 422)
    if (!(await updateContact(app.db, contact.id, checked.value, new Date(), { actor: signedIn(request).email, action: 'contact_updated', detail: `${contact.name}: ${contact.email} → ${checked.value.email}` }))) {
      return await detail(request, reply, request.params.code, { editErrors: { email: 'Adressen finns redan hos organisationen.' }, editId: contact.id }, 422)
    }
    return await reply.redirect(surveyPath(request, `/organisationer/${request.params.code}#kontakter`), 303)
  })

  app.post('/admin/organisationer/:code/kontakter/:id/radera', { schema: { params: contactParams } }, async (request, reply) => {
    const contact = await findOrganisationContact(app.db, request.params.code, request.params.id, surveyOf(request).id)
    if (contact === undefined) { reply.callNotFound(); return reply }
    await eraseContact(app.db, contact.id, signedIn(request).email, new Date(), app.config.outboxDir)
    return await reply.redirect(surveyPath(request, `/organisationer/${request.params.code}#kontakter`), 303)
  })

  app.post('/admin/organisationer/:code/lank', { schema: { params: codeParams, body: formBody({ action: formValue }) } }, async (request, reply) => {
    const r = await round(request)
    const org = await findOrganisationByCode(app.db, r.id, request.params.code)
    if (org === undefined) { reply.callNotFound(); return reply }
    if (request.body?.action === 'revoke') {
      await revokeLink(app.db, r.id, org.id, new Date(), { actor: signedIn(request).email, detail: org.name })
      return await detail(request, reply, request.params.code, { linkNotice: 'Länken är spärrad. Organisationen kan inte svara förrän en ny länk skapats.' })
    }
    const token = await reissueLink(app.db, app.linkKey, r.id, org.id, new Date(), { actor: signedIn(request).email, detail: `${org.name} (den nya länken visades för administratören)` })
    return await detail(request, reply, request.params.code, { newLink: linkUrl(app.config.publicUrl, token) })
  })
}
