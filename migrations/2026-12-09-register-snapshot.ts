import type { Kysely } from 'kysely'

// Frozen in time: never import application code here.
export async function up (db: Kysely<any>): Promise<void> {
  // The rows of a round as they were when it was published: the public register reads these, never live answers.
  await db.schema.createTable('register_row')
    .addColumn('round_id', 'integer', (c) => c.notNull().references('round.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisation.id'))
    .addColumn('data', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('register_row_pk', ['round_id', 'position'])
    .execute()
  // When a round's rows were copied; a published round without one (published before this migration) is copied at the next start.
  await db.schema.createTable('register_snapshot')
    .addColumn('round_id', 'integer', (c) => c.primaryKey().references('round.id'))
    .addColumn('made_at', 'text', (c) => c.notNull())
    .addColumn('row_count', 'integer', (c) => c.notNull())
    .execute()
  // Raised by every publication, withdrawal and exclusion: what the public register's cache is keyed on.
  await db.schema.alterTable('server_state').addColumn('register_generation', 'integer', (c) => c.notNull().defaultTo(0)).execute()
}

export async function down (db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('server_state').dropColumn('register_generation').execute()
  await db.schema.dropTable('register_snapshot').execute()
  await db.schema.dropTable('register_row').execute()
}
