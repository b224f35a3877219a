// The round's life: "Stäng omgången nu" closes today, "Öppna omgången igen" is the only way back, dates never
// silently reopen a closed round, and a round published in the public register stays closed.
import t from 'tap'
import { runCli } from '../../server/cli.js'
import { loadConfig } from '../../server/config.js'
import { openDatabase } from '../../server/db/database.js'
import { publishRegister } from '../../server/results/public-register.js'
import { createRound } from '../../server/survey/new-round.js'
import { purgePersonalData } from '../../server/survey/privacy.js'
import { addDays, swedishDate } from '../../server/survey/clock.js'
import { currentRound, requireCurrentRound, roundState, workingDayFrom } from '../../server/survey/rounds.js'
import { loggedIn } from '../helpers/admin.js'
import { tempDir, testEnv } from '../helpers/app.js'
import { capture } from '../helpers/cli.js'
import { Respondent } from '../helpers/respondent.js'

t.test('"Stäng omgången nu" asks first, then closes today, audited; respondents meet the closed page', async (t) => {
  const { app, c, tokenFor } = await loggedIn(t)
  const today = swedishDate(new Date())
  const before = await requireCurrentRound(app.db)
  t.equal(roundState(before, new Date()), 'open')
  const r = new Respondent(app)
  await r.open(await tokenFor('0180'))
  t.equal((await r.get('/enkat/del/a')).statusCode, 200, 'the respondent can answer while open')

  const page = await c.get('/admin/omgang')
  t.match(page.body, 'Stäng omgången nu')
  const ask = await c.postFrom('/admin/omgang', '/admin/omgang/stang', [])
  t.equal(ask.statusCode, 200)
  t.match(ask.body, `Vill ni stänga omgång ${before.name} nu?`)
  t.match(ask.body, 'Ja, stäng omgången nu')
  t.same(await currentRound(app.db), before, 'nothing changes before the confirmation')

  const done = await c.postFrom('/admin/omgang', '/admin/omgang/stang', [['bekrafta', 'ja']])
  t.equal(done.statusCode, 303)
  const closed = await requireCurrentRound(app.db)
  t.equal(roundState(closed, new Date()), 'closed', 'closed at once, not at the end of the day')
  t.equal(closed.closes_on, today, 'the closing day is today')
  t.ok(closed.deadline_on <= today)
  const entry = await app.db.selectFrom('audit_log').selectAll().where('action', '=', 'round_closed').executeTakeFirstOrThrow()
  t.equal(entry.actor, 'analytiker@skr.se')
  t.match(entry.detail, `skulle ha stängt ${before.closes_on}`)
  const shown = await c.get(done.location!)
  t.match(shown.body, 'Omgången är stängd.')
  t.match(shown.body, 'Öppna omgången igen')
  t.notMatch(shown.body, 'Spara datumen', 'a closed round offers no date form that would reopen it')
  const answer = await r.get('/enkat/del/a')
  t.not(answer.statusCode, 200, 'the respondent can no longer answer')
  t.match((await r.get(answer.location ?? '/enkat')).body, /stängd|stängt/i)

  const dates = await c.postFrom('/admin/omgang', '/admin/omgang', [['opens_on', closed.opens_on], ['deadline_on', closed.deadline_on], ['closes_on', workingDayFrom(addDays(today, 30))]])
  t.equal(dates.statusCode, 409, 'saving dates never reopens a closed round')
  t.match(dates.body, 'Omgången är stängd. Datumen kan inte ändras på en stängd omgång')
  t.equal(roundState(await requireCurrentRound(app.db), new Date()), 'closed')
})

