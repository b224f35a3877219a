import type { Db } from '../db/database.js'

/** Writes one audit entry: who did what, and when. */
export async function audit (db: Db, actor: string, action: string, detail: string | null, now = new Date()): Promise<void> {
  await db.insertInto('audit_log').values({ at: now.toISOString(), actor, action, detail }).execute()
}

/** The newest audit entries first. */
export async function recentAudit (db: Db, limit = 200): Promise<Array<{ at: string, actor: string, action: string, detail: string | null }>> {
  return await db.selectFrom('audit_log').select(['at', 'actor', 'action', 'detail']).orderBy('id', 'desc').limit(limit).execute()
}
