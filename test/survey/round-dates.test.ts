import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { userInfo } from 'node:os'
import t from 'tap'
import { runCli } from '../../server/cli.js'
import { loadConfig } from '../../server/config.js'
import { startDueMailings, scheduleMailing } from '../../server/mail/mailings.js'
import { openDatabase } from '../../server/db/database.js'
import { currentRound } from '../../server/survey/rounds.js'
import { swedishDate } from '../../server/survey/clock.js'
import { AdminClient, createAdmin } from '../helpers/admin.js'
import { capture } from '../helpers/cli.js'
import { buildTestApp, tempDir, testEnv } from '../helpers/app.js'


const me = `cli:${userInfo().username}`

t.test('round set-dates from the CLI: checked, audited with the OS user, warns about annandag jul', async (t) => {
  const dir = tempDir(t)
  const env = testEnv(dir)
  // The round the CLI makes opens today; the next annandag jul is its deadline (dates in the past are refused).
  const opens = swedishDate(new Date())
  const year = Number(opens.slice(0, 4)) + (opens.slice(5) < '12-26' ? 0 : 1)
  const deadline = `${year}-12-26`
  const closes = `${year + 1}-01-25`
  const bad = await capture(async (io) => await runCli(['round', 'set-dates', '2027-03-01', '2027-02-01', '2027-04-01'], env, io))
  t.equal(bad.code, 1)
  t.match(bad.err, 'Sista svarsdag: kan inte vara före dagen enkäten öppnar.')
  const notADate = await capture(async (io) => await runCli(['round', 'set-dates', '2027-02-30', '2027-03-01', '2027-04-01'], env, io))
  t.match(notADate.err, 'Öppnar: Datumet finns inte i kalendern.')
  const warned = await capture(async (io) => await runCli(['round', 'set-dates', opens, deadline, closes], env, io))
  t.equal(warned.code, 1, 'a holiday is warned about before anything is saved')
  t.match(warned.out, `Observera: Sista svarsdag 26 december ${year} är annandag jul.`)
  t.match(warned.err, 'Ingenting sparades. Välj en vardag, eller bekräfta datumen med --yes.')
  const ok = await capture(async (io) => await runCli(['round', 'set-dates', opens, deadline, closes, '--yes'], env, io))
  t.equal(ok.code, 0, ok.err)
  t.match(ok.out, `sista svarsdag 26 december ${year}`)
  t.match(ok.out, `Observera: Sista svarsdag 26 december ${year} är annandag jul.`)
  const db = openDatabase(loadConfig(env).databasePath)
  t.teardown(async () => { await db.destroy() })
  const round = await currentRound(db)
  t.match(round, { opens_on: opens, deadline_on: deadline, closes_on: closes })
  const entry = await db.selectFrom('audit_log').selectAll().where('action', '=', 'round_dates_changed').executeTakeFirstOrThrow()
  t.equal(entry.actor, me)
  t.ok(entry.detail?.endsWith(`→ ${opens}/${deadline}/${closes}`))
})

