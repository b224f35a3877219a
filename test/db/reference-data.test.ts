import t from 'tap'
import { buildTestApp, tempDir } from '../helpers/app.js'

t.test('loads 290 kommuner in the 2017 kommungrupper and 20 regions', async (t) => {
  const { app } = await buildTestApp(t)
  const counts = await app.db.selectFrom('organisation').select(['kind']).select((eb) => eb.fn.countAll<number>().as('n')).groupBy('kind').execute()
  t.same(Object.fromEntries(counts.map((c) => [c.kind, Number(c.n)])), { municipality: 290, region: 20 })
  const perGroup = await app.db.selectFrom('organisation').select('municipality_group_code')
    .select((eb) => eb.fn.countAll<number>().as('n')).where('kind', '=', 'municipality')
    .groupBy('municipality_group_code').orderBy('municipality_group_code').execute()
  t.same(perGroup.map((g) => [g.municipality_group_code, Number(g.n)]), [
    ['A1', 3], ['A2', 43], ['B3', 21], ['B4', 52], ['B5', 35], ['C6', 29], ['C7', 52], ['C8', 40], ['C9', 15]
  ])
  const gotland = await app.db.selectFrom('organisation').selectAll().where('code', '=', '0980').executeTakeFirstOrThrow()
  t.equal(gotland.kind, 'municipality', 'Region Gotland is a kommun')
  const groups = await app.db.selectFrom('municipality_group').selectAll().orderBy('code').execute()
  t.equal(groups.length, 9)
  t.same([...new Set(groups.map((g) => g.main_group_code))], ['A', 'B', 'C'])
  const region = await app.db.selectFrom('organisation').select('name').where('code', '=', '14').executeTakeFirstOrThrow()
  t.equal(region.name, 'Västra Götalandsregionen')
})

t.test('starting twice adds nothing: same organisations, one round, one link each', async (t) => {
  const dir = tempDir(t)
  const first = await buildTestApp(t, { dir })
  const before = await first.app.db.selectFrom('personal_link').select(['id', 'token_hash']).orderBy('id').execute()
  await first.app.close()
  const second = await buildTestApp(t, { dir })
  const orgs = await second.app.db.selectFrom('organisation').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  const rounds = await second.app.db.selectFrom('round').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  const after = await second.app.db.selectFrom('personal_link').select(['id', 'token_hash']).orderBy('id').execute()
  t.equal(Number(orgs.n), 310)
  t.equal(Number(rounds.n), 1)
  t.equal(after.length, 310)
  t.same(after, before, 'links are kept across restarts')
})
