import type { Kysely } from 'kysely'

// Frozen in time: never import application code here.
export async function up (db: Kysely<any>): Promise<void> {
  // The newest submission and the newest change after submission are looked up on every results page.
  await db.schema.createIndex('response_event_kind').on('response_event').columns(['kind', 'id']).execute()
}

export async function down (db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('response_event_kind').execute()
}
