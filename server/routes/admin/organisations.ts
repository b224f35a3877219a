import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { findOrganisationByCode, listOrganisations, organisationFilters, organisationMessages, organisationResponse, statusNames, type OrgFilter } from '../../admin/organisations.js'
import { addContact, checkContactInput, findContactOfOrganisation, findOrganisationContact, listContacts, setContactActive, updateContact } from '../../mail/contacts.js'
import { mailingNames } from '../../mail/mailings.js'
import { formatTime } from '../../survey/clock.js'
import { linkUrl, reissueLink, revokeLink } from '../../survey/links.js'
import { findResponse, loadAnswers } from '../../survey/responses.js'
import { actorName } from '../../survey/response-service.js'
import { eraseContact } from '../../survey/privacy.js'
import { requireCurrentRound, type Round } from '../../survey/rounds.js'
import { reviewSections } from '../../questionnaire/view-model.js'
import { adminView } from './guard.js'
import { icldCountries } from '../../db/reference-data.js'
import type { MailingKind } from '../../db/schema.js'

const one = (v: unknown): string => typeof v === 'string' ? v.slice(0, 50) : ''

/** The organisations list with filters, each organisation's page, its contacts and its link. */
export async function organisationRoutes (app: FastifyInstance): Promise<void> {
  const icld = icldCountries()
  const round = async (): Promise<Round> => await requireCurrentRound(app.db)

  app.get<{ Querystring: Record<string, unknown> }>('/admin/organisationer', async (request, reply) => {
    const q = request.query
    const filter: OrgFilter = { kind: one(q.typ), group: one(q.grupp), county: one(q.lan), status: one(q.status), reminders: one(q.paminnelser) }
    const r = await round()
    const rows = await listOrganisations(app.db, r.id, filter)
    const { groups, counties } = await organisationFilters(app.db)
    return adminView(app, request, reply, 'organisations', {
      title: 'Organisationer', nav: 'organisations', rows, filter, groups, counties, statusNames
    })
  })

  async function detail (request: FastifyRequest<{ Params: { code: string } }>, reply: FastifyReply, extra: Record<string, unknown> = {}, status = 200): Promise<FastifyReply> {
    const r = await round()
    const org = await findOrganisationByCode(app.db, request.params.code)
    if (org === undefined) { reply.callNotFound(); return reply }
    const [status0] = await listOrganisations(app.db, r.id, { id: org.id })
    const { responseId, events } = await organisationResponse(app.db, r.id, org.id)
    const full = responseId === null ? undefined : await findResponse(app.db, responseId)
    const answers = responseId === null ? {} : await loadAnswers(app.db, responseId)
    const messages = await organisationMessages(app.db, r.id, org.id)
    return adminView(app, request, reply, 'organisation', {
      title: org.name,
      nav: 'organisations',
      org,
      status: status0 === undefined ? '' : statusNames[status0.status],
      response: full === undefined ? null : {
        opened: formatTime(full.first_opened_at),
        saved: full.last_saved_at === null ? null : formatTime(full.last_saved_at),
        submitted: full.submitted_at === null ? null : formatTime(full.submitted_at)
      },
      contacts: await listContacts(app.db, org.id),
      messages: messages.map((m) => ({ ...m, kind: mailingNames[m.kind as MailingKind], when: m.sent_at === null ? formatTime(m.created_at) : formatTime(m.sent_at) })),
      sections: full === undefined ? [] : reviewSections(answers, org.kind, icld),
      events: events.map((e) => ({ when: formatTime(e.at), who: actorName(e.actor), what: e.kind === 'submitted' ? 'Skickade in' : e.kind === 'saved' ? `Sparade del ${String(e.section).toUpperCase()}` : `Ändrade del ${String(e.section).toUpperCase()} efter inskickning` })),
      ...extra
    }).code(status)
  }

  app.get<{ Params: { code: string } }>('/admin/organisationer/:code', async (request, reply) => await detail(request, reply))

  app.post<{ Params: { code: string }, Body: Record<string, unknown> }>('/admin/organisationer/:code/kontakter', async (request, reply) => {
    const org = await findOrganisationByCode(app.db, request.params.code)
    if (org === undefined) { reply.callNotFound(); return reply }
    const body = request.body ?? {}
    const checked = checkContactInput({ email: body.email, name: body.name })
    const input = { email: one(body.email), name: typeof body.name === 'string' ? body.name.slice(0, 300) : '' }
    if (!checked.ok) return await detail(request, reply, { contactErrors: checked.errors, contactInput: input }, 422)
    if (!(await addContact(app.db, org.id, checked.value, new Date(), { actor: request.admin!.email, action: 'contact_added', detail: `${org.name}: ${checked.value.email}` }))) {
      return await detail(request, reply, { contactErrors: { email: 'Adressen finns redan hos organisationen.' }, contactInput: input }, 422)
    }
    return await reply.redirect(`/admin/organisationer/${request.params.code}#kontakter`, 303)
  })

  app.post<{ Params: { code: string, id: string }, Body: Record<string, unknown> }>('/admin/organisationer/:code/kontakter/:id', async (request, reply) => {
    const contact = await findContactOfOrganisation(app.db, request.params.code, Number(request.params.id) || 0)
    if (contact === undefined) { reply.callNotFound(); return reply }
    const body = request.body ?? {}
    if (body.action === 'deactivate' || body.action === 'activate') {
      await setContactActive(app.db, contact.id, body.action === 'activate', new Date(), { actor: request.admin!.email, action: `contact_${String(body.action)}d`, detail: `${contact.name}: ${contact.email}` })
      return await reply.redirect(`/admin/organisationer/${request.params.code}#kontakter`, 303)
    }
    const checked = checkContactInput({ email: body.email, name: body.name })
    if (!checked.ok) return await detail(request, reply, { editErrors: checked.errors, editId: contact.id }, 422)
    if (!(await updateContact(app.db, contact.id, checked.value, new Date(), { actor: request.admin!.email, action: 'contact_updated', detail: `${contact.name}: ${contact.email} → ${checked.value.email}` }))) {
      return await detail(request, reply, { editErrors: { email: 'Adressen finns redan hos organisationen.' }, editId: contact.id }, 422)
    }
    return await reply.redirect(`/admin/organisationer/${request.params.code}#kontakter`, 303)
  })

  app.post<{ Params: { code: string, id: string } }>('/admin/organisationer/:code/kontakter/:id/radera', async (request, reply) => {
    const contact = await findOrganisationContact(app.db, request.params.code, Number(request.params.id) || 0)
    if (contact === undefined) { reply.callNotFound(); return reply }
    await eraseContact(app.db, contact.id, request.admin!.email, new Date())
    return await reply.redirect(`/admin/organisationer/${request.params.code}#kontakter`, 303)
  })

  app.post<{ Params: { code: string }, Body: Record<string, unknown> }>('/admin/organisationer/:code/lank', async (request, reply) => {
    const org = await findOrganisationByCode(app.db, request.params.code)
    if (org === undefined) { reply.callNotFound(); return reply }
    const r = await round()
    if (request.body?.action === 'revoke') {
      await revokeLink(app.db, r.id, org.id, new Date(), { actor: request.admin!.email, detail: org.name })
      return await detail(request, reply, { linkNotice: 'Länken är spärrad. Organisationen kan inte svara förrän en ny länk skapats.' })
    }
    const token = await reissueLink(app.db, app.linkKey, r.id, org.id, new Date(), { actor: request.admin!.email, detail: `${org.name} (den nya länken visades för administratören)` })
    return await detail(request, reply, { newLink: linkUrl(app.config.publicUrl, token) })
  })
}
