import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { runCli } from '../../server/cli.js'
import { addDays, swedishDate } from '../../server/survey/clock.js'
import { currentRound } from '../../server/survey/rounds.js'
import { loggedIn } from '../helpers/admin.js'
import { testEnv } from '../helpers/app.js'
import { capture } from '../helpers/cli.js'
import { storeResponse } from '../helpers/fixtures.js'
import { file2018, fileText } from '../helpers/questionnaire.js'

// The contact question is named by its number in each round's version: question 18 in the 2018 version, question 19
// in a next version that adds a question before it. The privacy page names the current round's, the results page
// each round's own, and the purge of the earlier round the number its respondents saw.

// biome-ignore lint/suspicious/noExplicitAny: a test edits a questionnaire file as loose JSON, as an operator would
type Json = Record<string, any>

function withUkraineQuestion (): Json {
  const f = file2018() as Json
  f.version = 'med-q19'
  f.delar[0].frågor.splice(2, 0, { id: 'q19', typ: 'single', text: 'Stöder {org} en ukrainsk partnerort sedan 2022?', alternativ: [{ id: 'yes', text: 'Ja' }, { id: 'no', text: 'Nej' }] })
  f.resultatkapitel[0].frågor.splice(2, 0, 'q19')
  return f
}

t.test('the privacy page, the results page and the purge name the contact question by its number in the round\'s version', async (t) => {
  const { app, c, dir } = await loggedIn(t)
  const env = testEnv(dir)
  const round1 = (await currentRound(app.db))!
  await storeResponse(app, '1480', { q01: 'no', q02: 'no', q18: { name: 'Eva Ek', title: null, email: 'eva.ek@goteborg.se', phone: null } }, new Date())
  const privacy = async (): Promise<string> => (await app.inject({ method: 'GET', url: '/personuppgifter' })).body
  t.match(await privacy(), 'Fråga 18 (vem som besvarat enkäten)')
  t.match(await privacy(), 'svaren på fråga 18,')
  t.match((await c.get('/admin/resultat')).body, 'Jag behöver kontaktuppgifterna i fråga 18 ')

  const today = swedishDate(new Date())
  await app.db.updateTable('round').set({ opens_on: addDays(today, -60), deadline_on: addDays(today, -40), closes_on: addDays(today, -30) }).where('id', '=', round1.id).execute()
  const path = join(dir, 'med-q19.json')
  writeFileSync(path, fileText(withUkraineQuestion()))
  const made = await capture(async (io) => await runCli(['round', 'create', String(Number(round1.name) + 1), today, addDays(today, 20), addDays(today, 40), `--frageformular=${path}`, '--yes'], env, io))
  t.equal(made.code, 0, made.text)
  t.match(made.out, 'Ny fråga 3 (q19)')

  const now = await privacy()
  t.match(now, 'Fråga 19 (vem som besvarat enkäten)', 'the privacy page names the current round\'s number')
  t.match(now, 'svaren på fråga 19,')
  t.notMatch(now, /[Ff]råga 18/)
  t.match((await c.get('/admin/resultat')).body, 'Jag behöver kontaktuppgifterna i fråga 19 ', 'round 2\'s results page')
  t.match((await c.get(`/admin/resultat?omgang=${round1.name}`)).body, 'Jag behöver kontaktuppgifterna i fråga 18 ', 'round 1\'s results page keeps its number')

  // The purge deletes round 1's contact answers, and names them as round 1's respondents saw them.
  const asked = await capture(async (io) => await runCli(['privacy', 'purge'], env, io))
  t.match(asked.text, `omgång ${round1.name}`)
  t.match(asked.text, /\b[1-9]\d* svar på fråga 18,/, 'the purge counts round 1\'s answers to its question 18')
  t.notMatch(asked.text, 'fråga 19')
})
