// Storage faults on a real small file system (a tmpfs mounted by the test): a full disk at run time and at start,
// and a read-only one at start; and a real I/O error writing the WAL at run time. Each must name SQLite's own cause, first, and never a rollback that followed it.
import { spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, openSync, rmSync, writeSync, closeSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import t from 'tap'
import { openDatabase } from '../../server/db/database.js'
import { fromRoot } from '../../server/paths.js'
import { activeLinks, linkKey } from '../../server/survey/links.js'
import { buildTestApp, tempDir, testEnv } from '../helpers/app.js'
import { entryArgs } from '../helpers/entry.js'
import { hiddenFields, Respondent } from '../helpers/respondent.js'

/** Mounts a tmpfs of the given size at a fresh folder and unmounts it when the test ends; null when it cannot. */
function smallDisk (t: { teardown: (fn: () => unknown) => void }, megabytes: number): string | null {
  const dir = join(tempDir(t), 'disk')
  mkdirSync(dir)
  const res = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${megabytes}m,mode=0700`, 'tmpfs', dir], { encoding: 'utf8' })
  if (res.status !== 0) return null
  t.teardown(() => { spawnSync('umount', ['-l', dir]) })
  return dir
}

/** Fills the file system holding dir with one file until it is full; returns the file, to free space by removing it. */
function fill (dir: string): string {
  const file = join(dir, 'filler')
  const fd = openSync(file, 'w')
  const block = Buffer.alloc(64 * 1024, 1)
  try {
    for (;;) writeSync(fd, block)
  } catch {
    const small = Buffer.alloc(512, 1)
    try { for (;;) writeSync(fd, small) } catch {}
  } finally {
    closeSync(fd)
  }
  return file
}

const mountable = ((): boolean => {
  const probe = spawnSync('sh', ['-c', 'd=$(mktemp -d) && mount -t tmpfs -o size=1m tmpfs "$d" && umount "$d"; r=$?; rmdir "$d"; exit $r'])
  return probe.status === 0
})()
const skip = mountable ? false : 'mounting a tmpfs needs root (CI runs as root); skipped here'

/** Starts the compiled server with env until it prints that it runs or exits; SIGTERM once it runs. */
function start (env: NodeJS.ProcessEnv): Promise<{ code: number | null, out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, entryArgs('server/main'), { env: { ...process.env, ...env }, cwd: fromRoot(), stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    const take = (c: Buffer): void => {
      out += String(c)
      if (/Enkäten körs/.test(out)) child.kill('SIGTERM')
    }
    child.stdout.on('data', take)
    child.stderr.on('data', take)
    child.on('exit', (code) => resolve({ code, out }))
  })
}

t.test('a save on a full disk: the Swedish 503 page, SQLite\'s own error first in the log, nothing half-saved', { skip }, async (t) => {
  const disk = smallDisk(t, 16)!
  const { app, tokenFor, logs } = await buildTestApp(t, { dir: disk })
  const r = new Respondent(app)
  await r.open(await tokenFor('0180'))
  const page = await r.get('/enkat/del/e')
  const text = 'lång text '.repeat(400)
  const filler = fill(disk)
  const full = await r.post('/enkat/del/e', [...hiddenFields(page.body), ['_action', 'next'], ['q17', text]])
  t.equal(full.statusCode, 503)
  t.match(full.body, /Det går inte att spara just nu/)
  const errors = logs().split('\n').filter((l) => /"level":50/.test(l))
  t.match(errors[0] ?? '', /database or disk is full/, 'the first error line is SQLite\'s own')
  t.match(errors[0] ?? '', /DATABASE_PATH/)
  t.notMatch(logs(), /cannot rollback|no transaction is active|no such savepoint/, 'no failed rollback stands in for the cause')
  rmSync(filler)
  const again = await r.get('/enkat/del/e')
  t.notMatch(again.body, /lång text/, 'nothing of the failed save was stored')
  const saved = await r.post('/enkat/del/e', [...hiddenFields(again.body), ['_action', 'next'], ['q17', text]])
  t.equal(saved.statusCode, 303, 'once there is room the same save lands')
  t.match((await r.get('/enkat/del/e')).body, /lång text/)
})

t.test('a start on a full disk ends with one line naming the disk and DATABASE_PATH, no stack trace', { skip }, async (t) => {
  const disk = smallDisk(t, 4)!
  fill(disk)
  const { code, out } = await start({ ...testEnv(disk), DATABASE_PATH: join(disk, 'data', 'survey.db'), MAIL_OUTBOX_DIR: join(tempDir(t), 'outbox'), LOG_LEVEL: 'silent', PORT: '0' })
  t.equal(code, 1)
  t.equal(out.trim().split('\n').length, 1, `one line: ${out}`)
  t.match(out, /The disk holding .*disk\/data is full .*DATABASE_PATH=/)
  t.notMatch(out, /\n\s+at /, 'no stack trace')
})

t.test('a start with a database on a file system that is full once the database exists, one line', { skip }, async (t) => {
  const disk = smallDisk(t, 16)!
  const env = { ...testEnv(disk), MAIL_OUTBOX_DIR: join(tempDir(t), 'outbox'), LOG_LEVEL: 'silent', PORT: '0' }
  t.match((await start(env)).out, /Enkäten körs/, 'starts while there is room')
  fill(disk)
  const { code, out } = await start(env)
  t.equal(code, 1)
  t.equal(out.trim().split('\n').length, 1, `one line: ${out}`)
  t.match(out, /is full .*DATABASE_PATH=/)
})

t.test('a start on a read-only file system ends with one line naming DATABASE_PATH', { skip }, async (t) => {
  const disk = smallDisk(t, 16)!
  const env = { ...testEnv(disk), MAIL_OUTBOX_DIR: join(tempDir(t), 'outbox'), LOG_LEVEL: 'silent', PORT: '0' }
  t.match((await start(env)).out, /Enkäten körs/, 'starts while writable')
  t.equal(spawnSync('mount', ['-o', 'remount,ro', disk]).status, 0, 'remounted read-only')
  const { code, out } = await start(env)
  t.equal(code, 1)
  t.equal(out.trim().split('\n').length, 1, `one line: ${out}`)
  t.match(out, /read-only .*DATABASE_PATH/)
  t.notMatch(out, /\n\s+at /, 'no stack trace')
})

const prlimit = ['/usr/bin/prlimit', '/bin/prlimit'].find((p) => existsSync(p))

/** A free loopback port. */
async function freePort (): Promise<number> {
  const s = createServer()
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve))
  const port = (s.address() as { port: number }).port
  await new Promise<void>((resolve) => s.close(() => resolve()))
  return port
}

// An I/O error on the WAL while the server runs: the running server's file-size limit (RLIMIT_FSIZE, set with
// prlimit; Node ignores SIGXFSZ) is lowered to one byte, so its next write to the -wal file fails with EFBIG, which
// SQLite reports as SQLITE_IOERR_WRITE ("disk I/O error"). Needs no root; the limit is lifted again afterwards.
t.test('an I/O error writing the WAL at run time: the Swedish 503 page, SQLite\'s own error first in the log', { skip: prlimit === undefined ? 'prlimit (util-linux) is not installed' : false }, async (t) => {
  const dir = tempDir(t)
  const port = await freePort()
  const secret = randomBytes(32).toString('base64url')
  const env: NodeJS.ProcessEnv = { ...process.env, ...testEnv(dir), PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: `http://127.0.0.1:${port}`, SESSION_SECRET: secret, LOG_LEVEL: 'info' }
  // Through env -u: tap adds its process-info hook to every child's NODE_OPTIONS, and that hook's signal-exit would
  // turn SIGXFSZ (which Node ignores) back into a kill; the server must run as it does in production.
  const server = spawn('env', ['-u', 'NODE_OPTIONS', process.execPath, ...entryArgs('server/main')], { env, cwd: fromRoot(), stdio: ['ignore', 'pipe', 'pipe'] })
  t.teardown(() => { server.kill('SIGKILL') })
  let out = ''
  server.stdout.on('data', (c: Buffer) => { out += String(c) })
  server.stderr.on('data', (c: Buffer) => { out += String(c) })
  for (let i = 0; i < 300 && !/Enkäten körs/.test(out); i++) await new Promise((resolve) => setTimeout(resolve, 100))
  t.match(out, /Enkäten körs/, 'the server runs')

  const base = `http://127.0.0.1:${port}`
  const db = openDatabase(env.DATABASE_PATH ?? '')
  const round = await db.selectFrom('round').select('id').executeTakeFirstOrThrow()
  const token = (await activeLinks(db, linkKey(secret), round.id, base))[0]!.url.split('/s/')[1]!
  await db.destroy()
  const cookiesOf = (res: Response): string => res.headers.getSetCookie().map((c) => c.split(';')[0] ?? '').join('; ')
  const linkPage = await fetch(`${base}/s/${token}`)
  const opened = await fetch(`${base}/enkat/oppna`, {
    method: 'POST', redirect: 'manual', headers: { cookie: cookiesOf(linkPage), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token, _open: /name="_open" value="([^"]*)"/.exec(await linkPage.text())?.[1] ?? '' })
  })
  t.equal(opened.status, 303, 'the link opens the survey')
  const cookie = cookiesOf(opened)
  const save = async (): Promise<Response> => {
    const page = await (await fetch(`${base}/enkat/del/e`, { headers: { cookie } })).text()
    return await fetch(`${base}/enkat/del/e`, {
      method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams([...hiddenFields(page), ['_action', 'next'], ['q17', 'en kommentar som inte får halvsparas']])
    })
  }

  const logged = out.length
  t.equal(spawnSync(prlimit!, ['--pid', String(server.pid), '--fsize=1:unlimited']).status, 0, 'the server can write no file beyond its first byte')
  const failed = await save()
  t.equal(spawnSync(prlimit!, ['--pid', String(server.pid), '--fsize=unlimited:unlimited']).status, 0, 'the limit is lifted')
  t.equal(failed.status, 503)
  t.match(await failed.text(), /Det går inte att spara just nu/, 'the Swedish 503 page')
  // The server writes a request's log lines once it has answered, so they may come a moment after the page.
  for (let i = 0; i < 50 && !/"msg":"POST 503"/.test(out.slice(logged)); i++) await new Promise((resolve) => setTimeout(resolve, 100))
  const errors = out.slice(logged).split('\n').filter((l) => /"level":50/.test(l))
  t.match(errors[0] ?? '', /"message":"disk I\/O error"/, 'the first error line is SQLite\'s own')
  t.match(errors[0] ?? '', /SQLITE_IOERR_WRITE/, 'with its code')
  t.match(errors[0] ?? '', /DATABASE_PATH/, 'and where to look')
  t.notMatch(out, /cannot rollback|no transaction is active|no such savepoint/, 'no failed rollback stands in for the cause')
  t.notMatch(await (await fetch(`${base}/enkat/del/e`, { headers: { cookie } })).text(), /inte får halvsparas/, 'nothing of the failed save was stored')
  const again = await save()
  t.equal(again.status, 303, 'once the disk writes again the same save lands')
  const page = await (await fetch(`${base}/enkat/del/e`, { headers: { cookie } })).text()
  t.match(page, /en kommentar som inte får halvsparas/)
})
