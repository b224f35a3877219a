import type { Kysely } from 'kysely'

// Frozen in time: never import application code here.
export async function up (db: Kysely<any>): Promise<void> {
  // A mailing whose SMTP relay refuses the connection, the login or the sender is paused as a whole (its messages
  // keep their attempts) until the next try; the reason is kept in Swedish, with the server's own words beside it.
  await db.schema.alterTable('mailing').addColumn('paused_until', 'text').execute()
  await db.schema.alterTable('mailing').addColumn('pause_reason', 'text').execute()
  await db.schema.alterTable('mailing').addColumn('pause_detail', 'text').execute()
  await db.schema.alterTable('mailing').addColumn('paused_since', 'text').execute()
}

export async function down (db: Kysely<any>): Promise<void> {
  for (const c of ['paused_until', 'pause_reason', 'pause_detail', 'paused_since']) await db.schema.alterTable('mailing').dropColumn(c).execute()
}
