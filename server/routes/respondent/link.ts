import { randomBytes } from 'node:crypto'
import { formBody, formValue, type ZodTypeProvider } from '../../http/schemas.js'
import { z } from 'zod'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { FailureLimiter } from '../../admin/failure-limiter.js'
import { sameSecret } from '../../http/same-secret.js'
import { findActiveLink, findLinkOrganisation, oldLinkFacts } from '../../survey/links.js'
import { openResponse } from '../../survey/responses.js'
import { laterRound, roundState } from '../../survey/rounds.js'
import { roundMailings } from '../../mail/mailings.js'
import { templateFor } from '../../mail/templates.js'
import { formatDate, formatTime } from '../../survey/clock.js'
import { deadlineSentence } from './pages.js'

export interface LinkLimit { limit: number, windowMs: number }


/**
 * Opening a personal link in two steps. GET /s/<token> only shows a page with an "Öppna enkäten" button: mail
 * scanners and link previews that fetch the address (GET or HEAD) start no session and count as no opening. The
 * button posts the token in the body (with a double-submit token against login CSRF) to /enkat/oppna, which starts
 * the session, records the opening and redirects to an address without the token. A browser that already has a
 * session for the same link goes straight on. Unknown, revoked and malformed tokens look the same; only failures
 * are limited per client address, so a valid link always opens. Tokens carry 256 bits: the limit is a brake on
 * noise, not what keeps them secret.
 */
export async function linkRoutes (plain: FastifyInstance, opts: { limit: LinkLimit }): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>()
  const failures = new FailureLimiter(opts.limit.limit, opts.limit.windowMs)
  const secure = app.config.publicUrl.startsWith('https:')
  // __Host- over https: no sibling subdomain or plain-http page can plant it (that would open the attacker's link).
  const OPEN_COOKIE = secure ? '__Host-enkat_open' : 'enkat_open'
  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'strict' as const, secure }

  function notFound (request: FastifyRequest, reply: FastifyReply): FastifyReply {
    if (!failures.allowed(request.ip)) {
      return reply.code(429).header('Retry-After', String(Math.ceil(opts.limit.windowMs / 1000))).view('error', {
        title: 'För många försök', text: 'Många ogiltiga länkar har öppnats härifrån på kort tid. Vänta en stund och försök sedan igen med länken i e-postmeddelandet.', status: 429
      })
    }
    failures.fail(request.ip)
    return reply.code(404).view('respondent/link-not-found', { title: 'Länken fungerar inte' })
  }

  /**
   * A link of an earlier round, once a later round exists, leads to a page about the later round: when it opens, and
   * that its own link comes by e-mail (with the invitation's date and subject once it has gone out). Nothing opens.
   */
  async function oldLink (request: FastifyRequest, reply: FastifyReply, link: { round_id: number, organisation_id: number }): Promise<boolean> {
    const later = await laterRound(app.db, link.round_id)
    if (later === undefined) return false
    const [old, mailings, template] = await Promise.all([oldLinkFacts(app.db, link), roundMailings(app.db, later.id), templateFor(app.db, later.id, 'invitation')])
    const invitation = mailings.invitation
    await reply.code(410).view('respondent/old-link', {
      title: `Länken gällde omgång ${old.roundName}`,
      surveyTitle: old.surveyTitle,
      organisation: old.organisation,
      old: { name: old.roundName, closes: formatDate(old.closesOn) },
      round: { name: later.name, opens: formatDate(later.opens_on), deadline: formatDate(later.deadline_on), state: roundState(later, new Date()) },
      invitation: invitation?.queued_at == null ? null : { at: formatTime(invitation.queued_at), subject: template.subject.replace('{deadline}', formatDate(later.deadline_on)) }
    })
    request.log.info({ round: old.roundName, later: later.name }, 'old round link opened')
    return true
  }

  app.get('/s/:token', { schema: { params: z.object({ token: z.string().max(2000).catch('') }) } }, async (request, reply) => {
    const link = await findActiveLink(app.db, request.params.token)
    if (link === undefined) return notFound(request, reply)
    if (await oldLink(request, reply, link)) return reply
    if (request.session?.kind === 'respondent' && request.session.link_id === link.id) return reply.redirect('/enkat', 303)
    const organisation = await findLinkOrganisation(app.db, link.id)
    const open = randomBytes(24).toString('base64url')
    reply.setCookie(OPEN_COOKIE, open, cookieOptions)
    const state = roundState(organisation, new Date())
    return reply.view('respondent/open-link', {
      title: state === 'closed' ? 'Enkäten är stängd' : 'Öppna enkäten',
      surveyTitle: organisation.surveyTitle,
      organisation,
      round: { name: organisation.roundName, state, opens: formatDate(organisation.opens_on), closes: formatDate(organisation.closes_on), deadline: deadlineSentence(organisation, new Date()) },
      token: request.params.token,
      open
    })
  })

  app.post('/enkat/oppna', { schema: { body: formBody({ token: formValue, _open: formValue }) } }, async (request, reply) => {
    const body = request.body ?? {}
    const token = typeof body.token === 'string' ? body.token : ''
    if (!sameSecret(body._open, request.cookies[OPEN_COOKIE])) {
      return reply.code(403).view('error', { title: 'Enkäten kunde inte öppnas', text: 'Sidan hade varit öppen för länge eller kom från en annan webbplats. Öppna länken i e-postmeddelandet igen.', status: 403 })
    }
    const link = await findActiveLink(app.db, token)
    if (link === undefined) return notFound(request, reply)
    if (await oldLink(request, reply, link)) return reply
    reply.clearCookie(OPEN_COOKIE, cookieOptions)
    await openResponse(app.db, link.round_id, link.organisation_id, new Date())
    await app.startSession(reply, { kind: 'respondent', linkId: link.id })
    return reply.redirect('/enkat', 303)
  })
}
