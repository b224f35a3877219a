// `npm run bench`: builds a round 100 times the real size, starts the real server in production mode on a free
// port, measures it with autocannon and prints every figure with its target; writes test-artifacts/bench.json.
import { fork, spawn, type ChildProcess } from 'node:child_process'
import { entryArgs } from '../helpers/entry.js'
import { openLinkOverHttp } from '../helpers/respondent.js'
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import autocannon from 'autocannon'
import { addAdmin } from '../../server/admin/accounts.js'
import { loadConfig } from '../../server/config.js'
import { openDatabase, openSqlite } from '../../server/db/database.js'
import { startMailing } from '../../server/mail/mailings.js'
import { fromRoot } from '../../server/paths.js'
import { prepareDatabase } from '../../server/plugins/database.js'
import { MAX_SESSIONS_PER_LINK } from '../../server/plugins/sessions.js'
import { fillSyntheticRound, multiplyRound } from '../../server/results/synthetic.js'
import { activeLinks, linkKey } from '../../server/survey/links.js'
import { respondentHeadQuery } from '../../server/survey/responses.js'
import { currentRound, type Round } from '../../server/survey/rounds.js'
import { hiddenFields } from '../helpers/respondent.js'
import { securityBench } from './security.js'

const DURATION = Number(process.env.BENCH_SECONDS ?? 5)
// BENCH_ONLY=page measures only the section page (building the round is still needed for its database's size).
const ONLY_PAGE = process.env.BENCH_ONLY === 'page'
// Organisations for fresh pages: a link keeps at most 20 sessions live, so every 20 sessions need one of their own.
const PAGE_ORGS = 2000
const dir = mkdtempSync(join(tmpdir(), 'enkat-bench-'))
const env: NodeJS.ProcessEnv = {
  ...process.env, NODE_ENV: 'production', ALLOW_LOCAL_PUBLIC_URL: 'true', ALLOW_FILE_MAIL: 'true', SESSION_SECRET: randomBytes(32).toString('base64url'), DATABASE_PATH: join(dir, 'survey.db'),
  MAIL_OUTBOX_DIR: join(dir, 'outbox'), PUBLIC_URL: 'http://127.0.0.1', LOG_LEVEL: 'warn'
}
const config = loadConfig(env)
const rows: Array<{ figure: string, value: string, target: string, met: boolean | null }> = []
const record = (figure: string, value: string, target: string, met: boolean | null): void => { rows.push({ figure, value, target, met }); console.log(`  ${met === null ? '·' : met ? '✓' : '✗'} ${figure}: ${value}${target === '' ? '' : ` (mål: ${target})`}`) }

function waitFor (child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (c: Buffer) => { out += String(c); const m = pattern.exec(out); if (m !== null) resolve(m[1]!) })
    child.on('exit', (code) => { reject(new Error(`exited ${String(code)}: ${out.slice(-400)}`)) })
  })
}

function rssMb (pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return m === null ? 0 : Number(m[1]) / 1024
}

function percentile (xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!
}

