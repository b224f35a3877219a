// The third security round's audit findings: typed text stored as the actor of a failed login, an unaudited
// backup, and CLI actions logged as plain "cli" outside the change's transaction.
import { userInfo } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { runCli } from '../../server/cli.js'
import { ADMIN_EMAIL, AdminClient, createAdmin } from '../helpers/admin.js'
import { buildTestApp, tempDir, testEnv } from '../helpers/app.js'
import { capture } from '../helpers/cli.js'

t.test('8. a failed login records the account id or "okänt konto", never what was typed', async (t) => {
  const { app } = await buildTestApp(t)
  await createAdmin(app)
  for (const [i, email] of ['cli:root', 'mitt-hemliga-lösenord-123', ADMIN_EMAIL.toUpperCase(), ''].entries()) {
    const c = new AdminClient(app, `192.0.2.${40 + i}`)
    const token = /name="_login" value="([^"]*)"/.exec((await c.get('/admin/logga-in')).body)?.[1] ?? ''
    t.equal((await c.post('/admin/logga-in', [['_login', token], ['email', email], ['password', 'fel-lösenord-999']])).statusCode, 401)
  }
  const admin = await app.db.selectFrom('admin').select('id').executeTakeFirstOrThrow()
  const rows = await app.db.selectFrom('audit_log').select(['actor', 'detail']).where('action', '=', 'login_failed').orderBy('id').execute()
  t.same(rows.map((r) => r.actor), ['okänt konto', 'okänt konto', `admin:${admin.id}`, 'okänt konto'])
  const all = JSON.stringify(await app.db.selectFrom('audit_log').selectAll().execute())
  t.notMatch(all, 'cli:root', 'typed text is not kept')
  t.notMatch(all, 'mitt-hemliga', 'not even a password typed in the e-mail field')
})

t.test('8. backup is audited; admin add and reset-password log cli:<OS user> in their own transaction', async (t) => {
  const dir = tempDir(t)
  const env = testEnv(dir)
  const { app } = await buildTestApp(t, { dir })
  const me = `cli:${userInfo().username}`
  t.equal((await capture(async (io) => await runCli(['backup', join(dir, 'kopia.db')], env, io))).code, 0)
  t.equal((await capture(async (io) => await runCli(['admin', 'add', 'ny@skr.se'], env, io))).code, 0)
  t.equal((await capture(async (io) => await runCli(['admin', 'reset-password', 'ny@skr.se'], env, io))).code, 0)
  const rows = await app.db.selectFrom('audit_log').select(['actor', 'action', 'detail']).orderBy('id').execute()
  t.same(rows.map((r) => [r.actor, r.action]), [[me, 'backup'], [me, 'admin_added'], [me, 'password_reset']])
  t.match(rows[0]?.detail, /kopia\.db \(0 svar\)/, 'the backup names its file')
  t.notOk(rows.some((r) => r.actor === 'cli'), 'no plain "cli"')
  // A failing change writes no audit entry either: the admin exists already.
  t.equal((await capture(async (io) => await runCli(['admin', 'add', 'ny@skr.se'], env, io))).code, 1)
  t.equal((await app.db.selectFrom('audit_log').select('id').where('action', '=', 'admin_added').execute()).length, 1)
})

t.test('7. the purge with a reader held open says it did not finish, exits non-zero, and privacy finish completes it', async (t) => {
  const { default: SQLite } = await import('better-sqlite3')
  const { addDays, swedishDate } = await import('../../server/survey/clock.js')
  const dir = tempDir(t)
  const env = testEnv(dir)
  const { app } = await buildTestApp(t, { dir })
  const org = await app.db.selectFrom('organisation').select('id').where('code', '=', '0180').executeTakeFirstOrThrow()
  const now = new Date().toISOString()
  await app.db.insertInto('contact').values({ organisation_id: org.id, email: 'anna.andersson@stockholm.se', name: 'Anna Andersson', created_at: now, updated_at: now }).execute()
  const today = swedishDate(new Date())
  await app.db.updateTable('round').set({ opens_on: addDays(today, -60), deadline_on: addDays(today, -40), closes_on: addDays(today, -30) }).execute()
  // Someone's sqlite3 (or a backup) reading the database in an open transaction.
  const reader = new SQLite(join(dir, 'survey.db'), { readonly: true })
  reader.prepare('begin').run()
  reader.prepare('select count(*) from contact').get()
  const held = await capture(async (io) => await runCli(['privacy', 'purge', '--yes'], env, io))
  t.equal(held.code, 1, 'non-zero exit')
  t.notMatch(held.out, 'Raderat', 'it does not claim success')
  t.match(held.err, /kopior finns kvar i databasens loggfil \(WAL, \d+ sidor\)/, 'it says what is left')
  t.match(held.err, 'npm run survey -- privacy finish', 'and how to finish')
  reader.prepare('commit').run()
  reader.close()
  const finished = await capture(async (io) => await runCli(['privacy', 'finish'], env, io))
  t.equal(finished.code, 0, finished.err)
  t.match(finished.out, 'inga kopior av raderade uppgifter')
  await app.close()
  const { readFileSync, existsSync } = await import('node:fs')
  const files = ['survey.db', 'survey.db-wal'].map((f) => join(dir, f)).filter(existsSync).map((f) => readFileSync(f).toString('latin1'))
  t.notOk(files.some((f) => f.includes('anna.andersson@stockholm.se')), 'the address is in neither file')
})
