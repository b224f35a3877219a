import type { FastifyInstance } from 'fastify'
import { recentAudit } from '../../admin/audit.js'
import { formatTime } from '../../survey/clock.js'
import { adminView } from './guard.js'

/** The audit log: who did what, and when. */
export async function auditRoutes (app: FastifyInstance): Promise<void> {
  app.get('/admin/logg', async (request, reply) => {
    const entries = (await recentAudit(app.db, 500)).map((e) => ({ ...e, at: formatTime(e.at) }))
    return adminView(app, request, reply, 'audit', { title: 'Logg', nav: 'audit', entries })
  })
}
