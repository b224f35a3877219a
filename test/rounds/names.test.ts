import t from 'tap'
import { runCli } from '../../server/cli.js'
import { addDays, swedishDate } from '../../server/survey/clock.js'
import { publishRegister } from '../../server/results/public-register.js'
import { currentRound } from '../../server/survey/rounds.js'
import { loggedIn } from '../helpers/admin.js'
import { testEnv } from '../helpers/app.js'
import { capture } from '../helpers/cli.js'
import { storeResponse } from '../helpers/fixtures.js'

// Organisation names are the round's: the 2018 round names Stockholm's region "Stockholms läns landsting", a round
// made since 1 January 2019 "Region Stockholm", in the mail preview on the command line and in the admin's pages.

const title = (body: string): string => /<h1>([^<]*)<\/h1>/.exec(body)?.[1] ?? ''

t.test('the mail preview and the organisation pages name an organisation as its round does', async (t) => {
  const { app, c, dir } = await loggedIn(t)
  const env = testEnv(dir)
  const round1 = (await currentRound(app.db))!
  t.equal(round1.name_set, 'namn-2018')

  const preview1 = await capture(async (io) => await runCli(['mail', 'preview', 'invitation', '01'], env, io))
  t.equal(preview1.code, 0, preview1.text)
  t.match(preview1.out, 'Stockholms läns landsting', 'round 1 mails the 2018 name')
  t.notMatch(preview1.out, 'Region Stockholm')
  t.equal(title((await c.get('/admin/organisationer/01')).body), 'Stockholms läns landsting')

  // Round 2 is made after 2019: it takes the newest names.
  const today = swedishDate(new Date())
  await app.db.updateTable('round').set({ opens_on: addDays(today, -60), deadline_on: addDays(today, -40), closes_on: addDays(today, -30) }).execute()
  const made = await capture(async (io) => await runCli(['round', 'create', String(Number(round1.name) + 1), today, addDays(today, 20), addDays(today, 40), '--yes'], env, io))
  t.equal(made.code, 0, made.text)
  t.equal((await currentRound(app.db))!.name_set, 'namn-2019')

  const preview2 = await capture(async (io) => await runCli(['mail', 'preview', 'invitation', '01'], env, io))
  t.equal(preview2.code, 0, preview2.text)
  t.match(preview2.out, 'Region Stockholm', 'round 2 mails the 2019 name')
  t.notMatch(preview2.out, 'Stockholms läns landsting')
  const page = (await c.get('/admin/organisationer/01')).body
  t.equal(title(page), 'Region Stockholm', 'the organisation page is titled with the round\'s name')
  t.notMatch(page, 'Stockholms läns landsting')
  const mailing = (await c.get('/admin/utskick/invitation?org=01')).body
  t.match(mailing, 'Region Stockholm', 'the admin mail preview names it as the round does')
  t.notMatch(mailing, 'Stockholms läns landsting', 'also in the list of organisations to preview')
  const send = await capture(async (io) => await runCli(['mail', 'send', 'invitation'], env, io))
  t.match(send.out, 'Länkarna ser ut så här (Region Stockholm)', 'the sample link is named as the round does (code 01 sorts first)')

  // The public register copies a published round's rows with the round's names and its word for a region.
  await storeResponse(app, '01', { q01: 'yes', q02: 'no', q04: [{ partner: 'Pomorskie', country: 'PL', form: 'twin_town', activity: 'active' }] }, new Date())
  await app.db.updateTable('round').set({ opens_on: addDays(today, -20), deadline_on: addDays(today, -10), closes_on: addDays(today, -5) }).where('name', '=', String(Number(round1.name) + 1)).execute()
  t.same(await publishRegister(app.db, (await currentRound(app.db))!, 'admin@skr.se', new Date()), { ok: true })
  const csv = (await app.inject({ method: 'GET', url: '/vanortsregister/vanortsregister.csv' })).body
  t.match(csv, /\n01,Region Stockholm,Region,/, 'the published row names Region Stockholm, a region')
  t.notMatch(csv, 'Landsting')

  const none = await capture(async (io) => await runCli(['mail', 'preview', 'invitation', '9999'], env, io))
  t.equal(none.code, 1)
  t.match(none.err, `Ingen organisation med koden 9999 har en giltig länk i omgång ${Number(round1.name) + 1}.`)
})
