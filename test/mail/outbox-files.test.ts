import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { runCli } from '../../server/cli.js'
import type { CliIo } from '../../server/cli/types.js'
import { buildTestApp, tempDir, testEnv } from '../helpers/app.js'
import { linkPath } from '../helpers/mail.js'
import { Respondent } from '../helpers/respondent.js'

t.test('without SMTP_URL the invitation is written as one .eml file per address, and its link works', async (t) => {
  const dir = tempDir(t)
  const env = testEnv(dir)
  const lines: string[] = []
  const io: CliIo = { out: (l) => { lines.push(l) }, err: (l) => { lines.push(l) }, confirm: null }
  const csv = join(dir, 'kontakter.csv')
  const { writeFileSync } = await import('node:fs')
  writeFileSync(csv, 'kod;e-post;namn\n0180;anna@stockholm.se;Anna\n0180;bo@stockholm.se;Bo\n14;kansli@vgregion.se;\n')
  t.equal(await runCli(['contacts', 'import', csv], env, io), 0)
  t.equal(await runCli(['mail', 'preview', 'invitation', '0180'], env, io), 0)
  t.match(lines.join('\n'), 'Inbjudan skulle gå till 2 organisationer och 3 adresser.')
  t.match(lines.join('\n'), 'Enkäten gäller: Stockholm')
  t.equal(await runCli(['mail', 'send', 'invitation', '--yes'], env, io), 0)
  t.match(lines.join('\n'), 'Köat: 3 meddelanden. Ingen server skickar just nu', 'the CLI only queues')
  t.match(lines.join('\n'), /Länkarna ser ut så här \([^)]+\): http:\/\/enkat\.test\/s\/…[A-Za-z0-9_-]{4}/, 'with a masked sample link')
  t.notOk(existsSync(join(dir, 'outbox')), 'nothing written yet')
  t.equal(await runCli(['mail', 'send-due'], env, io), 0)
  t.match(lines.join('\n'), 'Skickade 3')
  const files = readdirSync(join(dir, 'outbox')).filter((f) => f.endsWith('.eml'))
  t.equal(files.length, 3)
  t.equal(await runCli(['mail', 'send-due'], env, io), 0)
  t.equal(readdirSync(join(dir, 'outbox')).filter((f) => f.endsWith('.eml')).length, 3, 'nothing written twice')
  const anna = files.map((f) => readFileSync(join(dir, 'outbox', f), 'latin1')).find((m) => m.includes('anna@stockholm.se'))!
  t.match(anna, /^To: Anna <anna@stockholm\.se>/m)
  t.match(anna, /^Message-ID: <invitation\./m)
  const decoded = Buffer.from(anna.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8')
  const { app } = await buildTestApp(t, { dir })
  const r = new Respondent(app)
  t.equal((await r.open(linkPath(decoded)!.slice(3))).statusCode, 303)
  t.match((await r.get('/enkat')).body, 'Stockholm')
})

t.test('the running server sends a scheduled mailing when it falls due', async (t) => {
  const dir = tempDir(t)
  const { buildApp } = await import('../../server/app.js')
  const { loadConfig } = await import('../../server/config.js')
  const { Writable } = await import('node:stream')
  const app = await buildApp(loadConfig(testEnv(dir)), { mailIntervalMs: 50, logStream: new Writable({ write (_c, _e, cb) { cb() } }) })
  t.teardown(async () => { await app.close() })
  const { scheduleMailing } = await import('../../server/mail/mailings.js')
  const { currentRound } = await import('../../server/survey/rounds.js')
  const { swedishDate } = await import('../../server/survey/clock.js')
  const org = await app.db.selectFrom('organisation').select('id').where('code', '=', '2584').executeTakeFirstOrThrow()
  const now = new Date().toISOString()
  await app.db.insertInto('contact').values({ organisation_id: org.id, email: 'kiruna@example.se', created_at: now, updated_at: now }).execute()
  const round = (await currentRound(app.db))!
  const today = swedishDate(new Date())
  const later = new Date(Date.now() + 3600_000)
  t.same(await scheduleMailing(app.db, round, 'invitation', swedishDate(later), new Date(), '23:59'), { ok: true })
  // The day and time come: what the clock would do is done to the row.
  await app.db.updateTable('mailing').set({ scheduled_for: today, scheduled_time: '00:00' }).execute()
  await app.ready()
  for (let i = 0; i < 100; i++) {
    const m = await app.db.selectFrom('mailing').select('status').executeTakeFirst()
    if (m?.status === 'done') break
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  const m = await app.db.selectFrom('mailing').selectAll().executeTakeFirstOrThrow()
  t.equal(m.status, 'done')
  t.equal(readdirSync(join(dir, 'outbox')).filter((f) => f.endsWith('.eml')).length, 1)
})
