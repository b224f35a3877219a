import type { Kysely } from 'kysely'

// Frozen in time: never import application code here.
export async function up (db: Kysely<any>): Promise<void> {
  // Who made each change to an answer: a respondent's session, an admin or the command line. Older rows stay null.
  await db.schema.alterTable('response_event').addColumn('actor', 'text').execute()
}

export async function down (db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('response_event').dropColumn('actor').execute()
}
