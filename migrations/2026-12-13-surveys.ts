import { type Kysely, sql } from 'kysely'

// Frozen in time: never import application code here.
export async function up (db: Kysely<any>): Promise<void> {
  // A survey: a questionnaire with its rounds. Rounds made so far all belong to Internationella samarbeten, whose
  // title and description are those of the shipped 2018 questionnaire file.
  await db.schema.createTable('survey')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('contact_email', 'text')
    // The questionnaire version the survey was created from: its first round takes it unless given another file.
    .addColumn('questionnaire_hash', 'text', (c) => c.references('questionnaire_version.hash'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.insertInto('survey').values({
    slug: 'internationella-samarbeten',
    title: 'Internationella samarbeten',
    description: 'Sveriges Kommuner och Regioner (SKR) kartlägger kommunernas och regionernas vänorter, kommunala partnerskap och andra internationella samarbeten.',
    contact_email: null,
    questionnaire_hash: null,
    created_at: new Date().toISOString()
  }).execute()
  // A contact is the organisation's for every survey (null), or for one survey only, which then writes to it instead.
  await db.schema.alterTable('contact').addColumn('survey_id', 'integer', (c) => c.references('survey.id')).execute()
  // A round belongs to a survey and its name is unique within it: the round table is made again (SQLite cannot
  // change a unique constraint in place), with foreign keys off while the tables that refer to it are repointed.
  await sql`pragma foreign_keys = off`.execute(db)
  try {
    await sql`begin`.execute(db)
    await sql`create table "round_new" ("id" integer primary key autoincrement,
      "survey_id" integer not null references "survey" ("id"),
      "name" text not null, "opens_on" text not null, "deadline_on" text not null, "closes_on" text not null,
      "created_at" text not null, "purged_at" text, "classification" text default 'skl-2017' not null,
      "register_published_at" text, "register_published_by" text,
      "questionnaire_hash" text references "questionnaire_version" ("hash"), "closed_at" text,
      "name_set" text default 'namn-2018' not null,
      constraint "round_survey_name" unique ("survey_id", "name"))`.execute(db)
    await sql`insert into "round_new" ("id", "survey_id", "name", "opens_on", "deadline_on", "closes_on", "created_at",
      "purged_at", "classification", "register_published_at", "register_published_by", "questionnaire_hash", "closed_at", "name_set")
      select "id", (select "id" from "survey" where "slug" = 'internationella-samarbeten'), "name", "opens_on", "deadline_on",
      "closes_on", "created_at", "purged_at", "classification", "register_published_at", "register_published_by",
      "questionnaire_hash", "closed_at", "name_set" from "round"`.execute(db)
    await sql`drop table "round"`.execute(db)
    await sql`alter table "round_new" rename to "round"`.execute(db)
    const broken = await sql`pragma foreign_key_check`.execute(db)
    if (broken.rows.length > 0) throw new Error(`foreign keys broken after remaking round: ${JSON.stringify(broken.rows[0])}`)
    await sql`commit`.execute(db)
  } catch (error) {
    await sql`rollback`.execute(db).catch(() => {})
    throw error
  } finally {
    await sql`pragma foreign_keys = on`.execute(db)
  }
}

export async function down (): Promise<void> {
  throw new Error('2026-12-13-surveys cannot be undone: rounds of several surveys may share a name')
}
