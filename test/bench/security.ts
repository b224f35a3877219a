// The third security round's figures for `npm run bench` (or alone: `node dist/test/bench/security.js`): the public
// register against a bare route sending the same bytes, the front page while the register is flooded, and the
// worst legitimate and worst hostile page post beside a normal save. A small database of its own (the real size).
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'
import { loadConfig } from '../../server/config.js'
import { openDatabase } from '../../server/db/database.js'
import { fromRoot } from '../../server/paths.js'
import { prepareDatabase } from '../../server/plugins/database.js'
import { questionnaire2018 } from '../../server/questionnaire/questionnaire.js'
import { publishRegister } from '../../server/results/public-register.js'
import { fillSyntheticRound } from '../../server/results/synthetic.js'
import { addDays, swedishDate } from '../../server/survey/clock.js'
import { activeLinks, linkKey } from '../../server/survey/links.js'
import { requireCurrentRound } from '../../server/survey/rounds.js'
import { entryArgs } from '../helpers/entry.js'
import { hiddenFields, openLinkOverHttp } from '../helpers/respondent.js'

export type Recorder = (figure: string, value: string, target: string, met: boolean | null) => void

const BROWSER = { 'accept-encoding': 'gzip, deflate, br' }
let client = 0
/** A request from a client address of its own (nginx's X-Forwarded-For), so that no per-client limit applies. */
const fromAnyone = { setupRequest: (req: autocannon.Request): autocannon.Request => { client++; return { ...req, headers: { ...req.headers, 'x-forwarded-for': `10.${(client >> 16) & 255}.${(client >> 8) & 255}.${client & 255}` } } } }

function median (xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)] ?? 0
}

