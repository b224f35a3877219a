import t from 'tap'
import { loggedIn } from '../helpers/admin.js'
import { storeResponse } from '../helpers/fixtures.js'
import { ensureTallies } from '../../server/survey/tallies.js'
import { requireCurrentRound } from '../../server/survey/rounds.js'
import { computeFiguresNow } from '../../server/results/figures.js'

// A round's results by kommungrupp use the round's own classification: here a made-up one with two groups, in
// which every kommun with an even code is in X1 (main group X) and every odd one in Y2 (main group Y).
t.test('results, dropout, item non-response and responses.csv group kommuner by the round’s classification', async (t) => {
  const { app, c } = await loggedIn(t)
  const db = app.db
  const round = await requireCurrentRound(db)
  await db.insertInto('classification_group').values([
    { classification: 'test-2099', code: 'X1', name: 'Jämna koder', main_group_code: 'X', main_group_name: 'Huvudgrupp X' },
    { classification: 'test-2099', code: 'Y2', name: 'Udda koder', main_group_code: 'Y', main_group_name: 'Huvudgrupp Y' }
  ]).execute()
  const kommuner = await db.selectFrom('organisation').select(['id', 'code']).where('kind', '=', 'municipality').execute()
  await db.insertInto('organisation_group').values(kommuner.map((k) => ({ classification: 'test-2099', organisation_id: k.id, group_code: Number(k.code) % 2 === 0 ? 'X1' : 'Y2' }))).execute()
  for (const code of ['0114', '0180', '1280', '1480', '0115']) await storeResponse(app, code, { q01: 'yes', q02: 'no' }, new Date())

  // Before: SKL 2017 (computed without the cache, which the switch below would otherwise meet).
  const before = await computeFiguresNow(db, round.id)
  t.ok(before.some((f) => f.group === 'kommungrupp=A1'))
  t.notOk(before.some((f) => f.group === 'kommungrupp=X1'))

  await db.updateTable('round').set({ classification: 'test-2099' }).where('id', '=', round.id).execute()
  t.same(await ensureTallies(db), [round.id], 'the counts are made again for the new classification')
  const csv = (await c.get('/admin/resultat/results.csv')).body
  const even = kommuner.filter((k) => Number(k.code) % 2 === 0).length
  t.match(csv, new RegExp(`\\nresponse,submitted,kommungrupp=X1,organisations,${even},4,`), 'four of the five kommuner have even codes')
  t.match(csv, new RegExp(`\\nresponse,submitted,kommungrupp=Y2,organisations,${kommuner.length - even},1,`))
  t.match(csv, /\nresponse,submitted,huvudgrupp=X,/)
  t.notMatch(csv, /kommungrupp=A1/, 'no 2017 group left')
  t.match(csv, /\nq01,yes,kommungrupp=X1,organisations,4,4,/)

  const results = (await c.get('/admin/resultat?uppdelning=kommungrupp')).body
  t.match(results, 'X1 Jämna koder')
  t.match(results, 'Kommungrupper enligt kommungruppsindelning test-2099')
  const dropout = (await c.get('/admin/bortfall')).body
  t.match(dropout, 'X1 Jämna koder')
  t.match(dropout, 'Y2 Udda koder')
  t.notMatch(dropout, 'A1 Storstäder')
  t.match((await c.get('/admin/partiellt-bortfall')).body, 'huvudgrupp X')
  const responses = (await c.get('/admin/resultat/responses.csv')).body
  t.match(responses, /\n1480,Göteborg,kommun,X1,X,/, 'responses.csv: group and main group of the round’s classification')

  // The admin's organisations list and pages show and filter by the round's groups too.
  const list = (await c.get('/admin/organisationer?grupp=X1&sok=göteborg')).body
  t.match(list, /<td>X1<\/td>/, 'Göteborg is listed in X1')
  t.match(list, '<option value="X1" selected>X1 Jämna koder</option>')
  t.match(list, '<option value="Y">Y Huvudgrupp Y</option>', 'main groups come from the classification')
  t.notMatch(list, 'Storstäder', 'no 2017 group offered')
  t.match((await c.get('/admin/organisationer?grupp=Y&sok=göteborg')).body, 'Inga organisationer', 'Göteborg is not in main group Y')
  t.match((await c.get('/admin/organisationer?grupp=Y&sok=0115')).body, '0115', 'an odd code is')
  const page = (await c.get('/admin/organisationer/1480')).body
  t.match(page, /<dt>Kommungrupp<\/dt><dd>X1 Jämna koder<\/dd>/)
})
