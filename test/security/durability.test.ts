import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { entryArgs } from '../helpers/entry.js'
import t from 'tap'
import SQLite from 'better-sqlite3'
import { backupDatabase } from '../../server/db/database.js'
import { fromRoot } from '../../server/paths.js'
import { loadAnswers } from '../../server/survey/responses.js'
import { activeLinks, linkKey } from '../../server/survey/links.js'
import { loadConfig } from '../../server/config.js'
import { openDatabase } from '../../server/db/database.js'
import { buildTestApp, tempDir, testEnv } from '../helpers/app.js'
import { answerSnapshot } from '../helpers/db.js'
import { Respondent, hiddenFields, openLinkOverHttp } from '../helpers/respondent.js'

t.test('a respondent away longer than the session lifetime loses nothing', async (t) => {
  const { app, tokenFor } = await buildTestApp(t)
  const token = await tokenFor('0180')
  const r = new Respondent(app)
  await r.open(token)
  const page = await r.get('/enkat/del/e')
  await app.db.updateTable('session').set({ last_seen_at: new Date(Date.now() - 13 * 3600_000).toISOString() }).execute()
  const saved = await r.post('/enkat/del/e', [...hiddenFields(page.body), ['q17', 'Skrivet under en lång lunch']])
  t.equal(saved.statusCode, 303, 'saved after the link was re-checked')
  const id = (await app.db.selectFrom('response').select('id').executeTakeFirstOrThrow()).id
  t.equal((await loadAnswers(app.db, id)).q17, 'Skrivet under en lång lunch')

  const r2 = new Respondent(app)
  await r2.open(token)
  const page2 = await r2.get('/enkat/del/e')
  await app.db.updateTable('session').set({ last_seen_at: new Date(Date.now() - 13 * 3600_000).toISOString() }).execute()
  await tokenFor('0180')
  const before = await answerSnapshot(app.db)
  const refused = await r2.post('/enkat/del/e', [...hiddenFields(page2.body), ['q17', 'Text som inte får försvinna']])
  t.equal(refused.statusCode, 401, 'the link was revoked meanwhile: not saved')
  t.match(refused.body, 'Text som inte får försvinna', 'but the input is shown')
  t.equal(await answerSnapshot(app.db), before)
})

t.test('an online backup while the server writes passes integrity_check and holds every answer committed before it began', async (t) => {
  const { app, tokenFor, config, dir } = await buildTestApp(t)
  const writers = await Promise.all(['0180', '1480', '1280', '0114'].map(async (code) => { const r = new Respondent(app); await r.open(await tokenFor(code)); return r }))
  let stop = false
  let acknowledged = 0
  const writing = Promise.all(writers.map(async (r, i) => {
    for (let n = 0; !stop; n++) {
      const res = await r.saveSection('e', [['q17', `skrivare ${i} sparning ${n}`]])
      if (res.statusCode === 303) acknowledged++
    }
  }))
  while (acknowledged < 20) await new Promise((resolve) => setTimeout(resolve, 50))
  const committed = await answerSnapshot(app.db)
  const committedTexts = (await app.db.selectFrom('answer_text').select(['response_id', 'value']).execute())
  const target = join(dir, 'backup.db')
  const result = await backupDatabase(config.databasePath, target)
  await new Promise((resolve) => setTimeout(resolve, 200))
  stop = true
  await writing
  t.ok(acknowledged >= 20, `${acknowledged} saves acknowledged during the drill`)
  t.equal(result.integrity, 'ok')
  const copy = new SQLite(target, { readonly: true })
  t.equal(copy.pragma('integrity_check', { simple: true }), 'ok', 'restore drill: the copy opens and checks out')
  const rows = copy.prepare('select response_id, value from answer_text').all() as Array<{ response_id: number, value: string }>
  copy.close()
  const version = (s: string): number => Number(/sparning (\d+)/.exec(s)?.[1] ?? -1)
  for (const c of committedTexts) {
    const inCopy = rows.find((r) => r.response_id === c.response_id)
    t.ok(inCopy !== undefined && version(inCopy.value) >= version(c.value), `response ${c.response_id}: committed save ${version(c.value)} is in the copy (${inCopy?.value})`)
  }
  t.ok(committed.length > 0)
})

