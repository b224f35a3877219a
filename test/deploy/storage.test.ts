// Storage faults on a real small file system (a tmpfs mounted by the test): a full disk at run time and at start,
// and a read-only one at start. Each must name SQLite's own cause, first, and never a rollback that followed it.
import { spawn, spawnSync } from 'node:child_process'
import { mkdirSync, openSync, rmSync, writeSync, closeSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { fromRoot } from '../../server/paths.js'
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