async function main (): Promise<void> {
  console.log(`Bygger en omgång med 31 000 organisationer i ${dir} …`)
  const db = openDatabase(config.databasePath)
  await prepareDatabase(db, config, new Date())
  const round = (await currentRound(db)) as Round
  await fillSyntheticRound(db, round.id)
  await multiplyRound(db, round.id, 100)
  await prepareDatabase(db, config, new Date())
  await addAdmin(db, 'bench@skr.se', 'bench-losenord-123', new Date())
  const partnerships = await db.selectFrom('answer_row').select((eb) => eb.fn.countAll<number>().as('n')).where('question_id', '=', 'q04').executeTakeFirstOrThrow()
  const links = await activeLinks(db, linkKey(config.sessionSecret), round.id, 'http://x')
  const drafts = await db.selectFrom('organisation as o').select('o.code').where((eb) => eb.not(eb.exists(eb.selectFrom('response as r').select('r.id').whereRef('r.organisation_id', '=', 'o.id')))).limit(51 + PAGE_ORGS).execute()
  const tokenOf = (code: string): string => links.find((l) => l.code === code)!.url.split('/s/')[1]!
  const orgs = await db.selectFrom('organisation').select('id').orderBy('id').limit(10_000).execute()
  const now = new Date().toISOString()
  for (let i = 0; i < orgs.length; i += 1000) {
    await db.insertInto('contact').values(orgs.slice(i, i + 1000).map((o) => ({ organisation_id: o.id, email: `kontakt${o.id}@bench.example`, created_at: now, updated_at: now }))).execute()
  }
  await db.destroy()
  console.log(`  ${Number(partnerships.n)} partnerskapsrader, ${links.length} länkar\n`)

  const server = spawn(process.execPath, entryArgs('test/bench/server'), { env, cwd: fromRoot(), stdio: ['ignore', 'pipe', 'pipe'] })
  let serverLog = ''
  server.stderr!.on('data', (c: Buffer) => { serverLog += String(c) })
  const port = Number(await waitFor(server, /BENCH_PORT=(\d+)/))
  server.stdout!.on('data', (c: Buffer) => { serverLog += String(c) })
  const base = `http://127.0.0.1:${port}`
  try {
    await surveyPage(base, tokenOf(drafts[50]!.code), drafts.slice(51).map((d) => tokenOf(d.code)))
    if (ONLY_PAGE) return
    await saves(base, drafts.slice(0, 50).map((d) => tokenOf(d.code)))
    const cookie = await adminCookie(base)
    await adminPages(base, cookie, tokenOf(drafts[0]!.code))
    await queryPlans()
    await exportsAtScale(base, cookie, server.pid!)
    record('SQLITE_BUSY i serverns logg', String((serverLog.match(/SQLITE_BUSY/g) ?? []).length), '0', !serverLog.includes('SQLITE_BUSY'))
  } finally {
    server.kill('SIGTERM')
  }
  if (!ONLY_PAGE) {
    await mail()
    await securityBench(record, DURATION)
  }
  const out = { date: new Date().toISOString(), machine: `${cpus().length} × ${cpus()[0]?.model ?? '?'}, Node ${process.version}`, durationSeconds: DURATION, rows }
  mkdirSync(fromRoot('test-artifacts'), { recursive: true })
  writeFileSync(fromRoot('test-artifacts', 'bench.json'), JSON.stringify(out, null, 2))
  const cell = (text: string): string => text.replaceAll('|', '\\|')
  writeFileSync(fromRoot('test-artifacts', 'bench.md'), [
    `Run ${out.date.slice(0, 10)}, ${out.machine}, \`BENCH_SECONDS=${DURATION}\`:`, '',
    '| figure | value | target | met |', '| --- | --- | --- | --- |',
    ...rows.map((r) => `| ${cell(r.figure)} | ${cell(r.value)} | ${r.target === '' ? '–' : cell(r.target)} | ${r.met === null ? '' : r.met ? 'ja' : '**nej**'} |`), ''
  ].join('\n'))
  console.log(`\n${rows.filter((r) => r.met === false).length} av ${rows.filter((r) => r.met !== null).length} mål missade. Resultat: test-artifacts/bench.json och bench.md`)
  rmSync(dir, { recursive: true, force: true })
}

async function openSession (base: string, token: string): Promise<string> {
  return await openLinkOverHttp(base, token)
}

// What a browser sends along with a page request; section pages are gzipped for clients that take it.
const BROWSER = { 'accept-encoding': 'gzip, deflate, br' }

/**
 * Opens `n` sessions on organisations of their own, 20 on each link (the most a link keeps live), as 20 officials of
 * each would, after `prepare` has given the organisation its answers through the first of them.
 */
async function openSessions (base: string, tokens: string[], n: number, prepare: (cookie: string) => Promise<void>): Promise<string[]> {
  const needed = Math.ceil(n / MAX_SESSIONS_PER_LINK)
  if (needed > tokens.length) throw new Error(`${n} fresh sessions need ${needed} organisations; PAGE_ORGS gives ${tokens.length}`)
  const out: string[] = []
  for (let i = 0; i < needed; i += 10) {
    const groups = await Promise.all(tokens.slice(i, Math.min(needed, i + 10)).map(async (token) => {
      const cookies: string[] = []
      for (let k = 0; k < MAX_SESSIONS_PER_LINK; k++) cookies.push(await openSession(base, token))
      await prepare(cookies[0]!)
      return cookies
    }))
    out.push(...groups.flat())
  }
  return out.slice(0, n)
}

/** Saves a section through its form, as a browser without JavaScript does. */
async function saveSection (base: string, cookie: string, section: string, fields: Array<[string, string]>): Promise<void> {
  const html = await (await fetch(`${base}/enkat/del/${section}`, { headers: { cookie } })).text()
  const body = new URLSearchParams([...hiddenFields(html), ['_action', 'next'], ...fields])
  const res = await fetch(`${base}/enkat/del/${section}`, { method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() })
  if (res.status !== 303) throw new Error(`saving section ${section}: ${res.status}`)
}