t.test('the admin round page: GET renders, an invalid POST keeps the input and stores nothing, a valid one redirects and stores', async (t) => {
  const { app } = await buildTestApp(t)
  await createAdmin(app)
  const admin = new AdminClient(app)
  await admin.login()
  const before = await currentRound(app.db)
  const page = await admin.get('/admin/omgang')
  t.equal(page.statusCode, 200)
  t.match(page.body, `value="${before!.deadline_on}"`)
  const bad = await admin.postFrom('/admin/omgang', '/admin/omgang', [['opens_on', '2027-02-01'], ['deadline_on', '2027-01-15'], ['closes_on', 'igår']])
  t.equal(bad.statusCode, 422)
  t.match(bad.body, 'value="2027-01-15"', 'input kept')
  t.match(bad.body, 'href="#closes_on"', 'the error summary links to the field')
  t.match(bad.body, 'Stänger: Skriv datumet som ÅÅÅÅ-MM-DD')
  const order = await admin.postFrom('/admin/omgang', '/admin/omgang', [['opens_on', '2027-02-01'], ['deadline_on', '2027-01-15'], ['closes_on', '2027-03-01']])
  t.equal(order.statusCode, 422)
  t.match(order.body, 'href="#deadline_on"')
  t.match(order.body, 'Sista svarsdag: kan inte vara före dagen enkäten öppnar.')
  t.same(await currentRound(app.db), before, 'nothing stored')
  const dates: Array<[string, string]> = [['opens_on', before!.opens_on], ['deadline_on', '2027-12-24'], ['closes_on', '2028-01-10']]
  const warned = await admin.postFrom('/admin/omgang', '/admin/omgang', dates)
  t.equal(warned.statusCode, 200, 'a holiday is warned about before saving')
  t.match(warned.body, 'Kontrollera datumen innan ni sparar. Ingenting är sparat än.')
  t.match(warned.body, 'Sista svarsdag 24 december 2027 är julafton.')
  t.match(warned.body, 'value="2027-12-24"', 'input kept')
  t.match(warned.body, 'Spara datumen ändå')
  t.same(await currentRound(app.db), before, 'nothing stored before the warning is confirmed')
  const key = /name="bekraftat" value="([^"]*)"/.exec(warned.body)?.[1] ?? ''
  const changed = await admin.postFrom('/admin/omgang', '/admin/omgang', [...dates.slice(0, 2), ['closes_on', '2028-01-01'], ['bekraftat', key]])
  t.equal(changed.statusCode, 200, 'other dates than the confirmed ones are warned about again')
  t.match(changed.body, 'Stänger 1 januari 2028 är nyårsdagen.')
  t.same(await currentRound(app.db), before)
  const ok = await admin.postFrom('/admin/omgang', '/admin/omgang', [...dates, ['bekraftat', key]])
  t.equal(ok.statusCode, 303)
  t.equal((await currentRound(app.db))!.deadline_on, '2027-12-24')
  const shown = await admin.get('/admin/omgang?sparat=1')
  t.match(shown.body, 'Datumen är sparade.')
  t.match(shown.body, 'Sista svarsdag 24 december 2027 är julafton.')
  const entry = await app.db.selectFrom('audit_log').selectAll().where('action', '=', 'round_dates_changed').executeTakeFirstOrThrow()
  t.equal(entry.actor, 'analytiker@skr.se')
})

t.test('a scheduled mailing goes out at its time of day in Swedish time (default 09:00), not just after midnight', async (t) => {
  const { app } = await buildTestApp(t)
  const round = (await currentRound(app.db))!
  const day = round.deadline_on
  // 07:30 UTC on a winter day is 08:30 in Stockholm; 08:00 UTC is 09:00.
  const before = new Date(`${day}T07:30:00Z`)
  const at = new Date(`${day}T08:00:00Z`)
  const result = await scheduleMailing(app.db, round, 'invitation', day, new Date(`${day}T05:00:00Z`))
  t.ok(result.ok)
  t.same(await startDueMailings(app.db, round, new Date(`${day}T00:05:00Z`)), [], 'not just after midnight')
  t.same(await startDueMailings(app.db, round, before), [], 'not at 08:30')
  t.same(await startDueMailings(app.db, round, at), ['invitation'], 'at 09:00 it starts')
  t.equal((await app.db.selectFrom('audit_log').select('actor').where('action', '=', 'mailing_started').executeTakeFirstOrThrow()).actor, 'schemalagt utskick')
  const refused = await scheduleMailing(app.db, round, 'reminder-2', day, at, '08:59')
  t.same(refused, { ok: false, reason: 'Tidpunkten har redan passerat.' })
  t.same(await scheduleMailing(app.db, round, 'reminder-2', day, at, '25:00'), { ok: false, reason: 'Ange klockslaget som TT:MM, till exempel 09:00.' })
})

t.test('the CLI audits a contact import, a link export and a mailing with its OS user', async (t) => {
  const dir = tempDir(t)
  const env = testEnv(dir)
  const csv = join(dir, 'kontakter.csv')
  writeFileSync(csv, 'kod;e-post;namn\n0180;a@stockholm.se;Anna\n1480;g@goteborg.se;\n')
  t.equal((await capture(async (io) => await runCli(['contacts', 'import', csv], env, io))).code, 0)
  t.equal((await capture(async (io) => await runCli(['links', 'export', join(dir, 'l.csv')], env, io))).code, 0)
  t.equal((await capture(async (io) => await runCli(['mail', 'send', 'invitation', '--yes'], env, io))).code, 0)
  const db = openDatabase(loadConfig(env).databasePath)
  t.teardown(async () => { await db.destroy() })
  const rows = await db.selectFrom('audit_log').select(['actor', 'action', 'detail']).orderBy('id').execute()
  t.match(rows, [
    { actor: me, action: 'contacts_imported', detail: 'Importerade 2 kontakter: 2 nya (kontakter för alla enkäter).' },
    { actor: me, action: 'links_exported', detail: /^310 länkar för omgång/ },
    { actor: me, action: 'mailing_started', detail: 'Inbjudan: 2 organisationer, 2 adresser' }
  ])
})
