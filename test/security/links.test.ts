import { randomBytes } from 'node:crypto'
import t, { type Test } from 'tap'
import { buildApp } from '../../server/app.js'
import { loadConfig } from '../../server/config.js'
import { startMailing } from '../../server/mail/mailings.js'
import { deliverDue } from '../../server/mail/sender.js'
import { fileTransport } from '../../server/mail/transport.js'
import { activeLinks } from '../../server/survey/links.js'
import { currentRound } from '../../server/survey/rounds.js'
import { Writable } from 'node:stream'
import { tempDir, testEnv } from '../helpers/app.js'
import { addContacts } from '../helpers/mail.js'
import { Respondent } from '../helpers/respondent.js'

async function appWith (t: Test, linkLimit: { limit: number, windowMs: number }) {
  const dir = tempDir(t)
  const logs: string[] = []
  const config = loadConfig(testEnv(dir))
  const app = await buildApp(config, { linkLimit, logStream: new Writable({ write (c, _e, cb) { logs.push(String(c)); cb() } }) })
  t.teardown(async () => { await app.close() })
  return { app, config, dir, logs }
}

t.test('10,000 random token guesses get 0 hits', async (t) => {
  const { app } = await appWith(t, { limit: 1_000_000, windowMs: 60_000 })
  let hits = 0
  for (let i = 0; i < 10_000; i++) {
    const res = await app.inject({ method: 'GET', url: `/s/${randomBytes(32).toString('base64url')}` })
    if (res.statusCode !== 404) hits++
  }
  t.equal(hits, 0)
})

t.test('failed link openings are rate-limited per client address, then recover', async (t) => {
  const { app } = await appWith(t, { limit: 10, windowMs: 3000 })
  const token = (await activeLinks(app.db, app.linkKey, (await currentRound(app.db))!.id, 'http://x'))[0]!.url.split('/s/')[1]!
  const guess = async (ip: string, tok = 'A'.repeat(43)): Promise<number> => (await app.inject({ method: 'GET', url: `/s/${tok}`, remoteAddress: ip })).statusCode
  for (let i = 0; i < 10; i++) t.equal(await guess('10.1.1.1'), 404)
  const limited = await app.inject({ method: 'GET', url: `/s/${'A'.repeat(43)}`, remoteAddress: '10.1.1.1' })
  t.equal(limited.statusCode, 429)
  t.match(limited.body, 'För många försök')
  t.equal(await guess('10.1.1.1', token), 200, 'a valid link opens even while the address is limited')
  t.equal(await guess('10.1.1.1'), 429, 'while failures still wait')
  t.equal(await guess('10.1.1.2', token), 200, 'other addresses are not affected')
  await new Promise((resolve) => setTimeout(resolve, 3100))
  t.equal(await guess('10.1.1.1'), 404, 'recovers after the window')
})

t.test('no issued token appears in the log, the database or a Referer', async (t) => {
  const { app, config, logs, dir } = await appWith(t, { limit: 1000, windowMs: 60_000 })
  await addContacts(app, [['0180', 'a@stockholm.se'], ['1480', 'g@goteborg.se']])
  const round = (await currentRound(app.db))!
  await startMailing(app.db, round, 'invitation', new Date(), false)
  await deliverDue(app.db, fileTransport(config.outboxDir), { linkKey: app.linkKey, publicUrl: config.publicUrl, mailFrom: config.mailFrom })
  const tokens = (await activeLinks(app.db, app.linkKey, round.id, config.publicUrl)).map((l) => l.url.split('/s/')[1]!)
  for (const token of tokens.slice(0, 20)) {
    const r = new Respondent(app)
    const opened = await r.open(token)
    t.equal(opened.statusCode, 303)
    t.equal(opened.location, '/enkat')
    const page = await r.get('/enkat/del/a')
    if (page.body.includes(token)) t.fail('token in a page')
    await r.saveSection('a', [['q01', 'yes'], ['q02', 'no']])
  }
  const res = await app.inject({ method: 'GET', url: `/s/${tokens[0]}` })
  t.equal(res.headers['referrer-policy'], 'no-referrer')
  const dump: string[] = []
  for (const table of ['organisation', 'round', 'personal_link', 'response', 'response_section', 'response_event', 'answer_choice', 'answer_text', 'session', 'contact', 'mailing', 'outbox_message', 'audit_log'] as const) {
    dump.push(JSON.stringify(await app.db.selectFrom(table).selectAll().execute()))
  }
  const db = dump.join('\n')
  const log = logs.join('')
  t.ok(log.length > 1000, 'the log has content')
  const leaks = tokens.filter((tok) => db.includes(tok) || log.includes(tok))
  t.same(leaks, [], `none of ${tokens.length} tokens in the database dump or the log`)
  void dir
})
