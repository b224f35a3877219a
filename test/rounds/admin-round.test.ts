import t from 'tap'
import { loggedIn } from '../helpers/admin.js'
import { addDays, swedishDate } from '../../server/survey/clock.js'
import { createRound, RoundExists } from '../../server/survey/new-round.js'

t.test('the new-round form: every problem named by its field with the input kept, and two admins at once make one round', async (t) => {
  const { app, c } = await loggedIn(t)
  const today = swedishDate(new Date())
  await app.db.updateTable('round').set({ opens_on: addDays(today, -60), deadline_on: addDays(today, -40), closes_on: addDays(today, -30) }).execute()
  const before = (await app.db.selectFrom('round').select('name').executeTakeFirstOrThrow()).name
  const page = await c.get('/admin/omgang')
  t.match(page.body, 'Skapa omgången', 'the form is offered once the round has closed')

  const bad = await c.postFrom('/admin/omgang', '/admin/omgang/ny', [['name', '27'], ['opens_on', addDays(today, -40)], ['deadline_on', '2027-13-01'], ['closes_on', 'i morgon'], ['classification', 'skl-2017']])
  t.equal(bad.statusCode, 422)
  t.match(bad.body, 'Namn: skriv omgångens år med fyra siffror')
  t.match(bad.body, 'Sista svarsdag: Datumet finns inte i kalendern.')
  t.match(bad.body, 'Stänger: Skriv datumet som ÅÅÅÅ-MM-DD')
  t.match(bad.body, 'href="#new_name"', 'the error summary links to the field')
  t.match(bad.body, 'value="i morgon"', 'what was typed is kept')
  const early = await c.postFrom('/admin/omgang', '/admin/omgang/ny', [['name', '2099'], ['opens_on', addDays(today, -40)], ['deadline_on', addDays(today, 10)], ['closes_on', addDays(today, 20)], ['classification', 'skl-2017']])
  t.match(early.body, 'Öppnar: måste vara efter', 'a new round opens after the last one closed')
  t.match(early.body, /då omgång \d{4} stängde\./, 'in the past tense, as that round has closed')
  t.equal((await app.db.selectFrom('round').select('id').execute()).length, 1, 'nothing made')

  const next = String(Number(before) + 1)
  // bekraftat: the dates' weekend or holiday warnings (they depend on the day the test runs) are taken as read.
  const fields: Array<[string, string]> = [['name', next], ['opens_on', today], ['deadline_on', addDays(today, 20)], ['closes_on', addDays(today, 40)], ['classification', 'skl-2017'], ['bekraftat', `${today}/${addDays(today, 20)}/${addDays(today, 40)}`]]
  const csrf = /name="_csrf" value="([^"]*)"/.exec(page.body)?.[1] ?? ''
  const both = await Promise.all([c.post('/admin/omgang/ny', [['_csrf', csrf], ...fields]), c.post('/admin/omgang/ny', [['_csrf', csrf], ...fields])])
  const loser = both.find((r) => r.statusCode !== 303)
  t.equal(both.filter((r) => r.statusCode === 303).length, 1, 'one made')
  // The other is told, whether its check came after the first round was made (422) or before (409).
  t.ok(loser !== undefined && [409, 422].includes(loser.statusCode), 'the other is refused, never a 500')
  t.match(loser?.body, new RegExp(`det finns redan en omgång ${next}|Omgång ${next} skapades nyss av någon annan`))
  t.equal((await app.db.selectFrom('round').select('id').execute()).length, 2, 'exactly one new round')
  t.equal((await app.db.selectFrom('personal_link').select('id').where('round_id', '=', 2).execute()).length, 310, 'and one set of links')
})

t.test('a round made between the check and the creation is not made twice', async (t) => {
  const { app } = await loggedIn(t)
  const today = swedishDate(new Date())
  await app.db.updateTable('round').set({ opens_on: addDays(today, -60), deadline_on: addDays(today, -40), closes_on: addDays(today, -30) }).execute()
  const input = { name: '2098', opens_on: today, deadline_on: addDays(today, 20), closes_on: addDays(today, 40), classification: 'skl-2017' }
  await createRound(app.db, app.linkKey, input, 'a@skr.se', new Date())
  const err = await createRound(app.db, app.linkKey, { ...input, name: '2099' }, 'b@skr.se', new Date()).then(() => null, (e: unknown) => e)
  t.ok(err instanceof RoundExists, 'the second finds the first one open')
  t.equal((await app.db.selectFrom('round').select('id').execute()).length, 2)
})

t.test('the overview speaks of a round not yet open in the future tense', async (t) => {
  const { app, c } = await loggedIn(t)
  const today = swedishDate(new Date())
  await app.db.updateTable('round').set({ opens_on: addDays(today, 10), deadline_on: addDays(today, 30), closes_on: addDays(today, 40) }).execute()
  const page = await c.get('/admin')
  t.match(page.body, 'Omgången har inte öppnat.')
  t.match(page.body, '<p>Öppnar ')
  t.notMatch(page.body, 'Öppnade ')
})
