import type { Kysely } from 'kysely'

// Frozen in time: never import application code here.
export async function up (db: Kysely<any>): Promise<void> {
  // Organisation names per name set (server/reference/name-sets.ts), loaded from the reference data at every start;
  // an organisation without a row in a set keeps organisation.name.
  await db.schema.createTable('organisation_name')
    .addColumn('name_set', 'text', (c) => c.notNull())
    .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisation.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('organisation_name_pk', ['name_set', 'organisation_id'])
    .execute()
  // The names a round's pages, mails and downloads use; every round made so far used the 2018 names.
  await db.schema.alterTable('round').addColumn('name_set', 'text', (c) => c.notNull().defaultTo('namn-2018')).execute()
}

export async function down (db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('round').dropColumn('name_set').execute()
  await db.schema.dropTable('organisation_name').execute()
}
