import { join } from 'node:path'
import { type Kysely, Migrator } from 'kysely'
import t from 'tap'
import { tempDir } from '../helpers/app.js'
import { migrateToLatest, openDatabase } from '../../server/db/database.js'
import { migrations } from '../../migrations/index.js'

t.test('audit entries made before the survey column: "survey created" finds its survey by slug, the rest concern none', async (t) => {
  const db = openDatabase(join(tempDir(t), 'survey.db'))
  t.teardown(async () => { await db.destroy() })
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } })
  t.equal((await migrator.migrateTo('2026-12-13-surveys')).error, undefined)
  // biome-ignore lint/suspicious/noExplicitAny: the schema before the column, which the app's types no longer describe
  const raw = db as unknown as Kysely<any>
  await raw.insertInto('survey').values({ slug: 'digitalisering', title: 'Digitalisering', description: '', created_at: '2026-12-01T00:00:00Z' }).execute()
  await raw.insertInto('survey').values({ slug: 'digital', title: 'Digital', description: '', created_at: '2026-12-01T00:00:00Z' }).execute()
  await raw.insertInto('audit_log').values([
    { at: '2026-12-01T10:00:00Z', actor: 'a@skr.se', action: 'survey_created', detail: 'Enkät digitalisering (Digitalisering): frågeformulär x, abc' },
    { at: '2026-12-01T10:01:00Z', actor: 'a@skr.se', action: 'survey_created', detail: 'Enkät digital (Digital): frågeformulär y, def' },
    { at: '2026-12-01T10:02:00Z', actor: 'a@skr.se', action: 'login', detail: null }
  ]).execute()
  await migrateToLatest(db)
  const rows = await db.selectFrom('audit_log as a').leftJoin('survey as s', 's.id', 'a.survey_id').select(['a.action', 's.slug']).orderBy('a.id').execute()
  t.same(rows, [{ action: 'survey_created', slug: 'digitalisering' }, { action: 'survey_created', slug: 'digital' }, { action: 'login', slug: null }])
})
