import type { FastifyInstance } from 'fastify'
import { findActiveLink } from '../../survey/links.js'
import { openResponse } from '../../survey/responses.js'

/** Opening a personal link: a respondent session, then a redirect to an address without the token. */
export async function linkRoutes (app: FastifyInstance): Promise<void> {
  app.get<{ Params: { token: string } }>('/s/:token', async (request, reply) => {
    const link = await findActiveLink(app.db, request.params.token)
    if (link === undefined) {
      return reply.code(404).view('respondent/link-not-found', { title: 'Länken fungerar inte' })
    }
    await openResponse(app.db, link.round_id, link.organisation_id, new Date())
    await app.startSession(reply, { kind: 'respondent', linkId: link.id })
    return reply.redirect('/enkat', 303)
  })
}
