// Failures an operator meets, each answered with one line that names its cause, and files only the owner can read.
import { spawn } from 'node:child_process'
import { statSync, writeFileSync, readdirSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import t from 'tap'
import { sql } from 'kysely'
import { fromRoot } from '../../server/paths.js'
import { runCli } from '../../server/cli.js'
import { fileTransport } from '../../server/mail/transport.js'
import { buildTestApp, tempDir, testEnv } from '../helpers/app.js'
import { entryArgs } from '../helpers/entry.js'
import { hiddenFields, Respondent } from '../helpers/respondent.js'

function run (env: NodeJS.ProcessEnv, until: RegExp | null): Promise<{ code: number | null, out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, entryArgs('server/main'), { env: { ...process.env, ...env }, cwd: fromRoot(), stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    const take = (c: Buffer): void => {
      out += String(c)
      if (until?.test(out)) child.kill('SIGTERM')
    }
    child.stdout.on('data', take)
    child.stderr.on('data', take)
    child.on('exit', (code) => resolve({ code, out }))
  })
}

t.test('a port in use stops the start with one line naming PORT', async (t) => {
  const dir = tempDir(t)
  const blocker = createServer()
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
  t.teardown(() => { blocker.close() })
  const port = (blocker.address() as { port: number }).port
  const { code, out } = await run({ ...testEnv(dir), PORT: String(port), LOG_LEVEL: 'silent' }, null)
  t.equal(code, 1)
  t.match(out, new RegExp(`Cannot listen on 127\\.0\\.0\\.1:${port}: the port is already in use by another process \\(PORT=${port}\\)`))
  t.notMatch(out, /\n\s+at /, 'no stack trace')
})

t.test('a data folder that cannot be made stops the start with one line naming DATABASE_PATH', async (t) => {
  const dir = tempDir(t)
  writeFileSync(join(dir, 'not-a-folder'), 'x')
  const { code, out } = await run({ ...testEnv(dir), DATABASE_PATH: join(dir, 'not-a-folder', 'data', 'survey.db'), MAIL_OUTBOX_DIR: join(dir, 'outbox'), LOG_LEVEL: 'silent' }, null)
  t.equal(code, 1)
  t.match(out, /Cannot create the data folder .*not-a-folder.*a part of the path is a file, not a folder \(DATABASE_PATH=/)
  t.notMatch(out, /\n\s+at /, 'no stack trace')
})

t.test('whatever the umask, the data folder is 0700 and the database, its WAL and backups are 0600', async (t) => {
  const dir = tempDir(t)
  const data = join(dir, 'data')
  const env = { ...testEnv(dir), DATABASE_PATH: join(data, 'survey.db'), PORT: '0' }
  const started = await run(env, /Enkäten körs/)
  t.match(started.out, /Enkäten körs/)
  t.equal(statSync(data).mode & 0o777, 0o700, 'data folder')
  for (const name of readdirSync(data)) t.equal(statSync(join(data, name)).mode & 0o777, 0o600, name)
  const backup = join(dir, 'kopia.db')
  const old = process.umask(0o022)
  try {
    t.equal(await runCli(['backup', backup], env, { out: () => {}, err: () => {}, confirm: null }), 0)
  } finally {
    process.umask(old)
  }
  t.equal(statSync(backup).mode & 0o777, 0o600, 'backup')
})

t.test('e-mail written as files (they hold live links) are 0600 in a 0700 folder, whatever the umask', async (t) => {
  const dir = tempDir(t)
  const old = process.umask(0o022)
  try {
    const transport = fileTransport(join(dir, 'outbox'))
    await transport.send({ fileName: 'test-1', from: 'a@skr.se', to: 'b@kommun.se', subject: 'Länk', text: 'http://x/s/abc' })
    transport.close()
  } finally {
    process.umask(old)
  }
  t.equal(statSync(join(dir, 'outbox')).mode & 0o777, 0o700)
  t.equal(statSync(join(dir, 'outbox', 'test-1.eml')).mode & 0o777, 0o600)
})

t.test('a full disk or a read-only database: saves get a Swedish 503, the log names the real SQLite error first, /readyz fails', async (t) => {
  const { app, tokenFor, logs } = await buildTestApp(t)
  t.equal((await app.inject({ method: 'GET', url: '/readyz' })).statusCode, 200, 'ready at first')
  const r = new Respondent(app)
  await r.open(await tokenFor('0180'))
  const page = await r.get('/enkat/del/e')
  const pages = Number((await sql<{ page_count: number }>`pragma page_count`.execute(app.db)).rows[0]?.page_count)
  await sql.raw(`pragma max_page_count = ${pages}`).execute(app.db)
  const full = await r.post('/enkat/del/e', [...hiddenFields(page.body), ['_action', 'next'], ['q17', 'lång text '.repeat(400)]])
  t.equal(full.statusCode, 503)
  t.match(full.body, /Det går inte att spara just nu/)
  const log = logs()
  const first = log.split('\n').find((l) => /"level":50/.test(l)) ?? ''
  t.match(first, /database or disk is full/, 'the first error line is the real cause')
  t.match(first, /DATABASE_PATH/)
  t.notMatch(first, /cannot rollback/)
  await sql.raw('pragma max_page_count = 1073741823').execute(app.db)
  await sql.raw('pragma query_only = 1').execute(app.db)
  const ready = await app.inject({ method: 'GET', url: '/readyz' })
  t.equal(ready.statusCode, 503)
  t.match(JSON.parse(ready.body), { status: 'unavailable', checks: { database: /cannot write/, disk: 'ok', mail: 'off' } })
  const readOnly = await r.post('/enkat/del/e', [...hiddenFields((await r.get('/enkat/del/e')).body), ['_action', 'next'], ['q17', 'text']])
  t.equal(readOnly.statusCode, 503)
  t.match(logs(), /attempt to write a readonly database/)
  await sql.raw('pragma query_only = 0').execute(app.db)
  t.equal((await app.inject({ method: 'GET', url: '/readyz' })).statusCode, 200, 'ready again once writes land')
})