/** Runs the figures against a server of its own and records them. */
export async function securityBench (record: Recorder, seconds: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'enkat-bench-security-'))
  const env: NodeJS.ProcessEnv = {
    ...process.env, NODE_ENV: 'production', ALLOW_LOCAL_PUBLIC_URL: 'true', ALLOW_FILE_MAIL: 'true', SESSION_SECRET: randomBytes(32).toString('base64url'), DATABASE_PATH: join(dir, 'survey.db'),
    MAIL_OUTBOX_DIR: join(dir, 'outbox'), PUBLIC_URL: 'http://127.0.0.1', LOG_LEVEL: 'warn', TRUST_PROXY: '127.0.0.1'
  }
  const config = loadConfig(env)
  const db = openDatabase(config.databasePath)
  await prepareDatabase(db, config, new Date())
  const round = await requireCurrentRound(db)
  await fillSyntheticRound(db, round.id)
  const links = await activeLinks(db, linkKey(config.sessionSecret), round.id, 'http://x')
  const draft = await db.selectFrom('organisation as o').select('o.code').where((eb) => eb.not(eb.exists(eb.selectFrom('response as r').select('r.id').whereRef('r.organisation_id', '=', 'o.id')))).executeTakeFirstOrThrow()
  await db.destroy()
  const token = links.find((l) => l.code === draft.code)!.url.split('/s/')[1]!

  const start = async (): Promise<{ base: string, stop: () => void }> => {
    const server = spawn(process.execPath, entryArgs('test/bench/server'), { env, cwd: fromRoot(), stdio: ['ignore', 'pipe', 'inherit'] })
    const port = await new Promise<string>((resolve, reject) => {
      let out = ''
      server.stdout.on('data', (c: Buffer) => { out += String(c); const m = /BENCH_PORT=(\d+)/.exec(out); if (m !== null) resolve(m[1]!) })
      server.on('exit', (code) => { reject(new Error(`bench server exited ${String(code)}`)) })
    })
    return { base: `http://127.0.0.1:${port}`, stop: () => server.kill('SIGTERM') }
  }
  let server = await start()
  try {
    await pagePosts(record, server.base, token)
  } finally {
    server.stop()
  }
  // Close and publish the round, as an admin does when the answers have been reviewed.
  const db2 = openDatabase(config.databasePath)
  const today = swedishDate(new Date())
  await db2.updateTable('round').set({ opens_on: addDays(today, -60), deadline_on: addDays(today, -40), closes_on: addDays(today, -1) }).execute()
  await publishRegister(db2, await requireCurrentRound(db2), 'bench@skr.se', new Date())
  await db2.destroy()
  server = await start()
  try {
    await register(record, server.base, seconds)
  } finally {
    server.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

async function pagePosts (record: Recorder, base: string, token: string): Promise<void> {
  const cookie = await openLinkOverHttp(base, token)
  // Fields as a browser encodes them, or (a string) as the attacker sent them: commas unescaped, to fit the body limit.
  const post = async (section: string, fields: Array<[string, string]> | string): Promise<{ status: number, ms: number }> => {
    const html = await (await fetch(`${base}/enkat/del/${section}`, { headers: { cookie } })).text()
    const hidden = new URLSearchParams([...hiddenFields(html), ['_action', 'next']]).toString()
    const body = typeof fields === 'string' ? `${hidden}&${fields}` : `${hidden}&${new URLSearchParams(fields).toString()}`
    const t0 = performance.now()
    const res = await fetch(`${base}/enkat/del/${section}`, { method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body })
    await res.arrayBuffer()
    return { status: res.status, ms: performance.now() - t0 }
  }
  await post('a', [['q01', 'yes'], ['q02', 'yes']])
  const normal: Array<[string, string]> = [['q10.0.name', 'Gränsregionalt projekt'], ['q10.0.kind', 'cross_border'], ['q10.0.countries', 'Finland, Norge'], ['q10.0.activity', 'active']]
  const names = ['Centralafrikanska republiken', 'Demokratiska republiken Kongo', 'Dominikanska republiken', 'Förenade Arabemiraten', 'Papua Nya Guinea', 'Saint Vincent och Grenadinerna', 'Bosnien och Hercegovina', 'Trinidad och Tobago']
  const largest: Array<[string, string]> = []
  for (let i = 0; i < 100; i++) largest.push([`q10.${i}.name`, 'å'.repeat(200)], [`q10.${i}.kind`, 'cross_border'], [`q10.${i}.countries`, names.join(', ')], [`q10.${i}.activity`, 'active'])
  for (const q of questionnaire2018().findSection('c')!.questions) {
    if (q.type !== 'multi') continue
    for (const o of q.options) largest.push([q.id, o.id])
    largest.push([`${q.id}.other`, 'ä'.repeat(q.otherMaxLength)])
  }
  const list = Array.from({ length: 1000 }, () => 'a').join(',')
  const hostile = Array.from({ length: 100 }, (_, i) => `q10.${i}.name=Projekt+${i}&q10.${i}.kind=cross_border&q10.${i}.activity=active&q10.${i}.countries=${list}`).join('&')
  const times: Array<{ label: string, ms: number, status: number }> = []
  for (const [label, fields] of [['vanlig sparning (del C, en rad)', normal], ['största legitima sparningen (del C, 100 rader, 8 länder var)', largest], ['fientlig post (100 rader à 1 000 kommaseparerade delar)', hostile]] as const) {
    const runs = []
    for (let i = 0; i < 15; i++) runs.push(await post('c', fields))
    times.push({ label, ms: median(runs.map((r) => r.ms)), status: runs[0]!.status })
  }
  console.log('\nSidposter (median av 15, över HTTP):')
  const [normalMs, largestMs, hostileMs] = times.map((x) => x.ms) as [number, number, number]
  for (const x of times) record(x.label, `${x.ms.toFixed(1)} ms (svar ${x.status}), ${(x.ms / normalMs).toFixed(1)} × vanlig sparning`, '', null)
  record('fientlig post / största legitima', (hostileMs / largestMs).toFixed(2), '', null)
}

async function register (record: Recorder, base: string, seconds: number): Promise<void> {
  const whole = await (await fetch(`${base}/vanortsregister`)).text()
  const total = /innehåller (\d+) samarbeten/.exec(whole)?.[1] ?? '?'
  const country = /href="\/vanortsregister\?land=([A-Z]{2})"/.exec(whole)?.[1] ?? 'DE'
  console.log(`\nVänortsregistret (${total} rader), sparade sidor mot en bar route som skickar samma byte (gzippade en gång):`)
  for (const [label, path] of [['utan filter', '/vanortsregister'], [`landfilter ${country}`, `/vanortsregister?land=${country}`]] as const) {
    const html = await (await fetch(`${base}${path}`)).text()
    await fetch(`${base}/bench/bytes`, { method: 'POST', headers: { 'content-type': 'text/plain; charset=utf-8' }, body: html })
    const bare = await autocannon({ url: `${base}/bench/sent`, connections: 50, duration: seconds, headers: BROWSER, requests: [fromAnyone] })
    const page = await autocannon({ url: `${base}${path}`, connections: 50, duration: seconds, headers: BROWSER, requests: [fromAnyone] })
    const ratio = page.requests.average / bare.requests.average
    record(`register ${label} (${(Buffer.byteLength(html) / 1024).toFixed(0)} kB), 50 anslutningar`, `${Math.round(page.requests.average)} req/s mot bar ${Math.round(bare.requests.average)} req/s, p99 ${page.latency.p99} ms, fel ${page.errors + page.non2xx}`, '', null)
    record(`kvot register ${label} / bar route`, ratio.toFixed(2), '≥ 0,5', ratio >= 0.5)
  }
  console.log('\nStartsidan / (en klient, 1 anslutning) medan registret översvämmas med 50 anslutningar:')
  const floods = [
    ['från en klient, varje begäran ett nytt filter', { setupRequest: (req: autocannon.Request): autocannon.Request => ({ ...req, path: `/vanortsregister?q=${Math.random().toString(36).slice(2)}`, headers: { ...BROWSER, 'x-forwarded-for': '203.0.113.66' } }) }, true],
    // Many addresses are a distributed flood, which no per-client limit can tell from visitors: reported, no goal.
    ['från många adresser, hela registret', fromAnyone, false],
    ['från många adresser, varje begäran ett nytt filter (nya sidor begränsas för alla klienter tillsammans)', { setupRequest: (req: autocannon.Request): autocannon.Request => ({ ...fromAnyone.setupRequest(req), path: `/vanortsregister?land=${country}&q=${Math.random().toString(36).slice(2, 4)}` }) }, false]
  ] as const
  for (const [label, request, goal] of floods) {
    const flood = autocannon({ url: `${base}/vanortsregister`, connections: 50, duration: seconds + 1, headers: BROWSER, requests: [request] })
    await new Promise((resolve) => setTimeout(resolve, 500))
    const home = await autocannon({ url: `${base}/`, connections: 1, duration: seconds, headers: { ...BROWSER, 'x-forwarded-for': '198.51.100.1' } })
    const f = await flood
    record(`/ under flod ${label}`, `p50 ${home.latency.p50} ms, p99 ${home.latency.p99} ms, ${Math.round(home.requests.average)} req/s (floden: ${Math.round(f.requests.average)} req/s, ${f.non2xx} avvisade)`, goal ? 'p99 ≤ 25 ms' : '', goal ? home.latency.p99 <= 25 : null)
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const seconds = Number(process.env.BENCH_SECONDS ?? 5)
  await securityBench((figure, value, target, met) => { console.log(`  ${met === null ? '·' : met ? '✓' : '✗'} ${figure}: ${value}${target === '' ? '' : ` (mål: ${target})`}`) }, seconds)
}