const TWIN_TOWNS: Array<[string, string]> = [['Åbo', 'Finland'], ['Tammerfors', 'Finland'], ['Bergen', 'Norge'], ['Ålborg', 'Danmark'], ['Tartu', 'Estland'], ['Riga', 'Lettland'],
  ['Kaunas', 'Litauen'], ['Rostock', 'Tyskland'], ['Gdańsk', 'Polen'], ['Akureyri', 'Island'], ['Mariehamn', 'Åland'], ['Odense', 'Danmark'], ['Tromsø', 'Norge'], ['Lahtis', 'Finland'], ['Vasa', 'Finland']]

/** Parts A and B of an organisation with 15 twin towns, like the largest in the 2018 report. */
async function fifteenTwinTowns (base: string, cookie: string): Promise<void> {
  await saveSection(base, cookie, 'a', [['q01', 'yes'], ['q02', 'no']])
  await saveSection(base, cookie, 'b', TWIN_TOWNS.flatMap(([partner, country], i): Array<[string, string]> => [[`q04.${i}.partner`, partner], [`q04.${i}.country`, country], [`q04.${i}.form`, 'twin_town'], [`q04.${i}.activity`, 'active']]))
}

async function surveyPage (base: string, token: string, pageTokens: string[]): Promise<void> {
  const owner = await openSession(base, token)
  await fifteenTwinTowns(base, owner)
  const plain = await fetch(`${base}/enkat/del/b`, { headers: { cookie: owner, 'accept-encoding': 'identity' } })
  const html = await plain.text()
  const size = Buffer.byteLength(html)
  const rows = (html.match(/id="q04-row-\d+"/g) ?? []).length
  console.log('Enkätsida del B för en organisation med 15 vänorter:')
  record(`storlek utan komprimering (${rows} rader, varav 15 ifyllda)`, `${(size / 1024).toFixed(1)} kB`, '≤ 40 kB', size <= 40 * 1024)
  const gz = Number((await fetch(`${base}/enkat/del/b`, { method: 'HEAD', headers: { cookie: owner, ...BROWSER } })).headers.get('content-length') ?? 0)
  record('storlek med gzip', `${(gz / 1024).toFixed(1)} kB`, '', null)
  await fetch(`${base}/bench/bytes`, { method: 'POST', headers: { 'content-type': 'text/plain; charset=utf-8' }, body: html })

  // A fresh page: every request from a session of its own that has not seen the page, so nothing is sent again
  // as made before; against a bare route in the same process that gzips the same bytes on every request.
  await autocannon({ url: `${base}/bench/bare`, connections: 10, duration: 1, headers: BROWSER })
  let used = 0
  for (const connections of [10, 50]) {
    const bare = await autocannon({ url: `${base}/bench/bare`, connections, duration: DURATION, headers: BROWSER })
    const n = Math.max(2000, Math.round(bare.requests.average * DURATION * 0.6))
    const cookies = await openSessions(base, pageTokens.slice(used), n, async (cookie) => { await fifteenTwinTowns(base, cookie) })
    used += Math.ceil(n / MAX_SESSIONS_PER_LINK)
    let next = 0
    const fresh = await autocannon({
      url: `${base}/enkat/del/b`, connections, amount: cookies.length, headers: BROWSER,
      requests: [{ setupRequest: (req) => ({ ...req, headers: { ...req.headers, cookie: cookies[next++ % cookies.length] as string } }) }]
    })
    const ratio = fresh.requests.average / bare.requests.average
    console.log(`\nNygjord sida del B (${cookies.length} sessioner, var och en ser sidan första gången), ${connections} anslutningar:`)
    record(`bar route som gzippar samma sida, ${connections} anslutningar`, `${Math.round(bare.requests.average)} req/s, p99 ${bare.latency.p99} ms`, '', null)
    record(`nygjord sida, ${connections} anslutningar`, `${Math.round(fresh.requests.average)} req/s, p50 ${fresh.latency.p50} ms, p99 ${fresh.latency.p99} ms, fel ${fresh.errors + fresh.non2xx}`, '', null)
    record(`kvot nygjord sida / bar route, ${connections} anslutningar`, ratio.toFixed(2), '≥ 0,5', ratio >= 0.5)
    if (connections === 10) record('nygjord sida p99, 10 anslutningar', `${fresh.latency.p99} ms`, '≤ 25 ms', fresh.latency.p99 <= 25)
    record(`fel, nygjord sida, ${connections} anslutningar`, String(fresh.errors + fresh.non2xx), '0', fresh.errors + fresh.non2xx === 0)
  }
  // For comparison only: one session asking for the same page again and again gets it as made the first time.
  const again = await autocannon({ url: `${base}/enkat/del/b`, connections: 50, duration: DURATION, headers: { cookie: owner, ...BROWSER } })
  record('samma sida igen för samma session (cacheträff, inte en ny sida), 50 anslutningar', `${Math.round(again.requests.average)} req/s, p99 ${again.latency.p99} ms`, '', null)
}

