import { join } from 'node:path'
import SQLite from 'better-sqlite3'
import t from 'tap'
import { tempDir } from '../helpers/app.js'
import { migrateToLatest, openDatabase, preparedQuery } from '../../server/db/database.js'

const countyName = preparedQuery((db, code: string) => db.selectFrom('county').select('name').where('code', '=', code))

t.test('a prepared lookup answers from memory only until anyone commits a change', async (t) => {
  const path = join(tempDir(t), 'survey.db')
  const db = openDatabase(path)
  t.teardown(async () => { await db.destroy() })
  await migrateToLatest(db)
  await db.insertInto('county').values({ code: '01', name: 'Stockholms län' }).execute()
  t.same(await countyName(db, '01'), [{ name: 'Stockholms län' }], 'sees what the app committed')
  t.same(await countyName(db, '02'), [])

  await db.updateTable('county').set({ name: 'Stockholm' }).where('code', '=', '01').execute()
  t.same(await countyName(db, '01'), [{ name: 'Stockholm' }], 'a change by the app is seen at once')

  const other = new SQLite(path)
  other.prepare("insert into county (code, name) values ('02', 'Uppsala län')").run()
  other.close()
  t.same(await countyName(db, '02'), [{ name: 'Uppsala län' }], 'so is a commit by another process or connection')

  const [row] = await countyName(db, '01')
  t.throws(() => { (row as { name: string }).name = 'x' }, TypeError, 'shared rows are frozen')

  await db.transaction().execute(async (trx) => {
    await trx.updateTable('county').set({ name: 'Ändrat' }).where('code', '=', '01').execute()
    t.same(await countyName(db, '01'), [{ name: 'Stockholm' }], 'a transaction not yet committed is not seen')
  })
  t.same(await countyName(db, '01'), [{ name: 'Ändrat' }], 'and is once committed')
})
