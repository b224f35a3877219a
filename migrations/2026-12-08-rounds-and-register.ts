import { type Kysely, sql } from 'kysely'

// Frozen in time: never import application code here.
export async function up (db: Kysely<any>): Promise<void> {
  // Which kommungrupp classification a round's results by group use (reference data shipped with the product).
  await db.schema.alterTable('round').addColumn('classification', 'text', (c) => c.notNull().defaultTo('skl-2017')).execute()
  // When and by whom the round's rows were published in the public vänortsregister; null while unpublished.
  await db.schema.alterTable('round').addColumn('register_published_at', 'text').execute()
  await db.schema.alterTable('round').addColumn('register_published_by', 'text').execute()
  // Organisations an admin has left out of the public register.
  await db.schema.createTable('register_exclusion')
    .addColumn('organisation_id', 'integer', (c) => c.primaryKey().references('organisation.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .execute()
  // Kommungrupp classifications as reference data, one set per classification; a round's results by group use its own.
  await db.schema.createTable('classification_group')
    .addColumn('classification', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('main_group_code', 'text', (c) => c.notNull())
    .addColumn('main_group_name', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('classification_group_pk', ['classification', 'code'])
    .execute()
  await db.schema.createTable('organisation_group')
    .addColumn('classification', 'text', (c) => c.notNull())
    .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisation.id'))
    .addColumn('group_code', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('organisation_group_pk', ['classification', 'organisation_id'])
    .execute()
  await sql`insert into classification_group select 'skl-2017', code, name, main_group_code, main_group_name from municipality_group`.execute(db)
  await sql`insert into organisation_group select 'skl-2017', id, municipality_group_code from organisation where municipality_group_code is not null`.execute(db)
  // A page head looks up the organisation's submitted response of an earlier round on every request.
  await db.schema.createIndex('response_organisation').on('response').columns(['organisation_id', 'status']).execute()
}

export async function down (db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('response_organisation').execute()
  await db.schema.dropTable('organisation_group').execute()
  await db.schema.dropTable('classification_group').execute()
  await db.schema.dropTable('register_exclusion').execute()
  await db.schema.alterTable('round').dropColumn('register_published_by').execute()
  await db.schema.alterTable('round').dropColumn('register_published_at').execute()
  await db.schema.alterTable('round').dropColumn('classification').execute()
}
