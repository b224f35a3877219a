import t from 'tap'
import { loadAnswers } from '../../server/survey/responses.js'
import { buildTestApp } from '../helpers/app.js'
import { hiddenFields, Respondent } from '../helpers/respondent.js'
import { openExampleSurvey, tokenOf } from '../helpers/surveys.js'

// One browser, two surveys: a browser has one survey open at a time, so a page of the first survey left open in a
// tab after the second survey's link was opened is refused in words that say why, never "Sidan finns inte".
t.test('a page of another survey left open in a tab says why it cannot be saved, and saves nothing', async (t) => {
  const { app, tokenFor } = await buildTestApp(t)
  const example = await openExampleSurvey(app)
  const r = new Respondent(app)
  await r.open(await tokenFor('0181'))
  const partA = await r.get('/enkat/del/a')
  t.equal(partA.statusCode, 200)
  await r.open(await tokenOf(app, example.round.id, '0181'))
  t.match((await r.get('/enkat')).body, 'Digitalisering', 'the browser now has the second survey open')

  const posted = await r.post('/enkat/del/a', [...hiddenFields(partA.body), ['_action', 'next'], ['q01', 'yes'], ['q02', 'no']])
  t.equal(posted.statusCode, 409)
  t.match(posted.body, 'Svaren på sidan är inte sparade')
  t.match(posted.body, 'I den här webbläsaren är nu enkäten Digitalisering i kommuner och regioner öppen')
  t.match(posted.body, 'öppna länken i e-postmeddelandet')
  t.match(posted.body, '<html lang="sv"')
  const reloaded = await r.get('/enkat/del/a')
  t.equal(reloaded.statusCode, 404)
  t.match(reloaded.body, 'Sidan hör till en annan enkät')
  const responses = await app.db.selectFrom('response').select('id').execute()
  for (const { id } of responses) t.same(await loadAnswers(app.db, id), {}, 'nothing stored in either survey')
})
