import { type Kysely, sql } from 'kysely'

// Frozen in time: never import application code here.
export async function up (db: Kysely<any>): Promise<void> {
  // The survey an audit entry concerns (a mailing, a round, a survey made); null for what concerns none (a login)
  // and for entries written before this column, except "survey created", whose detail names the survey's slug.
  await db.schema.alterTable('audit_log').addColumn('survey_id', 'integer', (c) => c.references('survey.id')).execute()
  await sql`update audit_log set survey_id = (select s.id from survey s where audit_log.detail like 'Enkät ' || s.slug || ' (%')
    where action = 'survey_created'`.execute(db)
}

export async function down (db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('audit_log').dropColumn('survey_id').execute()
}
