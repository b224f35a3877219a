import type { FastifyInstance } from 'fastify'
import { recentAudit } from '../../admin/audit.js'
import { formatTime } from '../../survey/clock.js'
import { adminView } from './guard.js'

/** The audit log: who did what, and when. */
export async function auditRoutes (app: FastifyInstance): Promise<void> {
  app.get('/admin/logg', async (request, reply) => {
    const entries = (await recentAudit(app.db, 500)).map((e) => ({ ...e, at: formatTime(e.at) }))
    const changes = await app.db.selectFrom('response_event as e').innerJoin('response as r', 'r.id', 'e.response_id').innerJoin('organisation as o', 'o.id', 'r.organisation_id')
      .select(['e.at', 'e.section', 'o.name', 'o.code']).where('e.kind', '=', 'changed_after_submission').orderBy('e.id', 'desc').limit(500).execute()
    return adminView(app, request, reply, 'audit', {
      title: 'Logg', nav: 'audit', entries,
      changes: changes.map((c) => ({ at: formatTime(c.at), organisation: c.name, code: c.code, section: String(c.section).toUpperCase() }))
    })
  })
}
