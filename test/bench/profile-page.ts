// Profiles the making of fresh section pages in one process: sessions of an organisation with 15 twin towns, each
// asking for part B once, then once more (sent as made). With PROFILE=<file>, a CPU profile of the page requests
// alone (sessions are opened, 20 at a time, while the profiler is stopped). Not part of the test suite.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildApp } from '../../server/app.js'
import { loadConfig } from '../../server/config.js'
import { MAX_SESSIONS_PER_LINK } from '../../server/plugins/sessions.js'
import { reissueLink } from '../../server/survey/links.js'
import { requireCurrentRound } from '../../server/survey/rounds.js'
import { openLink, Respondent } from '../helpers/respondent.js'

interface ProfileNode { id: number, callFrame: { functionName: string, url: string, lineNumber: number }, children?: number[] }
interface Profile { nodes: ProfileNode[], samples: number[], timeDeltas: number[] }

const dir = mkdtempSync(join(tmpdir(), 'enkat-prof-'))
const app = await buildApp(loadConfig({ NODE_ENV: 'production', DATABASE_PATH: join(dir, 'db.sqlite'), MAIL_OUTBOX_DIR: join(dir, 'out'), PUBLIC_URL: 'http://x.test', SESSION_SECRET: 'x'.repeat(40), LOG_LEVEL: 'warn', ALLOW_FILE_MAIL: 'true' }), { mailIntervalMs: null, linkLimit: { limit: 1e9, windowMs: 60_000 } })
const round = await requireCurrentRound(app.db)
const org = await app.db.selectFrom('organisation').select('id').where('code', '=', '2580').executeTakeFirstOrThrow()
const token = await reissueLink(app.db, app.linkKey, round.id, org.id, new Date())
const owner = new Respondent(app)
await owner.open(token)
await owner.saveSection('a', [['q01', 'yes'], ['q02', 'no']])
const towns = ['Åbo', 'Tammerfors', 'Bergen', 'Ålborg', 'Tartu', 'Riga', 'Kaunas', 'Rostock', 'Gdańsk', 'Akureyri', 'Mariehamn', 'Odense', 'Tromsø', 'Lahtis', 'Vasa']
await owner.saveSection('b', towns.flatMap((t, i): Array<[string, string]> => [[`q04.${i}.partner`, t], [`q04.${i}.country`, 'Finland'], [`q04.${i}.form`, 'twin_town'], [`q04.${i}.activity`, 'active']]))
const n = Number(process.env.N ?? 2000)
const inspector = await import('node:inspector/promises')
const session = new inspector.Session()
session.connect()
await session.post('Profiler.enable')
await session.post('Profiler.setSamplingInterval', { interval: 100 })
const self = new Map<string, number>()
const inclusive = new Map<string, number>()
let making = 0
let cookies: string[] = []
for (let done = 0; done < n; done += MAX_SESSIONS_PER_LINK) {
  // A link keeps at most 20 sessions live, so each batch is opened just before its first pages (neither timed nor profiled).
  cookies = []
  for (let i = 0; i < MAX_SESSIONS_PER_LINK; i++) cookies.push((await openLink(app, token)).cookie ?? '')
  if (process.env.PROFILE !== undefined) await session.post('Profiler.start')
  const t = performance.now()
  for (const cookie of cookies) {
    const res = await app.inject({ method: 'GET', url: '/enkat/del/b', headers: { cookie, 'accept-encoding': 'gzip' } })
    if (res.statusCode !== 200) throw new Error(String(res.statusCode))
  }
  making += performance.now() - t
  if (process.env.PROFILE !== undefined) add((await session.post('Profiler.stop')).profile as unknown as Profile)
}
const pages = Math.ceil(n / MAX_SESSIONS_PER_LINK) * MAX_SESSIONS_PER_LINK
// The last sessions again (their pages still in the page cache): each page is now sent as made, so this is
// everything around making a page (session, page head, hooks, reply); the difference is the making itself.
const t4 = performance.now()
for (let k = 0; k < 25; k++) for (const cookie of cookies) await app.inject({ method: 'GET', url: '/enkat/del/b', headers: { cookie, 'accept-encoding': 'gzip' } })
const t5 = performance.now()
const { gzipSync } = await import('node:zlib')
const html = (await app.inject({ method: 'GET', url: '/enkat/del/b', headers: { cookie: cookies[0] ?? '' } })).body
const t2 = performance.now()
for (let i = 0; i < n; i++) gzipSync(Buffer.from(html))
const t3 = performance.now()
const fresh = making / pages
const hit = (t5 - t4) / (cookies.length * 25)
console.log(`fresh page: ${fresh.toFixed(3)} ms each; the same page again (cache hit): ${hit.toFixed(3)} ms; making the page: ${(fresh - hit).toFixed(3)} ms; gzip alone (what the bare route does): ${((t3 - t2) / n).toFixed(3)} ms; ${html.length} bytes`)
if (process.env.PROFILE !== undefined) {
  const rows = (map: Map<string, number>): string[] => [...map].sort((a, b) => b[1] - a[1]).slice(0, 60).map(([k, us]) => `${(us / 1000 / pages).toFixed(4).padStart(8)} ms  ${k}`)
  writeFileSync(process.env.PROFILE, ['per page, self:', ...rows(self), '', 'per page, inclusive:', ...rows(inclusive), ''].join('\n'))
  console.log(`profile (per page, self and inclusive): ${process.env.PROFILE}`)
}
await app.close()

/** Adds one profile's time per function (self, and inclusive counted once per stack) to the totals. */
function add (profile: Profile): void {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const parent = new Map<number, number>()
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id)
  const time = new Map<number, number>()
  profile.samples.forEach((id, i) => { time.set(id, (time.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)) })
  const name = (node: ProfileNode): string => `${node.callFrame.functionName === '' ? '(anonym)' : node.callFrame.functionName} ${node.callFrame.url.replace(/.*\/(dist|node_modules)\//, '$1/')}:${node.callFrame.lineNumber + 1}`
  for (const [id, us] of time) {
    const node = byId.get(id)
    if (node === undefined) continue
    self.set(name(node), (self.get(name(node)) ?? 0) + us)
    const seen = new Set<string>()
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const key = name(byId.get(at) as ProfileNode)
      if (seen.has(key)) continue
      seen.add(key)
      inclusive.set(key, (inclusive.get(key) ?? 0) + us)
    }
  }
}