async function saves (base: string, tokens: string[]): Promise<void> {
  const states = await Promise.all(tokens.map(async (token) => {
    const cookie = await openSession(base, token)
    const html = await (await fetch(`${base}/enkat/del/e`, { headers: { cookie } })).text()
    const fields = Object.fromEntries(hiddenFields(html))
    return { cookie, csrf: fields._csrf, version: Number(fields.version) }
  }))
  // autocannon clears a connection's context before every request, so each request borrows an organisation that no
  // other request is saving (there are as many as connections) and gives it back with its answer. Requests cut off at
  // the end of a run are not answered, so the pool and the stored versions are read anew before each run.
  let free = [...states]
  // Saves cut off at the end of a run may still be committed after autocannon returns: wait until the stored
  // versions stop moving before they are read for the next run, so a 409 is a real conflict, not the bench's own.
  const versions = async (): Promise<string> => (await Promise.all(states.map(async (s) => Object.fromEntries(hiddenFields(await (await fetch(`${base}/enkat/del/e`, { headers: { cookie: s.cookie } })).text())).version))).join(',')
  const settle = async (): Promise<void> => {
    let last = await versions()
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 300))
      const now = await versions()
      if (now === last) return
      last = now
    }
  }
  const reread = async (): Promise<void> => {
    await settle()
    await Promise.all(states.map(async (s) => {
      const html = await (await fetch(`${base}/enkat/del/e`, { headers: { cookie: s.cookie } })).text()
      s.version = Number(Object.fromEntries(hiddenFields(html)).version)
    }))
    free = [...states]
  }
  let n = 0
  const statuses = new Map<number, number>()
  const run = async (duration: number) => await autocannon({
    url: `${base}/enkat/del/e`, connections: 50, duration,
    requests: [{
      method: 'POST',
      setupRequest: (req, ctx: object) => {
        const s = free.shift()
        if (s === undefined) throw new Error('no organisation free')
        ;(ctx as { state?: typeof states[number] }).state = s
        return { ...req, headers: { ...req.headers, cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: s.csrf!, version: String(s.version), q17: `Sparning ${n++}`, 'q18.name': 'Bänk Bänksson' }).toString() }
      },
      onResponse: (status: number, _body: string, ctx: object) => {
        statuses.set(status, (statuses.get(status) ?? 0) + 1)
        const state = (ctx as { state: typeof states[number] }).state
        if (status === 303) state.version++
        free.push(state)
      }
    }]
  })
  await run(1)
  await reread()
  statuses.clear()
  const result = await run(DURATION)
  const ok = result['3xx']
  const failed = result['2xx'] + result['4xx'] + result['5xx'] + result.errors + result.timeouts
  console.log('\nSparningar (validering + skrivning med synchronous=FULL), 50 anslutningar på 50 organisationer:')
  record('sparningar', `${Math.round(result.requests.average)} req/s, p50 ${result.latency.p50} ms`, '', null)
  record('sparning p99', `${result.latency.p99} ms`, '≤ 30 ms', result.latency.p99 <= 30)
  record('fel (alla svar utom 303, anslutningsfel, timeouts)', `${failed} av ${ok + failed} (statuskoder ${JSON.stringify(Object.fromEntries(statuses))})`, '0', failed === 0)
}

async function adminCookie (base: string): Promise<string> {
  const page = await fetch(`${base}/admin/logga-in`)
  const loginCookie = (page.headers.get('set-cookie') ?? '').split(';')[0]!
  const token = /name="_login" value="([^"]+)"/.exec(await page.text())![1]!
  const res = await fetch(`${base}/admin/logga-in`, {
    method: 'POST', redirect: 'manual', headers: { cookie: loginCookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _login: token, till: '/admin', email: 'bench@skr.se', password: 'bench-losenord-123' }).toString()
  })
  return (res.headers.getSetCookie().find((c) => c.startsWith('enkat_admin=')) ?? '').split(';')[0]!
}