t.test('"Öppna omgången igen": the closing day is checked and warned about before saving, audited', async (t) => {
  const { app, c } = await loggedIn(t)
  const today = swedishDate(new Date())
  t.equal((await c.postFrom('/admin/omgang', '/admin/omgang/stang', [['bekrafta', 'ja']])).statusCode, 303)
  const closed = await requireCurrentRound(app.db)

  const past = await c.postFrom('/admin/omgang', '/admin/omgang/oppna', [['closes_on', addDays(today, -1)]])
  t.equal(past.statusCode, 422)
  t.match(past.body, 'Stänger: dagen har redan passerat.')
  t.match(past.body, 'href="#reopen_closes_on"')
  t.match(past.body, `value="${addDays(today, -1)}"`, 'input kept')
  const garbage = await c.postFrom('/admin/omgang', '/admin/omgang/oppna', [['closes_on', 'nästa fredag']])
  t.equal(garbage.statusCode, 422)
  t.match(garbage.body, 'Skriv datumet som ÅÅÅÅ-MM-DD')

  let saturday = addDays(today, 7)
  while (new Date(`${saturday}T12:00:00Z`).getUTCDay() !== 6) saturday = addDays(saturday, 1)
  const warned = await c.postFrom('/admin/omgang', '/admin/omgang/oppna', [['closes_on', saturday]])
  t.equal(warned.statusCode, 200)
  t.match(warned.body, 'Kontrollera datumen innan ni sparar. Ingenting är sparat än.')
  t.match(warned.body, /är en lördag|lördag/)
  t.match(warned.body, 'Öppna omgången igen ändå')
  t.same(await requireCurrentRound(app.db), closed, 'nothing saved before the warning is confirmed')

  const monday = workingDayFrom(addDays(saturday, 2))
  const ok = await c.postFrom('/admin/omgang', '/admin/omgang/oppna', [['closes_on', monday]])
  t.equal(ok.statusCode, 303, 'a working day needs no second press')
  const open = await requireCurrentRound(app.db)
  t.equal(roundState(open, new Date()), 'open')
  t.equal(open.closes_on, monday)
  t.equal(open.closed_at, null)
  t.equal(closed.deadline_on, today, 'closing early made today the deadline')
  t.equal(open.deadline_on, monday, 'reopening makes the new closing day the deadline, not a day already gone')
  const entry = await app.db.selectFrom('audit_log').selectAll().where('action', '=', 'round_reopened').executeTakeFirstOrThrow()
  t.match(entry.detail, `stänger ${monday}`)
  t.match(entry.detail, `sista svarsdag ${today} → ${monday}`)
  t.match((await c.get(ok.location!)).body, 'Omgången är öppen igen')
})

t.test('a closed round published in the public register refuses to reopen', async (t) => {
  const { app, c } = await loggedIn(t)
  t.equal((await c.postFrom('/admin/omgang', '/admin/omgang/stang', [['bekrafta', 'ja']])).statusCode, 303)
  t.same(await publishRegister(app.db, await requireCurrentRound(app.db), 'analytiker@skr.se', new Date()), { ok: true })
  const page = await c.get('/admin/omgang')
  t.match(page.body, 'Den kan inte öppnas igen så länge registret är publicerat')
  const refused = await c.postFrom('/admin/omgang', '/admin/omgang/oppna', [['closes_on', workingDayFrom(addDays(swedishDate(new Date()), 14))]])
  t.equal(refused.statusCode, 422)
  t.match(refused.body, 'är publicerad i det offentliga vänortsregistret')
  t.equal(roundState(await requireCurrentRound(app.db), new Date()), 'closed')
  t.equal((await app.db.selectFrom('audit_log').select('id').where('action', '=', 'round_reopened').execute()).length, 0)
})

t.test('a round purged of personal data refuses to reopen, on the page and on the command line', async (t) => {
  const { app, c, config } = await loggedIn(t)
  const round = await requireCurrentRound(app.db)
  await app.db.updateTable('round').set({ opens_on: '2025-01-02', deadline_on: '2025-02-01', closes_on: '2025-03-01' }).where('id', '=', round.id).execute()
  t.notOk('refused' in await purgePersonalData(app.db, await requireCurrentRound(app.db), config.outboxDir, 'test', new Date()), 'the closed round is purged')
  const page = await c.get('/admin/omgang')
  t.match(page.body, 'har rensats från personuppgifter och kan inte öppnas igen')
  t.notMatch(page.body, 'action="/admin/omgang/oppna"', 'no form to reopen it')
  const refused = await c.postFrom('/admin/omgang', '/admin/omgang/oppna', [['closes_on', workingDayFrom(addDays(swedishDate(new Date()), 14))]])
  t.equal(refused.statusCode, 422)
  t.match(refused.body, 'Skapa en ny omgång i stället')
  const cli = await capture(async (io) => await runCli(['round', 'reopen', workingDayFrom(addDays(swedishDate(new Date()), 14))], testEnv(config.dataDir), io))
  t.not(cli.code, 0, 'the command line refuses too')
  t.match(cli.err, 'kan inte öppnas igen')
  t.equal(roundState(await requireCurrentRound(app.db), new Date()), 'closed')
  t.equal((await app.db.selectFrom('audit_log').select('id').where('action', '=', 'round_reopened').execute()).length, 0)
})

