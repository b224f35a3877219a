import type { Kysely } from 'kysely'

// Frozen in time: never import application code here.
export async function up (db: Kysely<any>): Promise<void> {
  // When a closed round's personal data (contacts, q18, e-mail addresses, .eml files, audit details) was deleted.
  await db.schema.alterTable('round').addColumn('purged_at', 'text').execute()
}

export async function down (db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('round').dropColumn('purged_at').execute()
}
