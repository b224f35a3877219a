import { join } from 'node:path'
import { type Kysely, Migrator, sql } from 'kysely'
import t from 'tap'
import { tempDir } from '../helpers/app.js'
import { migrateToLatest, openDatabase } from '../../server/db/database.js'
import { migrations } from '../../migrations/index.js'

t.test('rounds made before surveys belong to Internationella samarbeten, keep their ids and what refers to them; names are unique per survey', async (t) => {
  const db = openDatabase(join(tempDir(t), 'survey.db'))
  t.teardown(async () => { await db.destroy() })
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } })
  t.equal((await migrator.migrateTo('2026-12-12-round-names')).error, undefined)
  // biome-ignore lint/suspicious/noExplicitAny: the schema before surveys, which the app's types no longer describe
  const raw = db as unknown as Kysely<any>
  await raw.insertInto('county').values({ code: '01', name: 'Stockholms län' }).execute()
  await raw.insertInto('organisation').values({ code: '0114', kind: 'municipality', name: 'Upplands Väsby', county_code: '01', municipality_group_code: null }).execute()
  for (const [id, name] of [[3, '2018'], [7, '2026']] as const) {
    await raw.insertInto('round').values({ id, name, opens_on: `${name}-02-01`, deadline_on: `${name}-03-01`, closes_on: `${name}-04-01`, created_at: `${name}-01-01T00:00:00Z` }).execute()
  }
  await raw.insertInto('response').values({ round_id: 7, organisation_id: 1, status: 'draft', first_opened_at: '2026-02-02T00:00:00Z' }).execute()

  await migrateToLatest(db)
  const survey = await db.selectFrom('survey').selectAll().executeTakeFirstOrThrow()
  t.match(survey, { slug: 'internationella-samarbeten', title: 'Internationella samarbeten', contact_email: null })
  t.match(survey.description, /vänorter/)
  t.same((await db.selectFrom('round').select(['id', 'name', 'survey_id']).orderBy('id').execute()), [{ id: 3, name: '2018', survey_id: survey.id }, { id: 7, name: '2026', survey_id: survey.id }])
  t.same((await sql`pragma foreign_key_check`.execute(db)).rows, [], 'every reference to a round still holds')
  t.equal((await db.selectFrom('response').select('round_id').executeTakeFirstOrThrow()).round_id, 7)
  t.equal(Number((await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db)).rows[0]?.foreign_keys ?? 0), 1, 'foreign keys are on again')

  const other = await db.insertInto('survey').values({ slug: 'digitalisering', title: 'Digitalisering', description: 'x', contact_email: null, created_at: '2026-12-01T00:00:00Z' }).returning('id').executeTakeFirstOrThrow()
  const round = { name: '2026', opens_on: '2026-02-01', deadline_on: '2026-03-01', closes_on: '2026-04-01', created_at: '2026-01-01T00:00:00Z' }
  await db.insertInto('round').values({ ...round, survey_id: other.id }).execute()
  await t.rejects(db.insertInto('round').values({ ...round, survey_id: survey.id }).execute(), /UNIQUE constraint failed: round.survey_id, round.name/)
  await t.rejects(db.insertInto('round').values({ ...round, name: '2030', survey_id: 99 }).execute(), /FOREIGN KEY/)
})
