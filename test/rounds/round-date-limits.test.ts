import { readFileSync } from 'node:fs'
import t from 'tap'
import { loggedIn, type AdminClient } from '../helpers/admin.js'
import { fromRoot } from '../../server/paths.js'
import { addDays, swedishDate } from '../../server/survey/clock.js'
import { checkNewSurvey, createSurvey } from '../../server/survey/new-survey.js'
import { currentRound } from '../../server/survey/rounds.js'

/** Posts a dates form, confirming the weekend and holiday warnings (they depend on the day the test runs). */
async function postDates (c: AdminClient, page: string, url: string, fields: Array<[string, string]>): Promise<{ statusCode: number, body: string }> {
  const first = await c.postFrom(page, url, fields)
  const key = /name="bekraftat" value="([^"]*)"/.exec(first.body)?.[1]
  if (first.statusCode !== 200 || key === undefined) return first
  return await c.postFrom(page, url, [...fields, ['bekraftat', key]])
}

t.test('an open round keeps its opening day, but a new deadline or closing day in the past is refused', async (t) => {
  const { app, c } = await loggedIn(t)
  const today = swedishDate(new Date())
  await app.db.updateTable('round').set({ opens_on: addDays(today, -10) }).execute()
  const before = await currentRound(app.db)
  const yesterday = await postDates(c, '/admin/omgang', '/admin/omgang', [['opens_on', addDays(today, -10)], ['deadline_on', addDays(today, -1)], ['closes_on', before!.closes_on]])
  t.equal(yesterday.statusCode, 422)
  t.match(yesterday.body, 'Sista svarsdag: ')
  t.match(yesterday.body, 'har redan passerat. Välj i dag eller en senare dag.')
  t.match(yesterday.body, `value="${addDays(today, -1)}"`, 'input kept')
  t.notMatch(yesterday.body, 'Datumen är sparade')
  t.same(await currentRound(app.db), before, 'nothing stored')
  const earlier = await postDates(c, '/admin/omgang', '/admin/omgang', [['opens_on', addDays(today, -20)], ['deadline_on', before!.deadline_on], ['closes_on', before!.closes_on]])
  t.equal(earlier.statusCode, 422, 'a moved opening day in the past is refused too')
  t.match(earlier.body, 'href="#opens_on"')
  const kept = await postDates(c, '/admin/omgang', '/admin/omgang', [['opens_on', addDays(today, -10)], ['deadline_on', addDays(today, 5)], ['closes_on', before!.closes_on]])
  t.equal(kept.statusCode, 303, 'the opening day already passed may stay as it is')
  t.equal((await currentRound(app.db))!.deadline_on, addDays(today, 5))
})

t.test('dates absurdly far ahead are refused', async (t) => {
  const { app, c } = await loggedIn(t)
  const before = await currentRound(app.db)
  const far = await postDates(c, '/admin/omgang', '/admin/omgang', [['opens_on', before!.opens_on], ['deadline_on', before!.deadline_on], ['closes_on', '9999-12-31']])
  t.equal(far.statusCode, 422)
  t.match(far.body, 'Stänger: 31 december 9999 ligger mer än 2 år efter att enkäten öppnar. Kontrollera årtalet.')
  t.notMatch(far.body, 'nyårsafton')
  const opens = await postDates(c, '/admin/omgang', '/admin/omgang', [['opens_on', '2999-02-01'], ['deadline_on', '2999-03-01'], ['closes_on', '2999-04-01']])
  t.equal(opens.statusCode, 422)
  t.match(opens.body, 'Öppnar: 1 februari 2999 ligger mer än 2 år fram i tiden.')
  t.same(await currentRound(app.db), before, 'nothing stored')
  const privacy = await app.inject({ method: 'GET', url: '/personuppgifter' })
  t.notMatch(privacy.body, '10000')
})

t.test('the first round of a new survey cannot open in the past', async (t) => {
  const { app, c } = await loggedIn(t)
  const content = readFileSync(fromRoot('server', 'questionnaire', 'examples', 'digitalisering.json'), 'utf8')
  const checked = await checkNewSurvey(app.db, 'digitalisering', content)
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems))
  const survey = await createSurvey(app.db, 'digitalisering', content, checked.questionnaire, 'test', new Date())
  const today = swedishDate(new Date())
  const fields = (opens: string): Array<[string, string]> => [['name', opens.slice(0, 4)], ['opens_on', opens], ['deadline_on', addDays(opens, 28)], ['closes_on', addDays(opens, 56)], ['classification', 'skl-2017']]
  const past = await postDates(c, '/admin/digitalisering/omgang', '/admin/digitalisering/omgang/ny', fields(addDays(today, -3)))
  t.equal(past.statusCode, 422)
  t.match(past.body, 'Öppnar: ')
  t.match(past.body, 'har redan passerat.')
  t.match(past.body, `value="${addDays(today, -3)}"`, 'input kept')
  t.equal(await currentRound(app.db, survey.id), undefined, 'no round made')
  const ok = await postDates(c, '/admin/digitalisering/omgang', '/admin/digitalisering/omgang/ny', fields(today))
  t.equal(ok.statusCode, 303)
  t.equal((await currentRound(app.db, survey.id))?.opens_on, today)
})
