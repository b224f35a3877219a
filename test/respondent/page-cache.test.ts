import { gunzipSync } from 'node:zlib'
import t from 'tap'
import { buildTestApp } from '../helpers/app.js'
import { Respondent } from '../helpers/respondent.js'
import { acceptsGzip, cachedPage, PageCache } from '../../server/routes/respondent/page-cache.js'
import { loadAnswers } from '../../server/survey/responses.js'
import { updateRoundDates } from '../../server/survey/rounds.js'

t.test('the page cache keeps the newest pages within its bytes and never answers with another fingerprint', async (t) => {
  const page = (n: number) => ({ html: Buffer.alloc(n), gzip: Buffer.alloc(10) })
  const cache = new PageCache(100)
  cache.set('a', 'v1', page(30))
  cache.set('b', 'v1', page(30))
  t.ok(cache.get('a', 'v1'), 'a is there (and now the most recently used)')
  cache.set('c', 'v1', page(30))
  t.same(cache.size, { entries: 2, bytes: 80 }, 'the least recently used (b) went first')
  t.equal(cache.get('b', 'v1'), undefined)
  t.equal(cache.get('a', 'v2'), undefined, 'a changed fingerprint is a miss')
  t.equal(cache.get('a', 'v1'), undefined, 'and the old page is dropped')
  cache.set('big', 'v1', page(91))
  t.equal(cache.get('big', 'v1'), undefined, 'a page larger than the whole cache is not kept')
  t.same(cache.size, { entries: 1, bytes: 40 })
  const made = cachedPage('<p>Åbo</p>'.repeat(100))
  t.equal(gunzipSync(made.gzip).toString(), '<p>Åbo</p>'.repeat(100), 'the gzip form is the same page')
})

t.test('gzip is sent only to clients that take it', async (t) => {
  t.ok(acceptsGzip('gzip, deflate, br'))
  t.ok(acceptsGzip('br;q=1.0, gzip;q=0.8'))
  t.ok(acceptsGzip('*'))
  t.notOk(acceptsGzip(undefined))
  t.notOk(acceptsGzip('identity'))
  t.notOk(acceptsGzip('gzip;q=0'))
  t.notOk(acceptsGzip('br, gzip;q=0.000'))
  t.notOk(acceptsGzip('x-gzip-ish'))
})

t.test('a section page asked for again shows every change made since: a colleague\'s save, a closed round, a revoked link', async (t) => {
  const { app, tokenFor } = await buildTestApp(t)
  const token = await tokenFor('0114')
  const anna = new Respondent(app)
  const bo = new Respondent(app)
  await anna.open(token)
  await bo.open(token)
  const first = await anna.get('/enkat/del/b')
  const again = await anna.get('/enkat/del/b')
  t.equal(again.body, first.body, 'unchanged, the same page')
  const zipped = await app.inject({ method: 'GET', url: '/enkat/del/b', headers: { cookie: anna.cookie, 'accept-encoding': 'gzip, deflate, br' } })
  t.equal(zipped.headers['content-encoding'], 'gzip', 'gzipped for a browser')
  t.equal(zipped.headers.vary, 'accept-encoding')
  t.equal(gunzipSync(zipped.rawPayload).toString(), first.body, 'the same page')
  t.ok(zipped.rawPayload.length < first.body.length / 3, `much smaller (${zipped.rawPayload.length} bytes)`)
  t.equal((await bo.get('/enkat/del/b')).body.includes(/name="_csrf" value="([^"]+)"/.exec(first.body)![1]!), false, 'a colleague gets a page with his own CSRF token')

  const saved = await bo.saveSection('b', [['q04.0.partner', 'Åbo'], ['q04.0.country', 'Finland'], ['q04.0.form', 'twin_town'], ['q04.0.activity', 'active']])
  t.equal(saved.statusCode, 303)
  const id = (await app.db.selectFrom('response').select('id').executeTakeFirstOrThrow()).id
  t.same((await loadAnswers(app.db, id)).q04, [{ partner: 'Åbo', country: 'FI', form: 'twin_town', activity: 'active' }], 'the country list sends the name; the code is stored')
  const after = await anna.get('/enkat/del/b')
  t.match(after.body, 'value="Åbo"', 'Anna sees Bo\'s save')
  t.match(after.body, /name="q04.0.country" value="Finland"/, 'with the country shown by name')
  t.match(after.body, 'name="version" value="1"', 'and the version she must save over')
  t.equal((await anna.get('/enkat/del/b?ny=q04')).body.match(/id="q04-row-\d+"/g)?.length, 2, 'a new row asked for is a page of its own')
  t.equal((await anna.get('/enkat/del/b')).body.match(/id="q04-row-\d+"/g)?.length, 1)

  const round = await app.db.selectFrom('round').selectAll().executeTakeFirstOrThrow()
  await updateRoundDates(app.db, round.id, { opens_on: '2020-01-01', deadline_on: '2020-01-15', closes_on: '2020-02-01' })
  const closed = await anna.get('/enkat/del/b')
  t.equal(closed.statusCode, 303, 'a closed round sends the page to the read-only answers')
  t.equal(closed.location, '/enkat/granska')
  await updateRoundDates(app.db, round.id, { opens_on: round.opens_on, deadline_on: round.deadline_on, closes_on: round.closes_on })
  t.equal((await anna.get('/enkat/del/b')).statusCode, 200, 'open again')

  await app.db.updateTable('personal_link').set({ revoked_at: new Date().toISOString() }).execute()
  const revoked = await anna.get('/enkat/del/b')
  t.equal(revoked.statusCode, 401, 'a revoked link ends the page at once')
  t.match(revoked.body, 'Öppna länken igen')
})

t.test('an unknown country name in the list is refused with the input kept', async (t) => {
  const { app, tokenFor } = await buildTestApp(t)
  const r = new Respondent(app)
  await r.open(await tokenFor('0115'))
  const res = await r.saveSection('b', [['q04.0.partner', 'Atlantis stad'], ['q04.0.country', 'Atlantis'], ['q04.0.form', 'twin_town']])
  t.equal(res.statusCode, 422)
  t.match(res.body, 'Känner inte igen ”Atlantis”')
  t.match(res.body, 'value="Atlantis stad"')
  t.equal(await app.db.selectFrom('answer_row').select('data').executeTakeFirst(), undefined, 'nothing stored')
})
