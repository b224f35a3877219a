// The third security round's attacks on the public vänortsregister: live answers reaching it after publication, and
// a flood of page requests that starved every other visitor.
import t from 'tap'
import { buildTestApp } from '../helpers/app.js'
import { storeResponse } from '../helpers/fixtures.js'
import { Respondent } from '../helpers/respondent.js'
import { clientKey, PUBLIC_LIMIT, RateLimiter } from '../../server/http/rate-limit.js'
import { publishRegister, setExcluded, unpublishRegister } from '../../server/results/public-register.js'
import { addDays, swedishDate } from '../../server/survey/clock.js'
import { requireCurrentRound } from '../../server/survey/rounds.js'

const row = (partner: string, country = 'FI'): Record<string, string> => ({ partner, country, form: 'twin_town', activity: 'active' })

async function closeRound (app: Awaited<ReturnType<typeof buildTestApp>>['app'], closesInDays = -1): Promise<void> {
  const today = swedishDate(new Date())
  await app.db.updateTable('round').set({ opens_on: addDays(today, -60), deadline_on: addDays(today, -40), closes_on: addDays(today, closesInDays) }).execute()
}

t.test('5. a save after publication does not reach the register: publishing copies the rows', async (t) => {
  const { app, tokenFor } = await buildTestApp(t)
  await storeResponse(app, '1480', { q01: 'yes', q02: 'no', q04: [row('Åbo')] }, new Date())
  const token = await tokenFor('0180')
  await closeRound(app)
  t.same(await publishRegister(app.db, await requireCurrentRound(app.db), 'admin@skr.se', new Date()), { ok: true })
  t.match((await app.inject({ url: '/vanortsregister' })).body, '<td>Åbo</td>')

  // The attack: the round takes answers again (as the reopening did) and Stockholm saves and sends in a twin town.
  await closeRound(app, 10)
  const r = new Respondent(app)
  t.equal((await r.open(token)).statusCode, 303)
  t.equal((await r.saveSection('a', [['q01', 'yes'], ['q02', 'no']])).statusCode, 303, 'the save itself is taken')
  const saved = await r.saveSection('b', [['q04.0.partner', 'Oväntad'], ['q04.0.country', 'DE'], ['q04.0.form', 'twin_town'], ['q04.0.activity', 'active']])
  t.equal(saved.statusCode, 303)
  const row04 = await app.db.selectFrom('answer_row').select('data').where('question_id', '=', 'q04').where('data', 'like', '%Oväntad%').executeTakeFirst()
  t.ok(row04, 'the new row is stored')
  await app.db.updateTable('response').set({ status: 'submitted', submitted_at: new Date().toISOString() }).execute()

  for (const url of ['/vanortsregister', '/vanortsregister?land=DE', '/vanortsregister/vanortsregister.csv', '/vanortsregister/vanortsregister.json']) {
    const res = await app.inject({ url })
    t.equal(res.statusCode, 200)
    t.notMatch(res.body, 'Oväntad', `${url}: the later save is not published`)
  }
  t.match((await app.inject({ url: '/vanortsregister' })).body, 'innehåller 1 samarbeten', 'the published count is the copy\'s')

  // Only a new, deliberate publication shows it (after the round has closed again).
  await closeRound(app)
  const round = await requireCurrentRound(app.db)
  await unpublishRegister(app.db, round, 'admin@skr.se', new Date())
  t.equal((await app.inject({ url: '/vanortsregister' })).statusCode, 404, 'withdrawn: 404 at once, not a cached page')
  t.equal(await app.db.selectFrom('register_row').select('position').executeTakeFirst(), undefined, 'the copy is dropped')
  t.same(await publishRegister(app.db, await requireCurrentRound(app.db), 'admin@skr.se', new Date()), { ok: true })
  t.match((await app.inject({ url: '/vanortsregister' })).body, '<td>Oväntad</td>', 'published again: the new copy')
})

t.test('a round published before copies existed gets its copy at the next start, and reads only it from then on', async (t) => {
  const first = await buildTestApp(t)
  await storeResponse(first.app, '1480', { q01: 'yes', q02: 'no', q04: [row('Åbo')] }, new Date())
  await closeRound(first.app)
  // As the database was before the migration: published, no copy.
  await first.app.db.updateTable('round').set({ register_published_at: new Date().toISOString(), register_published_by: 'admin@skr.se' }).execute()
  await first.app.close()
  const { app } = await buildTestApp(t, { dir: first.dir })
  t.equal((await app.db.selectFrom('register_snapshot').select('row_count').executeTakeFirstOrThrow()).row_count, 1, 'copied at start')
  await app.db.updateTable('answer_row').set({ data: JSON.stringify(row('Ändrad')) }).where('question_id', '=', 'q04').execute()
  const page = (await app.inject({ url: '/vanortsregister' })).body
  t.match(page, '<td>Åbo</td>')
  t.notMatch(page, 'Ändrad', 'a later change of the stored answer is not read')
})