async function adminPages (base: string, cookie: string, draftToken: string): Promise<void> {
  console.log('\nAdminsidor med 31 000 organisationer (20 anrop var, i följd):')
  for (const [name, url] of [['översikt', '/admin'], ['bortfallsanalys', '/admin/bortfall'], ['resultat', '/admin/resultat'], ['partiellt bortfall', '/admin/partiellt-bortfall']]) {
    const times: number[] = []
    const cold = performance.now()
    await (await fetch(base + url, { headers: { cookie } })).text()
    const first = performance.now() - cold
    record(`${name}, första anropet`, `${first.toFixed(0)} ms`, '≤ 300 ms', first <= 300)
    for (let i = 0; i < 20; i++) {
      const start = performance.now()
      const res = await fetch(base + url, { headers: { cookie } })
      await res.text()
      if (res.status !== 200) throw new Error(`${url}: ${res.status}`)
      times.push(performance.now() - start)
    }
    const p95 = percentile(times, 95)
    record(`${name} p95 (därefter)`, `${p95.toFixed(0)} ms`, '≤ 300 ms', p95 <= 300)
  }
  // While a survey runs, drafts are saved all the time; results count submitted responses only and stay cached.
  const respondent = await openSession(base, draftToken)
  const times: number[] = []
  for (let i = 0; i < 20; i++) {
    const html = await (await fetch(`${base}/enkat/del/e`, { headers: { cookie: respondent } })).text()
    const form = new URLSearchParams([...hiddenFields(html), ['q17', `Utkast ${i}`]])
    const saved = await fetch(`${base}/enkat/del/e`, { method: 'POST', redirect: 'manual', headers: { cookie: respondent, 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() })
    if (saved.status !== 303) throw new Error(`draft save: ${saved.status}`)
    const start = performance.now()
    await (await fetch(`${base}/admin/resultat`, { headers: { cookie } })).text()
    times.push(performance.now() - start)
  }
  record('resultat p95 med ett sparat utkast före varje anrop', `${percentile(times, 95).toFixed(0)} ms`, '≤ 300 ms', percentile(times, 95) <= 300)
  // A submission changes the counts results and item non-response are read from: the first request after it finds
  // nothing kept from before.
  const review = await (await fetch(`${base}/enkat/granska`, { headers: { cookie: respondent } })).text()
  const submitted = await fetch(`${base}/enkat/skicka`, { method: 'POST', redirect: 'manual', headers: { cookie: respondent, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(hiddenFields(review)).toString() })
  if (submitted.status !== 303) throw new Error(`submit: ${submitted.status}`)
  for (const [name, url] of [['resultat', '/admin/resultat'], ['partiellt bortfall', '/admin/partiellt-bortfall']]) {
    const { took, stall } = await longestStall(base, async () => { await (await fetch(base + url, { headers: { cookie } })).text() })
    record(`${name}, första anropet efter en inskickning (31 000 organisationer, inget sparat från förut)`, `${took.toFixed(0)} ms`, '≤ 300 ms', took <= 300)
    record(`${name}: längsta väntan för andra anrop under tiden`, `${stall.toFixed(0)} ms`, '', null)
  }
}

async function longestStall (base: string, work: () => Promise<void>): Promise<{ took: number, stall: number }> {
  let done = false
  let stall = 0
  const poll = (async () => {
    while (!done) {
      const start = performance.now()
      await (await fetch(`${base}/healthz`)).text()
      stall = Math.max(stall, performance.now() - start)
      await new Promise((resolve) => setTimeout(resolve, 2))
    }
  })()
  const start = performance.now()
  await work()
  const took = performance.now() - start
  done = true
  await poll
  return { took, stall }
}

async function queryPlans (): Promise<void> {
  const sqlite = openSqlite(config.databasePath)
  const kysely = openDatabase(config.databasePath)
  const plans: Record<string, string[]> = {
    'svar per organisation': sqlite.prepare("explain query plan select * from response where round_id = 1 and organisation_id = 5").all().map((r) => (r as { detail: string }).detail),
    'svarsalternativ per svar': sqlite.prepare("explain query plan select * from answer_choice where response_id = 5").all().map((r) => (r as { detail: string }).detail),
    'länk per token': sqlite.prepare("explain query plan select id from personal_link where token_hash = 'x' and revoked_at is null").all().map((r) => (r as { detail: string }).detail),
    'rader per svar': sqlite.prepare("explain query plan select * from answer_row where response_id = 5 and question_id = 'q04' order by position").all().map((r) => (r as { detail: string }).detail),
    'session per cookie': sqlite.prepare("explain query plan select * from session where id_hash = 'x'").all().map((r) => (r as { detail: string }).detail),
    // The server's own query, compiled as it runs.
    'sidhuvud per länk (varje respondentsida)': (() => {
      const head = respondentHeadQuery(kysely, 5).compile()
      return sqlite.prepare(`explain query plan ${head.sql}`).all(...(head.parameters as unknown[])).map((r) => (r as { detail: string }).detail)
    })(),
    'senaste inskickning (resultatens version)': sqlite.prepare("explain query plan select max(id) from response_event where kind = 'submitted'").all().map((r) => (r as { detail: string }).detail),
    'räknade svar per omgång (resultat)': sqlite.prepare('explain query plan select kind, grp, key, n from result_tally where round_id = 1').all().map((r) => (r as { detail: string }).detail),
    'utkorg att skicka': sqlite.prepare("explain query plan select id from outbox_message where status = 'queued' and next_attempt_at <= 'x' order by id limit 5").all().map((r) => (r as { detail: string }).detail)
  }
  sqlite.close()
  await kysely.destroy()
  console.log('\nFrågeplaner för uppslagningar:')
  for (const [name, plan] of Object.entries(plans)) {
    const indexed = plan.every((d) => !/^SCAN /.test(d) || /USING (COVERING )?INDEX/.test(d))
    record(`plan: ${name}`, plan.join(' / '), 'index', indexed)
  }
}

async function exportsAtScale (base: string, cookie: string, pid: number): Promise<void> {
  console.log('\nExporter av omgången med 31 000 organisationer (serverns RSS-ökning under nedladdningen):')
  for (const file of ['results.csv', 'results.xlsx', 'responses.csv']) {
    const before = rssMb(pid)
    let peak = before
    const timer = setInterval(() => { peak = Math.max(peak, rssMb(pid)) }, 10)
    const start = performance.now()
    const res = await fetch(`${base}/admin/resultat/${file}`, { headers: { cookie } })
    let bytes = 0
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.byteLength
    clearInterval(timer)
    const growth = peak - before
    record(`${file}`, `${((performance.now() - start) / 1000).toFixed(2)} s, ${(bytes / 1024 / 1024).toFixed(1)} MB, RSS +${growth.toFixed(0)} MB`, 'RSS-ökning ≤ 100 MB', growth <= 100)
  }
}

async function mail (): Promise<void> {
  const sinkArgs = entryArgs('test/bench/smtp-sink')
  const sink = fork(sinkArgs[sinkArgs.length - 1] as string, [], { execArgv: sinkArgs.slice(0, -1), stdio: ['ignore', 'pipe', 'pipe', 'ipc'] })
  const smtpPort = await waitFor(sink, /SMTP_PORT=(\d+)/)
  const db = openDatabase(config.databasePath)
  const round = (await currentRound(db)) as Round
  const started = await startMailing(db, round, 'invitation', new Date(), false)
  await db.destroy()
  if (!started.ok) throw new Error(started.reason)
  const t0 = performance.now()
  const sender = spawn(process.execPath, [...entryArgs('server/cli'), 'mail', 'send-due'], { env: { ...env, SMTP_URL: `smtp://127.0.0.1:${smtpPort}` }, cwd: fromRoot(), stdio: 'ignore' })
  await new Promise((resolve) => sender.on('exit', resolve))
  const seconds = (performance.now() - t0) / 1000
  const counts = await new Promise<{ unique: number, total: number, doubled: number }>((resolve) => { sink.once('message', (m) => { resolve(m as { unique: number, total: number, doubled: number }) }); sink.send('count') })
  sink.kill()
  console.log('\nUtskick till 10 000 adresser mot en lokal SMTP-server i en annan process:')
  record('meddelanden per sekund', (started.addresses / seconds).toFixed(0), '', null)
  record('mottagna / köade', `${counts.unique} / ${started.addresses}`, 'alla', counts.unique === started.addresses)
  record('dubbletter', String(counts.doubled), '0', counts.doubled === 0)
}

await main()
