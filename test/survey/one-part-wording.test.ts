import { readFileSync } from 'node:fs'
import t from 'tap'
import { fromRoot } from '../../server/paths.js'
import { addDays, swedishDate } from '../../server/survey/clock.js'
import { createRound } from '../../server/survey/new-round.js'
import { checkNewSurvey, createSurvey } from '../../server/survey/new-survey.js'
import { loggedIn } from '../helpers/admin.js'
import { Respondent } from '../helpers/respondent.js'
import { tokenOf } from '../helpers/surveys.js'

// A survey file may have one part and a rows question of at most one row: the respondent's pages then speak of
// "1 del" and "1 rad", never "1 delar" or "1 rader", and leave out what only holds for several parts.
t.test('a one-part survey with a one-row question: counts agree in number', async (t) => {
  const { app } = await loggedIn(t)
  const file = JSON.parse(readFileSync(fromRoot('server', 'questionnaire', 'examples', 'digitalisering.json'), 'utf8'))
  const part = file.delar[1]
  part.frågor = part.frågor.filter((q: { id: string }) => q.id === 'samarbeten')
  part.frågor[0].max_rader = 1
  file.delar = [part]
  file.resultatkapitel = [{ rubrik: 'Samarbeten', flik: 'Samarbeten', frågor: ['samarbeten'] }]
  file.kontaktfråga = null
  const content = JSON.stringify(file)
  const checked = await checkNewSurvey(app.db, 'liten', content)
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems))
  const survey = await createSurvey(app.db, 'liten', content, checked.questionnaire, 'test', new Date())
  const today = swedishDate(new Date())
  const round = await createRound(app.db, app.linkKey, { name: '2026', opens_on: today, deadline_on: addDays(today, 20), closes_on: addDays(today, 40), classification: 'skl-2017', surveyId: survey.id }, 'test', new Date())
  const r = new Respondent(app)
  await r.open(await tokenOf(app, round.id, '0180'))
  const start = await r.get('/enkat')
  const startText = start.body.replace(/<[^>]+>/g, ' ')
  t.match(startText, 'Enkäten har 1 del.')
  t.notMatch(startText, 'Vissa delar visas', 'nothing about parts shown or not when there is one')
  const page = await r.get('/enkat/del/tjanster')
  t.equal(page.statusCode, 200)
  t.match(page.body, 'Högst 1 rad.')
  t.notMatch(page.body, /\b1 rader\b/)
  const two = await r.post('/enkat/del/tjanster', [['samarbeten.0.namn', 'A'], ['samarbeten.1.namn', 'B']])
  t.notMatch(two.body, /\b1 rader\b/, 'the error about too many rows agrees too')
})
