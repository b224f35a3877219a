import type { Kysely } from 'kysely'

// Frozen in time: never import application code here.
export async function up (db: Kysely<any>): Promise<void> {
  // One row: what the running server works with (so the CLI can show it and refuse a different secret) and the
  // lease of the one process that sends e-mail.
  await db.schema.createTable('server_state')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('link_key_fingerprint', 'text')
    .addColumn('transport', 'text')
    .addColumn('public_url', 'text')
    .addColumn('sender_owner', 'text')
    .addColumn('sender_until', 'text')
    .execute()
  await db.insertInto('server_state').values({ id: 1 }).execute()
}

export async function down (db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('server_state').execute()
}