function startServer (env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess, port: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, entryArgs('server/main'), { env: { ...process.env, ...env, PORT: '0', LOG_LEVEL: 'info' }, cwd: fromRoot(), stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    child.stdout!.on('data', (c: Buffer) => {
      out += String(c)
      const m = /Server listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(out)
      if (m !== null) resolve({ child, port: Number(m[1]) })
    })
    child.on('exit', (code) => { reject(new Error(`server exited ${String(code)}: ${out.slice(-500)}`)) })
  })
}

t.test('1,000 acknowledged saves with the server killed (SIGKILL) at random moments: none is lost', async (t) => {
  const dir = tempDir(t)
  const env = testEnv(dir)
  const config = loadConfig(env)
  let server = await startServer(env)
  const db = openDatabase(config.databasePath)
  t.teardown(async () => { server.child.kill('SIGKILL'); await db.destroy() })
  const round = await db.selectFrom('round').select('id').executeTakeFirstOrThrow()
  const links = (await activeLinks(db, linkKey(config.sessionSecret), round.id, 'http://x')).slice(0, 10).map((l) => ({ code: l.code, token: l.url.split('/s/')[1]! }))
  const lastAck = new Map<string, number>()
  let acknowledged = 0
  let kills = 0
  let inFlight = 0
  let seed = 42
  const random = (): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648 }
  const base = (): string => `http://127.0.0.1:${server.port}`
  // Each browser keeps its cookie and the form it last got; after an acknowledged save it knows the next version
  // itself (as the page it is redirected to would say), and it reads the page again only after a failure.
  const forms = new Map<string, { cookie: string, csrf: string, version: number }>()
  async function save (link: { code: string, token: string }, n: number): Promise<boolean> {
    try {
      let form = forms.get(link.code)
      if (form === undefined) {
        const cookie = await openLinkOverHttp(base(), link.token)
        const page = await (await fetch(`${base()}/enkat/del/e`, { headers: { cookie } })).text()
        const hidden = Object.fromEntries(hiddenFields(page))
        form = { cookie, csrf: hidden._csrf ?? '', version: Number(hidden.version) }
        forms.set(link.code, form)
      }
      const body = new URLSearchParams([['_csrf', form.csrf], ['version', String(form.version)], ['q17', `sparning ${n}`]])
      const res = await fetch(`${base()}/enkat/del/e`, { method: 'POST', body, headers: { cookie: form.cookie, 'content-type': 'application/x-www-form-urlencoded' }, redirect: 'manual' })
      if (res.status === 303) form.version++
      else forms.delete(link.code)
      return res.status === 303
    } catch {
      forms.delete(link.code)
      return false
    }
  }
  let n = 0
  while (acknowledged < 1000) {
    const killAt = acknowledged + 50 + Math.floor(random() * 150)
    while (acknowledged < killAt) {
      const link = links[n % links.length]!
      const ok = await save(link, ++n)
      if (ok) { acknowledged++; lastAck.set(link.code, n) }
    }
    // The kill lands while a save is on its way: sent, and killed a moment later, before or after its commit.
    const link = links[n % links.length]!
    const number = ++n
    let settled = false
    const last = save(link, number).then((ok) => { settled = true; return ok })
    await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 2)))
    if (!settled) inFlight++
    server.child.kill('SIGKILL')
    kills++
    if (await last) { acknowledged++; lastAck.set(link.code, number) }
    const dying = server.child
    if (dying.exitCode === null && dying.signalCode === null) await new Promise((resolve) => dying.once('exit', resolve))
    await new Promise((resolve) => setTimeout(resolve, 50))
    forms.clear()
    server = await startServer(env)
  }
  server.child.kill('SIGKILL')
  t.comment(`${acknowledged} acknowledged saves, ${kills} kills`)
  const lost: string[] = []
  for (const link of links) {
    const org = await db.selectFrom('organisation').select('id').where('code', '=', link.code).executeTakeFirstOrThrow()
    const response = await db.selectFrom('response').select('id').where('organisation_id', '=', org.id).executeTakeFirst()
    const stored = response === undefined ? undefined : (await loadAnswers(db, response.id)).q17 as string | undefined
    const storedN = Number(/sparning (\d+)/.exec(stored ?? '')?.[1] ?? -1)
    if (lastAck.has(link.code) && storedN < lastAck.get(link.code)!) lost.push(`${link.code}: acknowledged ${lastAck.get(link.code)}, stored ${storedN}`)
  }
  t.same(lost, [], 'every acknowledged save survived')
  t.ok(inFlight >= 1, `${inFlight} of ${kills} kills landed while a save was on its way`)
  t.ok(existsSync(config.databasePath))
})
