import { type Kysely, sql } from 'kysely'

// Frozen in time: never import application code here.
export async function up (db: Kysely<any>): Promise<void> {
  // One table for the rows of every rows question (each row one JSON object of its fields), so a new rows question
  // needs no table of its own. The twin towns (q04) and other collaborations (q10) move here.
  await db.schema.createTable('answer_row')
    .addColumn('response_id', 'integer', (c) => c.notNull().references('response.id').onDelete('cascade'))
    .addColumn('question_id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull().check(sql`json_valid(data) and json_type(data) = 'object'`))
    .addPrimaryKeyConstraint('answer_row_pk', ['response_id', 'question_id', 'position'])
    .modifyEnd(sql`without rowid`)
    .execute()
  await sql`insert into answer_row (response_id, question_id, position, data)
    select response_id, 'q04', position, json_object('partner', partner, 'country', country, 'form', form, 'activity', activity) from partnership`.execute(db)
  await sql`insert into answer_row (response_id, question_id, position, data)
    select c.response_id, 'q10', c.position, json_object('name', c.name, 'kind', c.kind,
      'countries', json((select json_group_array(country) from (select country from collaboration_country where collaboration_id = c.id order by rowid))),
      'activity', c.activity)
    from collaboration c`.execute(db)
  await db.schema.dropTable('collaboration_country').execute()
  await db.schema.dropTable('collaboration').execute()
  await db.schema.dropTable('partnership').execute()

  // Counts of the submitted answers, kept up to date at every submission and change after submission, so results
  // read a few thousand counts instead of aggregating every answer. `grp` is '' for regions.
  await db.schema.createTable('result_tally')
    .addColumn('round_id', 'integer', (c) => c.notNull().references('round.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('grp', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('result_tally_pk', ['round_id', 'kind', 'grp', 'key'])
    .modifyEnd(sql`without rowid`)
    .execute()
  // What each submitted response added, so a change after submission can take exactly that away again.
  await db.schema.createTable('response_tally')
    .addColumn('response_id', 'integer', (c) => c.primaryKey().references('response.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('grp', 'text', (c) => c.notNull())
    .addColumn('keys', 'text', (c) => c.notNull())
    .execute()
  // The questionnaire and classification the counts of a round were made with; another one means counting again.
  await db.schema.createTable('tally_state')
    .addColumn('round_id', 'integer', (c) => c.primaryKey().references('round.id').onDelete('cascade'))
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .execute()
}

export async function down (db: Kysely<any>): Promise<void> {
  for (const table of ['tally_state', 'response_tally', 'result_tally']) await db.schema.dropTable(table).execute()
  await db.schema.createTable('partnership')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('response_id', 'integer', (c) => c.notNull().references('response.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('partner', 'text', (c) => c.notNull())
    .addColumn('country', 'text')
    .addColumn('form', 'text')
    .addColumn('activity', 'text')
    .execute()
  await db.schema.createIndex('partnership_response').on('partnership').columns(['response_id', 'position']).execute()
  await db.schema.createTable('collaboration')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('response_id', 'integer', (c) => c.notNull().references('response.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text')
    .addColumn('activity', 'text')
    .execute()
  await db.schema.createIndex('collaboration_response').on('collaboration').columns(['response_id', 'position']).execute()
  await db.schema.createTable('collaboration_country')
    .addColumn('collaboration_id', 'integer', (c) => c.notNull().references('collaboration.id').onDelete('cascade'))
    .addColumn('country', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('collaboration_country_pk', ['collaboration_id', 'country'])
    .execute()
  await sql`insert into partnership (response_id, position, partner, country, form, activity)
    select response_id, position, data ->> 'partner', data ->> 'country', data ->> 'form', data ->> 'activity' from answer_row where question_id = 'q04'`.execute(db)
  await sql`insert into collaboration (response_id, position, name, kind, activity)
    select response_id, position, data ->> 'name', data ->> 'kind', data ->> 'activity' from answer_row where question_id = 'q10'`.execute(db)
  await sql`insert into collaboration_country (collaboration_id, country)
    select c.id, j.value from answer_row a join collaboration c on c.response_id = a.response_id and c.position = a.position, json_each(a.data, '$.countries') j
    where a.question_id = 'q10'`.execute(db)
  await db.schema.dropTable('answer_row').execute()
}
