import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { runCli } from '../../server/cli.js'
import { fromRoot } from '../../server/paths.js'
import { roundQuestionnaire } from '../../server/survey/round-questionnaire.js'
import { addDays, swedishDate } from '../../server/survey/clock.js'
import { capture } from '../helpers/cli.js'
import { buildTestApp, tempDir, testEnv } from '../helpers/app.js'

const example = fromRoot('server', 'questionnaire', 'examples', 'digitalisering.json')

t.test('survey create makes a survey from its file alone, audited; a round of it opens beside the first survey\'s open round', async (t) => {
  const dir = tempDir(t)
  const env = testEnv(dir)
  const { app } = await buildTestApp(t, { dir })
  const today = swedishDate(new Date())
  const run = async (...args: string[]) => await capture(async (io) => await runCli(args, env, io))

  t.match((await run('survey', 'create', 'digitalisering')).err, 'survey create <slug> <fil.json>')
  t.match((await run('survey', 'create', 'Digitalisering!', example)).err, 'Kortnamn: använd små bokstäver')
  t.match((await run('survey', 'create', 'resultat', example)).err, 'resultat är namnet på en sida i administrationen')
  t.match((await run('survey', 'create', 'internationella-samarbeten', example)).err, 'det finns redan en enkät internationella-samarbeten')
  t.match((await run('survey', 'create', 'digitalisering', join(dir, 'saknas.json'))).err, 'saknas.json finns inte')
  const broken = join(dir, 'trasig.json')
  writeFileSync(broken, JSON.stringify({ format: 1, enkät: 'X', titel: 'X' }))
  const refused = await run('survey', 'create', 'digitalisering', broken)
  t.equal(refused.code, 1)
  t.match(refused.err, 'Frågeformulär: inledning: saknas')
  t.equal((await app.db.selectFrom('survey').select('id').execute()).length, 1, 'nothing was made')

  const made = await run('survey', 'create', 'digitalisering', example)
  t.equal(made.code, 0, made.text)
  t.match(made.out, 'Enkäten Digitalisering i kommuner och regioner (digitalisering) är skapad')
  const survey = await app.db.selectFrom('survey').selectAll().where('slug', '=', 'digitalisering').executeTakeFirstOrThrow()
  t.equal(survey.title, 'Digitalisering i kommuner och regioner')
  t.match(survey.description, /digitalisering/)
  t.match(await app.db.selectFrom('audit_log').select(['action', 'actor', 'detail']).where('action', '=', 'survey_created').executeTakeFirstOrThrow(), { actor: /^cli:/, detail: /Enkät digitalisering/ })

  const first = await app.db.selectFrom('round').selectAll().executeTakeFirstOrThrow()
  const dates = [addDays(today, 0), addDays(today, 20), addDays(today, 40)]
  const unnamed = await run('round', 'create', first.name, ...dates, '--yes')
  t.equal(unnamed.code, 1)
  t.match(unnamed.err, 'Det finns flera enkäter: ange vilken med --enkat=<slug> (internationella-samarbeten, digitalisering)')
  t.match((await run('round', 'create', first.name, ...dates, '--enkat=okand')).err, 'Det finns ingen enkät okand.')

  const round = await run('round', 'create', first.name, ...dates, '--enkat=digitalisering', '--yes')
  t.equal(round.code, 0, round.text)
  const made2 = await app.db.selectFrom('round').selectAll().where('survey_id', '=', survey.id).executeTakeFirstOrThrow()
  t.equal(made2.name, first.name, 'the same year as the first survey\'s round: names are unique per survey')
  const qn = await roundQuestionnaire(app.db, made2.id)
  t.equal(qn.texts.title, 'Digitalisering i kommuner och regioner', 'the round takes the survey\'s own file')
  t.ok(qn.hasQuestion('strategi'))
  const links = await app.db.selectFrom('personal_link').select('id').where('round_id', '=', made2.id).where('revoked_at', 'is', null).execute()
  t.equal(links.length, 310, 'every organisation has a link to the new survey')
  t.equal((await app.db.selectFrom('personal_link').select('id').where('round_id', '=', first.id).where('revoked_at', 'is', null).execute()).length, 310, 'the first survey\'s links are untouched')

  const again = await run('round', 'create', String(Number(first.name) + 1), addDays(today, 1), addDays(today, 20), addDays(today, 40), '--enkat=digitalisering', '--yes')
  t.equal(again.code, 1, 'one open round per survey')
  t.match(again.err, `Omgång ${first.name} tar emot svar till och med`)

  const list = await run('survey', 'list')
  t.match(list.out, `internationella-samarbeten: Internationella samarbeten; omgång ${first.name} (öppen`)
  t.match(list.out, `digitalisering: Digitalisering i kommuner och regioner; omgång ${first.name} (öppen`)
  t.match((await run('round', 'show', '--enkat=digitalisering')).out, `Omgång ${first.name}: öppnar`)
})