t.test('3. the register is made once per publication and filter; publication, withdrawal and exclusion make it anew', async (t) => {
  const { app } = await buildTestApp(t)
  await storeResponse(app, '1480', { q01: 'yes', q02: 'no', q04: [row('Åbo'), row('Shanghai', 'CN')] }, new Date())
  await storeResponse(app, '0180', { q01: 'yes', q02: 'no', q04: [row('Sankt Petersburg', 'RU')] }, new Date())
  await closeRound(app)
  await publishRegister(app.db, await requireCurrentRound(app.db), 'admin@skr.se', new Date())
  const urls = ['/vanortsregister', '/vanortsregister?land=CN', '/vanortsregister/vanortsregister.csv?land=CN', '/vanortsregister/vanortsregister.json']
  const before = await Promise.all(urls.map(async (url) => (await app.inject({ url })).body))
  // A change to the copy behind the register's back (no generation raised) is not seen: the pages are kept.
  await app.db.updateTable('register_row').set({ data: (eb) => eb.fn('replace', ['data', eb.val('Shanghai'), eb.val('Peking')]) }).execute()
  for (const [i, url] of urls.entries()) t.equal((await app.inject({ url })).body, before[i], `${url} is sent as made`)
  const gz = await app.inject({ url: '/vanortsregister', headers: { 'accept-encoding': 'gzip' } })
  t.equal(gz.headers['content-encoding'], 'gzip', 'gzipped for clients that take it')
  t.equal(gz.headers.vary, 'accept-encoding')

  // An exclusion raises the generation: every page is made anew from the copy.
  await setExcluded(app.db, '0180', true, 'admin@skr.se', new Date())
  const page = (await app.inject({ url: '/vanortsregister' })).body
  t.notMatch(page, 'Sankt Petersburg', 'the excluded organisation is gone at once')
  t.match(page, '<td>Peking</td>', 'made anew from the copy')
  t.match((await app.inject({ url: '/vanortsregister/vanortsregister.csv?land=CN' })).body, 'Peking')
  await setExcluded(app.db, '0180', false, 'admin@skr.se', new Date())
  t.match((await app.inject({ url: '/vanortsregister' })).body, 'Sankt Petersburg', 'taken back in')
})

t.test('3. a flood of register requests from one client is refused cheaply; other clients are served (TRUST_PROXY)', async (t) => {
  // The default burst, with its steady refill slowed to one request in 1,000 s: on a busy machine the 80 requests
  // may take over half a second, and at the default 2 a second a token would come back in the middle of the burst.
  const { app } = await buildTestApp(t, { env: { TRUST_PROXY: '127.0.0.1' }, app: { publicLimit: { burst: PUBLIC_LIMIT.burst, perSecond: 0.001 } } })
  t.equal(PUBLIC_LIMIT.burst, 60, 'the default burst is 60')
  await storeResponse(app, '1480', { q01: 'yes', q02: 'no', q04: [row('Åbo')] }, new Date())
  await closeRound(app)
  await publishRegister(app.db, await requireCurrentRound(app.db), 'admin@skr.se', new Date())
  const from = async (ip: string, url = '/vanortsregister'): Promise<{ statusCode: number, headers: Record<string, unknown>, body: string }> =>
    await app.inject({ url, headers: { 'x-forwarded-for': ip } })
  const statuses = []
  for (let i = 0; i < 80; i++) statuses.push((await from('203.0.113.5')).statusCode)
  t.equal(statuses.filter((s) => s === 200).length, 60, 'a burst of 60 is served')
  t.equal(statuses.filter((s) => s === 429).length, 20, 'then the client is refused')
  const refused = await from('203.0.113.5', '/')
  t.equal(refused.statusCode, 429, 'the front page and information pages share the limit')
  t.match(refused.body, 'Många sidor har hämtats härifrån på kort tid')
  t.ok(Number(refused.headers['retry-after']) >= 1, 'with Retry-After')
  t.equal((await from('198.51.100.7')).statusCode, 200, 'another client (by its forwarded address) is served')
  t.equal((await from('2001:db8:1:2::1')).statusCode, 200)
  for (let i = 0; i < 60; i++) await from(`2001:db8:1:2::${(i + 2).toString(16)}`)
  t.equal((await from('2001:db8:1:2:ffff::9')).statusCode, 429, 'an IPv6 /64 counts as one client')
})

