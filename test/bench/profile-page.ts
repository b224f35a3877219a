// Profiles the making of fresh section pages in one process (run with node --cpu-prof): 2,000 sessions of an
// organisation with 15 twin towns, each asking for part B once. Not part of the test suite.
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
for (let i = 0; i < n; i++) cookies.push((await openLink(app, token)).cookie ?? '')
const inspector = await import('node:inspector/promises')
const session = new inspector.Session()
session.connect()
await session.post('Profiler.enable')
if (process.env.PROFILE !== undefined) await session.post('Profiler.start')
const t0 = performance.now()
for (const cookie of cookies) {
  const res = await app.inject({ method: 'GET', url: '/enkat/del/b', headers: { cookie, 'accept-encoding': 'gzip' } })
  if (res.statusCode !== 200) throw new Error(String(res.statusCode))
}
const t1 = performance.now()
if (process.env.PROFILE !== undefined) {
  const { profile } = await session.post('Profiler.stop')
  const { writeFileSync } = await import('node:fs')
  writeFileSync(process.env.PROFILE, JSON.stringify(profile))
}
const { gzipSync } = await import('node:zlib')
const html = (await app.inject({ method: 'GET', url: '/enkat/del/b', headers: { cookie: cookies[0] ?? '' } })).body
const t2 = performance.now()
for (let i = 0; i < n; i++) gzipSync(Buffer.from(html))
const t3 = performance.now()
console.log(`fresh page: ${((t1 - t0) / n).toFixed(3)} ms each; gzip alone: ${((t3 - t2) / n).toFixed(3)} ms; ${html.length} bytes`)
await app.close()
