import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { runCli } from '../../server/cli.js'
import { capture } from '../helpers/cli.js'
import { buildTestApp, tempDir, testEnv } from '../helpers/app.js'
import { addDays, swedishDate } from '../../server/survey/clock.js'
import { saveTemplate } from '../../server/mail/templates.js'

t.test('round create on the command line: refused while the round is open, then a new round with new links and last round’s mail texts', async (t) => {
  const dir = tempDir(t)
  const env = testEnv(dir)
  const { app } = await buildTestApp(t, { dir })
  const today = swedishDate(new Date())
  const first = await app.db.selectFrom('round').selectAll().executeTakeFirstOrThrow()
  await saveTemplate(app.db, first.id, 'invitation', { subject: 'Egen rubrik {deadline}', body: 'Egen text för {organisation}.' }, new Date())
  const next = String(Number(first.name) + 1)

  const usage = await capture(async (io) => await runCli(['round', 'create', next], env, io))
  t.equal(usage.code, 1)
  t.match(usage.err, 'round create <år> <öppnar> <sista-svarsdag> <stänger>')

  const open = await capture(async (io) => await runCli(['round', 'create', next, addDays(today, 1), addDays(today, 20), addDays(today, 40)], env, io))
  t.equal(open.code, 1, 'refused while the current round takes answers')
  t.match(open.err, `Omgång ${first.name} tar emot svar till och med`)

  await app.db.updateTable('round').set({ opens_on: addDays(today, -60), deadline_on: addDays(today, -40), closes_on: addDays(today, -30) }).execute()
  const badDates = await capture(async (io) => await runCli(['round', 'create', next, addDays(today, 10), addDays(today, 5), addDays(today, 40), '--kommungrupper=skr-2099'], env, io))
  t.equal(badDates.code, 1)
  t.match(badDates.err, 'Sista svarsdag: kan inte vara före dagen enkäten öppnar.')
  t.match(badDates.err, 'Kommungrupper: välj en av skl-2017')
  t.equal((await app.db.selectFrom('round').select('id').execute()).length, 1, 'nothing was made')

  const made = await capture(async (io) => await runCli(['round', 'create', next, addDays(today, 10), addDays(today, 30), addDays(today, 50), '--yes'], env, io))
  t.equal(made.code, 0, made.text)
  t.match(made.out, `Omgång ${next} är skapad`)
  t.match(made.out, 'SKL:s kommungruppsindelning 2017')
  const round = await app.db.selectFrom('round').selectAll().where('name', '=', next).executeTakeFirstOrThrow()
  t.equal(round.classification, 'skl-2017')
  const links = await app.db.selectFrom('personal_link').select('id').where('round_id', '=', round.id).execute()
  t.equal(links.length, 310, 'a new link for each organisation')
  const template = await app.db.selectFrom('mail_template').selectAll().where('round_id', '=', round.id).executeTakeFirstOrThrow()
  t.equal(template.subject, 'Egen rubrik {deadline}', 'the edited mail text carries over')
  const entry = await app.db.selectFrom('audit_log').selectAll().where('action', '=', 'round_created').executeTakeFirstOrThrow()
  t.match(entry.actor, 'cli')

  const shown = await capture(async (io) => await runCli(['round', 'show'], env, io))
  t.match(shown.out, `Omgång ${next}`)
  const file = join(dir, 'links.csv')
  t.equal((await capture(async (io) => await runCli(['links', 'export', file], env, io))).code, 0)
  t.equal(readFileSync(file, 'utf8').trim().split('\r\n').length, 311, 'links export writes the new round’s links')
  const twice = await capture(async (io) => await runCli(['round', 'create', String(Number(next) + 1), addDays(today, 60), addDays(today, 70), addDays(today, 80)], env, io))
  t.equal(twice.code, 1, 'only one round that is not closed at a time')
})