t.test('3. a flood of new filters from many addresses is bounded for all clients together; kept pages are still sent', async (t) => {
  const { app } = await buildTestApp(t, { env: { TRUST_PROXY: '127.0.0.1' }, app: { registerFreshLimit: { burst: 2, perSecond: 0.001 } } })
  await storeResponse(app, '1480', { q01: 'yes', q02: 'no', q04: [row('Åbo')] }, new Date())
  await closeRound(app)
  await publishRegister(app.db, await requireCurrentRound(app.db), 'admin@skr.se', new Date())
  const get = async (url: string, i: number): Promise<{ statusCode: number, body: string }> => await app.inject({ url, headers: { 'x-forwarded-for': `10.0.0.${i}` } })
  t.equal((await get('/vanortsregister', 1)).statusCode, 200)
  t.equal((await get('/vanortsregister?q=a', 2)).statusCode, 200)
  const busy = await get('/vanortsregister?q=b', 3)
  t.equal(busy.statusCode, 503, 'a third new page in the same moment is not made')
  t.match(busy.body, 'Registret är hårt belastat')
  t.equal((await get('/vanortsregister', 4)).statusCode, 200, 'a kept page is still sent')
  t.equal((await get('/vanortsregister?q=a', 5)).statusCode, 200)
})

t.test('the limiter forgets the client idle longest, never scanning, and groups IPv6 by /64', async (t) => {
  const limiter = new RateLimiter({ burst: 2, perSecond: 1 }, 3)
  t.ok(limiter.take('a', 0))
  t.ok(limiter.take('a', 0))
  t.notOk(limiter.take('a', 0), 'a has spent its burst')
  t.ok(limiter.take('a', 1000), 'one token back after a second')
  for (const k of ['b', 'c', 'd']) limiter.take(k, 1000)
  t.equal(limiter.size, 3, 'bounded')
  t.ok(limiter.take('a', 1000), 'a was idle longest and was forgotten (a fresh bucket)')
  t.equal(clientKey('2001:DB8:0:1::5'), '2001:db8:0:1::/64')
  t.equal(clientKey('2001:db8:0:1:aaaa:bbbb:cccc:dddd'), '2001:db8:0:1::/64')
  t.equal(clientKey('::ffff:192.0.2.1'), '192.0.2.1')
  t.equal(clientKey('192.0.2.1'), '192.0.2.1')
})

t.test('10. a link opened from many clients keeps at most 20 live sessions; the newest always gets in', async (t) => {
  const { app, tokenFor } = await buildTestApp(t, { app: { linkLimit: { limit: 1000, windowMs: 60_000 } } })
  const token = await tokenFor('0180')
  const officials: Respondent[] = []
  for (let i = 0; i < 30; i++) {
    const r = new Respondent(app)
    t.equal((await r.open(token)).statusCode, 303, `opening ${i + 1} is not refused`)
    officials.push(r)
  }
  const link = await app.db.selectFrom('personal_link').select('id').where('revoked_at', 'is', null).where('organisation_id', '=', (await app.db.selectFrom('organisation').select('id').where('code', '=', '0180').executeTakeFirstOrThrow()).id).executeTakeFirstOrThrow()
  const live = await app.db.selectFrom('session').select((eb) => eb.fn.countAll<number>().as('n')).where('link_id', '=', link.id).executeTakeFirstOrThrow()
  t.equal(Number(live.n), 20, 'bounded')
  t.equal((await officials[29]!.get('/enkat')).statusCode, 200, 'the newest works')
  t.not((await officials[0]!.get('/enkat')).statusCode, 200, 'the first (idle longest) was ended')
})

t.test('11. the failure limiter forgets the key idle longest in constant time, and a key keeps its count', async (t) => {
  const { FailureLimiter } = await import('../../server/admin/failure-limiter.js')
  const limiter = new FailureLimiter(3, 60_000, 1000)
  for (let i = 0; i < 5000; i++) limiter.fail(`2001:db8::${i.toString(16)}`, 1000)
  t.equal(limiter.size, 1000, 'bounded however many addresses fail')
  for (let i = 0; i < 3; i++) limiter.fail('203.0.113.9', 2000)
  t.notOk(limiter.allowed('203.0.113.9', 2000), 'the attacker is limited')
  for (let i = 0; i < 998; i++) limiter.fail(`198.51.100.${i}`, 3000)
  t.notOk(limiter.allowed('203.0.113.9', 3000), 'and stays limited while newer keys fill the map')
})
