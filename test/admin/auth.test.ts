import t from 'tap'
import { purgeExpiredSessions } from '../../server/plugins/sessions.js'
import { openLink } from '../helpers/respondent.js'
import { buildTestApp } from '../helpers/app.js'
import { AdminClient, ADMIN_PASSWORD, createAdmin } from '../helpers/admin.js'
import { hashPassword, verifyPassword } from '../../server/admin/passwords.js'

const adminPages = ['/admin', '/admin/bortfall', '/admin/svarskurva', '/admin/partiellt-bortfall', '/admin/organisationer', '/admin/organisationer/0180',
  '/admin/utskick', '/admin/utskick/invitation', '/admin/kontakter/import', '/admin/logg']
const adminPosts = ['/admin/logga-ut', '/admin/utskick/invitation/skicka', '/admin/utskick/invitation/mall', '/admin/utskick/reminder-1/planera',
  '/admin/organisationer/0180/kontakter', '/admin/organisationer/0180/lank', '/admin/kontakter/import']

t.test('every /admin page refuses an anonymous request', async (t) => {
  const { app } = await buildTestApp(t)
  for (const url of adminPages) {
    const res = await app.inject({ method: 'GET', url })
    t.equal(res.statusCode, 303, url)
    t.match(res.headers.location, /^\/admin\/logga-in\?till=/)
  }
  for (const url of adminPosts) {
    const res = await app.inject({ method: 'POST', url, payload: 'x=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } })
    t.equal(res.statusCode, 401, `POST ${url}`)
  }
  const login = await app.inject({ method: 'GET', url: '/admin/logga-in' })
  t.equal(login.statusCode, 200)
  t.match(login.body, 'autocomplete="current-password"')
})

t.test('wrong password, right password, a new session id at login, logout invalidates the cookie', async (t) => {
  const { app, tokenFor } = await buildTestApp(t)
  await createAdmin(app)
  const c = new AdminClient(app)
  const opened = await openLink(app, await tokenFor('0180'))
  const respondentSid = opened.cookie?.split('=')[1]
  c.cookies.set('enkat_sid', respondentSid ?? '')
  t.ok(respondentSid, 'a respondent session in the same browser')
  c.cookies.set('enkat_admin', respondentSid!)
  const planted = respondentSid
  const wrong = await c.login(undefined, 'fel')
  t.equal(wrong.statusCode, 401)
  t.match(wrong.body, 'Fel e-postadress eller lösenord')
  const unknown = await c.login('ingen@skr.se', 'whatever')
  t.equal(unknown.statusCode, 401)
  const ok = await c.login()
  t.equal(ok.statusCode, 303)
  t.equal(ok.location, '/admin')
  const sid = c.cookies.get('enkat_admin')
  t.ok(sid)
  t.not(sid, planted, 'login gives a new session id')
  t.equal((await app.inject({ method: 'GET', url: '/admin', headers: { cookie: `enkat_admin=${planted}` } })).statusCode, 303, 'a planted id is never an admin session')
  t.equal((await app.inject({ method: 'GET', url: '/enkat', headers: { cookie: `enkat_sid=${respondentSid}` } })).statusCode, 200, 'the respondent session is untouched')
  const overview = await c.get('/admin')
  t.equal(overview.statusCode, 200)
  t.match(overview.body, 'analytiker@skr.se')
  t.match(overview.body, '0 av 290 kommuner (0 %)')
  t.match(overview.body, '0 av 20 landsting/regioner (0 %)')
  const oldCookie = `enkat_admin=${c.cookies.get('enkat_admin')}`
  const out = await c.postFrom('/admin', '/admin/logga-ut', [])
  t.equal(out.statusCode, 303)
  const replay = await app.inject({ method: 'GET', url: '/admin', headers: { cookie: oldCookie } })
  t.equal(replay.statusCode, 303, 'the logged-out cookie no longer works')
  const log = await app.db.selectFrom('audit_log').select('action').execute()
  t.same(log.map((l) => l.action), ['login_failed', 'login_failed', 'login', 'logout'])
})

t.test('failed logins back off per account and address; many accounts from one address are limited', async (t) => {
  const { app } = await buildTestApp(t)
  await createAdmin(app)
  const c = new AdminClient(app, '10.0.0.1')
  for (let i = 0; i < 3; i++) t.equal((await c.login(undefined, `fel${i}`)).statusCode, 401)
  const limited = await c.login()
  t.equal(limited.statusCode, 429, 'the pair must wait before the next try, even with the right password')
  t.match(limited.body, /Vänta (1 sekund|[02-9]\d* sekunder|\d{2,} sekunder) och/)
  t.ok(Number((await c.login()).statusCode) === 429)
  const other = new AdminClient(app, '10.0.0.2')
  t.equal((await other.login()).statusCode, 303, 'the account is not locked: the right password from elsewhere works')
  const attacker = new AdminClient(app, '10.0.0.3')
  for (let i = 0; i < 50; i++) await attacker.login(`person${i}@skr.se`, 'x')
  const cut = await attacker.login('annan@skr.se', 'x')
  t.equal(cut.statusCode, 429, 'per address, over many accounts')
  t.match(cut.body, 'För många misslyckade inloggningar härifrån')
})

t.test('sessions expire when idle and absolutely', async (t) => {
  const { app } = await buildTestApp(t)
  await createAdmin(app)
  const c = new AdminClient(app)
  await c.login()
  t.equal((await c.get('/admin')).statusCode, 200)
  await app.db.updateTable('session').set({ last_seen_at: new Date(Date.now() - 31 * 60_000).toISOString() }).execute()
  t.equal((await c.get('/admin')).statusCode, 303, 'idle for 31 minutes')
  await c.login()
  await app.db.updateTable('session').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).execute()
  t.equal((await c.get('/admin')).statusCode, 303, 'past the absolute lifetime')
})

t.test('CSRF: admin forms refuse a missing or forged token; login refuses a missing login token', async (t) => {
  const { app } = await buildTestApp(t)
  await createAdmin(app)
  const c = new AdminClient(app)
  await c.login()
  for (const url of adminPosts.filter((u) => u !== '/admin/kontakter/import')) {
    const res = await c.post(url, [['_csrf', 'forged'], ['confirm', 'yes'], ['email', 'x@y.se']])
    t.equal(res.statusCode, 403, url)
  }
  t.equal(await app.db.selectFrom('mailing').select('id').executeTakeFirst(), undefined, 'nothing was started')
  t.equal(await app.db.selectFrom('contact').select('id').executeTakeFirst(), undefined, 'nothing was added')
  const anon = new AdminClient(app)
  const noToken = await anon.post('/admin/logga-in', [['email', 'analytiker@skr.se'], ['password', ADMIN_PASSWORD]])
  t.equal(noToken.statusCode, 403)
  t.notOk(anon.cookies.has('enkat_admin'))
})

t.test('passwords are scrypt hashes that take real time to check', async (t) => {
  const hash = await hashPassword('hemligt-lösenord')
  t.match(hash, /^scrypt\$32768\$8\$1\$/)
  const start = performance.now()
  t.ok(await verifyPassword('hemligt-lösenord', hash))
  const ms = performance.now() - start
  t.notOk(await verifyPassword('fel', hash))
  t.comment(`one verification took ${ms.toFixed(0)} ms`)
})

t.test('expired and idle sessions are deleted, live ones kept', async (t) => {
  const { app } = await buildTestApp(t)
  const now = new Date()
  const at = (minutesAgo: number): string => new Date(now.getTime() - minutesAgo * 60_000).toISOString()
  const rows = [
    { id: 'live-admin', kind: 'admin' as const, seen: at(5), expires: at(-60) },
    { id: 'idle-admin', kind: 'admin' as const, seen: at(31), expires: at(-60) },
    { id: 'live-respondent', kind: 'respondent' as const, seen: at(11 * 60), expires: at(-60) },
    { id: 'idle-respondent', kind: 'respondent' as const, seen: at(13 * 60), expires: at(-60) },
    { id: 'past-lifetime', kind: 'respondent' as const, seen: at(1), expires: at(1) }
  ]
  for (const r of rows) {
    await app.db.insertInto('session').values({ id_hash: r.id, kind: r.kind, link_id: null, admin_id: null, created_at: at(60), last_seen_at: r.seen, expires_at: r.expires }).execute()
  }
  const removed = await purgeExpiredSessions(app.db, now, { respondent: 12 * 3600, admin: 30 * 60 })
  t.equal(removed, 3)
  t.same((await app.db.selectFrom('session').select('id_hash').orderBy('id_hash').execute()).map((r) => r.id_hash), ['live-admin', 'live-respondent'])
})
