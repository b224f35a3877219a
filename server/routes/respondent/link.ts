import type { FastifyInstance } from 'fastify'
import { FailureLimiter } from '../../admin/failure-limiter.js'
import { findActiveLink } from '../../survey/links.js'
import { openResponse } from '../../survey/responses.js'

export interface LinkLimit { limit: number, windowMs: number }

/**
 * Opening a personal link: a respondent session, then a redirect to an address without the token.
 * Unknown, revoked and malformed tokens look the same; too many of them from one client address get 429 for a while.
 * Only failures are limited: a valid link always opens, whoever else has failed from the same address (a proxy, an
 * office's NAT). Tokens carry 256 bits, so the limit is a brake on noise, not what keeps them secret.
 */
export async function linkRoutes (app: FastifyInstance, opts: { limit: LinkLimit }): Promise<void> {
  const failures = new FailureLimiter(opts.limit.limit, opts.limit.windowMs)
  app.get<{ Params: { token: string } }>('/s/:token', async (request, reply) => {
    const link = await findActiveLink(app.db, request.params.token)
    if (link !== undefined) {
      await openResponse(app.db, link.round_id, link.organisation_id, new Date())
      await app.startSession(reply, { kind: 'respondent', linkId: link.id })
      return reply.redirect('/enkat', 303)
    }
    if (!failures.allowed(request.ip)) {
      return reply.code(429).header('Retry-After', String(Math.ceil(opts.limit.windowMs / 1000))).view('error', {
        title: 'För många försök', text: 'Många ogiltiga länkar har öppnats härifrån på kort tid. Vänta en stund och försök sedan igen med länken i e-postmeddelandet.', status: 429
      })
    }
    failures.fail(request.ip)
    return reply.code(404).view('respondent/link-not-found', { title: 'Länken fungerar inte' })
  })
}
