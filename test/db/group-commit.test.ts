import { join } from 'node:path'
import SQLite from 'better-sqlite3'
import { sql } from 'kysely'
import t, { type Test } from 'tap'
import { tempDir } from '../helpers/app.js'
import { groupCommit, migrateToLatest, openDatabase, preparedQuery, type Database, type Db } from '../../server/db/database.js'

async function database (t: Test) {
  const path = join(tempDir(t), 'survey.db')
  const db = openDatabase(path)
  t.teardown(async () => { await db.destroy() })
  await migrateToLatest(db)
  await db.insertInto('county').values({ code: '01', name: 'Stockholms län' }).execute()
  const insert = (code: string) => async (trx: Db) => {
    await trx.insertInto('organisation').values({ code, kind: 'municipality', name: `Kommun ${code}`, county_code: '01', municipality_group_code: null }).execute()
    return code
  }
  /** What another connection sees: only what is committed. */
  const committed = (): string[] => {
    const other = new SQLite(path, { readonly: true })
    try {
      return (other.prepare('select code from organisation order by code').all() as Array<{ code: string }>).map((r) => r.code)
    } finally {
      other.close()
    }
  }
  return { db, insert, committed }
}

t.test('writes arriving together are committed together; each caller hears of its own write only once it is durable', async (t) => {
  const { db, insert, committed } = await database(t)
  const seen: string[][] = []
  const results = await Promise.all(['0001', '0002', '0003'].map(async (code) => {
    const value = await groupCommit(db, insert(code))
    seen.push(committed())
    return value
  }))
  t.same(results, ['0001', '0002', '0003'])
  for (const s of seen) t.same(s, ['0001', '0002', '0003'], 'committed (seen from another connection) when the caller is answered')
})

t.test('a write that fails is rolled back alone and only its caller gets the error', async (t) => {
  const { db, insert, committed } = await database(t)
  const failing = groupCommit(db, async (trx) => {
    await insert('0010')(trx)
    await insert('0010')(trx)
  })
  const others = [groupCommit(db, insert('0011')), groupCommit(db, insert('0012'))]
  await t.rejects(failing, /UNIQUE constraint failed/)
  t.same(await Promise.all(others), ['0011', '0012'])
  t.same(committed(), ['0011', '0012'], 'the failed write left nothing, its neighbours are stored')
})

t.test('when the commit itself fails, every caller in the batch gets the error and nothing is stored', async (t) => {
  const { db, insert, committed } = await database(t)
  const batch = [
    groupCommit(db, insert('0020')),
    groupCommit(db, async (trx) => {
      // A foreign key checked only at commit: the whole transaction must then fail.
      await sql`pragma defer_foreign_keys = on`.execute(trx)
      await trx.insertInto('organisation').values({ code: '0021', kind: 'municipality', name: 'Utan län', county_code: '99', municipality_group_code: null }).execute()
    })
  ]
  const outcomes = await Promise.allSettled(batch)
  t.same(outcomes.map((o) => o.status), ['rejected', 'rejected'])
  t.match(String((outcomes[0] as PromiseRejectedResult).reason), /FOREIGN KEY constraint failed/)
  t.same(committed(), [], 'nothing stored')
  t.equal(await groupCommit(db, insert('0022')), '0022', 'the next batch works')
  t.same(committed(), ['0022'])
})

t.test('a write on its own is committed too', async (t) => {
  const { db, insert, committed } = await database(t)
  t.equal(await groupCommit(db, insert('0030')), '0030')
  t.same(committed(), ['0030'])
})

t.test('work that uses the database instead of its transaction fails at once with the cause, and the others commit', async (t) => {
  const { db, insert, committed } = await database(t)
  const wrong = groupCommit(db, async () => await db.selectFrom('organisation').select('code').execute())
  const right = groupCommit(db, insert('0180'))
  await t.rejects(wrong, /used the database instead of the transaction/)
  t.equal(await right, '0180')
  t.same(committed(), ['0180'])
  t.same((await db.selectFrom('organisation').select('code').execute()).map((r) => r.code), ['0180'], 'the database is usable again outside the work')
})

t.test('the rules of the owner are checks: a transaction is refused where the database is needed, and a prepared lookup inside the work', async (t) => {
  const { db, insert } = await database(t)
  const lookup = preparedQuery((d, code: string) => d.selectFrom('organisation').select('code').where('code', '=', code))
  await t.rejects(db.transaction().execute(async (trx) => await groupCommit(trx as unknown as Database, insert('0190'))), /groupCommit needs the Database opened by openDatabase/)
  await t.rejects(groupCommit(db, async () => await lookup(db, '0190')), /used inside group-commit work/)
  await t.rejects(lookup(db, ['0190'] as unknown as string), /takes single values/)
  t.same(await lookup(db, '0190'), [], 'outside the work the lookup runs')
})
