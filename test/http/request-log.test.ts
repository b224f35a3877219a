// Readable logs: ISO 8601 times, one line per request (none for health probes that pass), JSON lines only in
// production, human-readable lines in development.
import { spawn } from 'node:child_process'
import { Writable } from 'node:stream'
import { sql } from 'kysely'
import pino from 'pino'
import t from 'tap'
import { developmentLogStream } from '../../server/http/request-log.js'
import { fromRoot } from '../../server/paths.js'
import { buildTestApp, tempDir, testEnv } from '../helpers/app.js'
import { entryArgs } from '../helpers/entry.js'

const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/

t.test('one JSON line per request with an ISO 8601 time; passing health probes write none, failing ones do', async (t) => {
  const { app, logs } = await buildTestApp(t)
  const before = logs().split('\n').filter((l) => l !== '').length
  for (const url of ['/', '/healthz', '/readyz', '/finns-inte', '/healthz']) await app.inject({ method: 'GET', url })
  const lines = logs().split('\n').filter((l) => l !== '').slice(before).map((l) => JSON.parse(l) as { time: string, msg: string, req?: { url: string, method: string }, res?: { statusCode: number }, ms?: number })
  t.ok(lines.every((l) => iso.test(l.time)), 'every time is ISO 8601')
  const requests = lines.filter((l) => l.req !== undefined)
  t.same(requests.map((l) => [l.req?.method, l.req?.url, l.res?.statusCode, l.msg]), [['GET', '/', 200, 'GET 200'], ['GET', '/finns-inte', 404, 'GET 404']], 'one line for each request but the passing probes')
  t.ok(requests.every((l) => typeof l.ms === 'number'), 'with the time taken')
  await sql.raw('pragma query_only = 1').execute(app.db)
  t.equal((await app.inject({ method: 'GET', url: '/readyz' })).statusCode, 503)
  await sql.raw('pragma query_only = 0').execute(app.db)
  t.match(logs(), /"url":"\/readyz"[^\n]*"statusCode":503/, 'a failing probe gets its line')
})

t.test('in production every line on standard output and error is JSON, the start line included', async (t) => {
  const dir = tempDir(t)
  const env = { ...process.env, ...testEnv(dir), NODE_ENV: 'production', SESSION_SECRET: 'p'.repeat(40), PUBLIC_URL: 'https://enkat.example', ALLOW_FILE_MAIL: 'yes', PORT: '0', LOG_LEVEL: 'info' }
  const out = await new Promise<string>((resolve) => {
    const child = spawn(process.execPath, entryArgs('server/main'), { env, cwd: fromRoot(), stdio: ['ignore', 'pipe', 'pipe'] })
    let text = ''
    const take = (c: Buffer): void => {
      text += String(c)
      if (/Enkäten körs/.test(text)) child.kill('SIGTERM')
    }
    child.stdout.on('data', take)
    child.stderr.on('data', take)
    child.on('exit', () => resolve(text))
  })
  const lines = out.split('\n').filter((l) => l.trim() !== '')
  t.ok(lines.length >= 3, `several lines (${lines.length})`)
  for (const line of lines) {
    let parsed: { time?: string } | null = null
    try { parsed = JSON.parse(line) as { time?: string } } catch {}
    t.ok(parsed !== null && iso.test(parsed.time ?? ''), `a JSON line with an ISO time: ${line.slice(0, 120)}`)
  }
  t.match(out, /"msg":"Enkäten körs på https:\/\/enkat\.example/)
  t.match(out, /"msg":"En administratör har skapats/)
})

t.test('in development the lines are human-readable (pino-pretty) with the local time', async (t) => {
  let text = ''
  const sink = new Writable({ write (chunk, _enc, done) { text += String(chunk); done() } })
  const stream = await developmentLogStream(sink)
  t.ok(stream !== undefined, 'pino-pretty is installed in development')
  const log = pino({ timestamp: pino.stdTimeFunctions.isoTime }, stream!)
  log.info({ req: { method: 'GET', url: '/enkat' } }, 'GET 200')
  await new Promise((resolve) => setTimeout(resolve, 50))
  t.match(text, /^\[\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} [+-]\d{4}\] INFO: GET 200/)
  t.throws(() => JSON.parse(text), 'not JSON')
})
