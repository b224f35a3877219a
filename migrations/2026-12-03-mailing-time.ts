import type { Kysely } from 'kysely'

// Frozen in time: never import application code here.
export async function up (db: Kysely<any>): Promise<void> {
  // A scheduled mailing goes out at a time of day (Swedish time), not just after midnight; null means 09:00.
  await db.schema.alterTable('mailing').addColumn('scheduled_time', 'text').execute()
}

export async function down (db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('mailing').dropColumn('scheduled_time').execute()
}
