// Profiles the making of fresh section pages in one process (run with node --cpu-prof): 2,000 sessions of an
// organisation with 15 twin towns, each asking for part B once, then once more (sent as made). Not part of the test suite.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildApp } from '../../server/app.js'
import { loadConfig } from '../../server/config.js'
import { reissueLink } from '../../server/survey/links.js'
import { requireCurrentRound } from '../../server/survey/rounds.js'
import { openLink, Respondent } from '../helpers/respondent.js'

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
const cookies: string[] = []
const inspector = await import('node:inspector/promises')
const session = new inspector.Session()
session.connect()
await session.post('Profiler.enable')
if (process.env.PROFILE !== undefined) await session.post('Profiler.start')
// A link keeps at most 20 sessions live, so each session is opened just before its first page (not timed).
let making = 0
for (let i = 0; i < n; i++) {
  const cookie = (await openLink(app, token)).cookie ?? ''
  cookies.push(cookie)
  const t = performance.now()
  const res = await app.inject({ method: 'GET', url: '/enkat/del/b', headers: { cookie, 'accept-encoding': 'gzip' } })
  making += performance.now() - t
  if (res.statusCode !== 200) throw new Error(String(res.statusCode))
}
if (process.env.PROFILE !== undefined) {
  const { profile } = await session.post('Profiler.stop')
  const { writeFileSync } = await import('node:fs')
  writeFileSync(process.env.PROFILE, JSON.stringify(profile))
}
// The last sessions again (still live, their pages still in the page cache): each page is now sent as made, so this
// is everything around making a page (session, page head, hooks, reply); the difference is the making itself.
const again = cookies.slice(-20)
const t4 = performance.now()
for (let k = 0; k < 25; k++) for (const cookie of again) await app.inject({ method: 'GET', url: '/enkat/del/b', headers: { cookie, 'accept-encoding': 'gzip' } })
const t5 = performance.now()
const { gzipSync } = await import('node:zlib')
const html = (await app.inject({ method: 'GET', url: '/enkat/del/b', headers: { cookie: again[0] ?? '' } })).body
const t2 = performance.now()
for (let i = 0; i < n; i++) gzipSync(Buffer.from(html))
const t3 = performance.now()
const fresh = making / n
const hit = (t5 - t4) / (again.length * 25)
console.log(`fresh page: ${fresh.toFixed(3)} ms each; the same page again (cache hit): ${hit.toFixed(3)} ms; making the page: ${(fresh - hit).toFixed(3)} ms; gzip alone (what the bare route does): ${((t3 - t2) / n).toFixed(3)} ms; ${html.length} bytes`)
await app.close()
