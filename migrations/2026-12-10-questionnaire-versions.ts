import type { Kysely } from 'kysely'

// Frozen in time: never import application code here.
export async function up (db: Kysely<any>): Promise<void> {
  // Each questionnaire version a round was created with, by the sha256 of its file's text; never changed or deleted.
  await db.schema.createTable('questionnaire_version')
    .addColumn('hash', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  // The version a round froze. Rounds made before versions were stored get the shipped 2018 file when the server
  // next prepares its database (server/survey/round-questionnaire.ts), which a test pins byte for byte.
  await db.schema.alterTable('round').addColumn('questionnaire_hash', 'text', (c) => c.references('questionnaire_version.hash')).execute()
}

export async function down (db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('round').dropColumn('questionnaire_hash').execute()
  await db.schema.dropTable('questionnaire_version').execute()
}