t.test('a round or mailing form left open from the round before is refused, not applied to the new round', async (t) => {
  const { app, c } = await loggedIn(t)
  const old = await requireCurrentRound(app.db)
  const roundPage = (await c.get('/admin/omgang')).body
  const mailPage = (await c.get('/admin/utskick/invitation')).body
  const stale = /name="omgang" value="(\d+)"/.exec(roundPage)?.[1]
  t.equal(stale, String(old.id), 'the round page names its round in its forms')
  t.equal(/name="omgang" value="(\d+)"/.exec(mailPage)?.[1], String(old.id), 'and so does the mailing page')
  const csrf = /name="_csrf" value="([^"]*)"/.exec(roundPage)![1]!
  // Meanwhile, a colleague closes that round and starts the next.
  const today = swedishDate(new Date())
  await app.db.updateTable('round').set({ opens_on: addDays(today, -60), deadline_on: addDays(today, -40), closes_on: addDays(today, -30) }).where('id', '=', old.id).execute()
  const next = await createRound(app.db, app.linkKey, { name: String(Number(old.name) + 1), opens_on: today, deadline_on: workingDayFrom(addDays(today, 20)), closes_on: workingDayFrom(addDays(today, 40)), classification: 'skl-2017' }, 'kollega@skr.se', new Date())
  const close = await c.post('/admin/omgang/stang', [['_csrf', csrf], ['omgang', stale!], ['bekrafta', 'ja']])
  t.equal(close.statusCode, 409)
  t.match(close.body, 'Omgången har bytts')
  t.equal(roundState(await requireCurrentRound(app.db), new Date()), 'open', 'the new round is still open')
  const send = await c.post('/admin/utskick/invitation/skicka', [['_csrf', csrf], ['omgang', stale!], ['confirm', 'ja']])
  t.equal(send.statusCode, 409, 'the stale mailing form is refused too')
  t.equal((await app.db.selectFrom('mailing').select('id').where('round_id', '=', next.id).execute()).length, 0, 'no mailing started for the new round')
  t.equal((await app.db.selectFrom('audit_log').select('id').where('action', '=', 'round_closed').execute()).length, 0)
  const current = await c.post('/admin/omgang/stang', [['_csrf', csrf], ['omgang', String(next.id)], ['bekrafta', 'ja']])
  t.equal(current.statusCode, 303, 'a form naming the current round works')
})

t.test('round close and round reopen on the command line: confirmed, audited with the OS user', async (t) => {
  const dir = tempDir(t)
  const env = testEnv(dir)
  const unconfirmed = await capture(async (io) => await runCli(['round', 'close'], env, io))
  t.equal(unconfirmed.code, 1)
  t.match(unconfirmed.err, 'Bekräfta med --yes för att stänga omgången nu.')
  const closed = await capture(async (io) => await runCli(['round', 'close', '--yes'], env, io))
  t.equal(closed.code, 0, closed.err)
  t.match(closed.out, /Omgång \d{4} är stängd\./)
  t.match((await capture(async (io) => await runCli(['round', 'close', '--yes'], env, io))).err, 'är redan stängd')
  const today = swedishDate(new Date())
  const setDates = await capture(async (io) => await runCli(['round', 'set-dates', today, today, workingDayFrom(addDays(today, 20)), '--yes'], env, io))
  t.equal(setDates.code, 1)
  t.match(setDates.err, 'öppna den igen med round reopen <stänger>')
  const day = workingDayFrom(addDays(today, 20))
  const reopened = await capture(async (io) => await runCli(['round', 'reopen', day], env, io))
  t.equal(reopened.code, 0, reopened.err)
  t.match(reopened.out, 'är öppen igen')
  const db = openDatabase(loadConfig(env).databasePath)
  t.teardown(async () => { await db.destroy() })
  const round = await requireCurrentRound(db)
  t.equal(round.closes_on, day)
  t.equal(roundState(round, new Date()), 'open')
  const actions = await db.selectFrom('audit_log').select(['action', 'actor']).where('action', 'in', ['round_closed', 'round_reopened']).orderBy('id').execute()
  t.match(actions, [{ action: 'round_closed', actor: /^cli:/ }, { action: 'round_reopened', actor: /^cli:/ }])
})
