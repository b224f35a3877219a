import t from 'tap'
import { buildTestApp } from '../helpers/app.js'
import { answerSnapshot } from '../helpers/db.js'
import { Respondent, hiddenFields } from '../helpers/respondent.js'
import { loadAnswers } from '../../server/survey/responses.js'
import { currentRound } from '../../server/survey/rounds.js'
import { addDays, swedishDate } from '../../server/survey/clock.js'

t.test('submit, reopen through the link, change; after the round closes, read-only', async (t) => {
  const { app, tokenFor } = await buildTestApp(t)
  const token = await tokenFor('2480')
  const r = new Respondent(app)
  await r.open(token)
  await r.saveSection('a', [['q01', 'no'], ['q02', 'no'], ['q03', 'not_prioritised']])
  await r.saveSection('e', [['q17', 'Första versionen']])
  const review = await r.get('/enkat/granska')
  const submitted = await r.post('/enkat/skicka', hiddenFields(review.body))
  t.equal(submitted.statusCode, 303)
  t.equal(submitted.location, '/enkat/kvitto')
  const receipt = await r.get('/enkat/kvitto')
  t.match(receipt.body, 'Tack för era svar')
  const replay = await r.post('/enkat/skicka', hiddenFields(review.body))
  t.equal(replay.statusCode, 303, 'a replayed submit is harmless')
  const events = await app.db.selectFrom('response_event').select('kind').where('kind', '=', 'submitted').execute()
  t.equal(events.length, 1, 'one submission')

  const colleague = new Respondent(app)
  await colleague.open(token)
  t.match((await colleague.get('/enkat')).body, 'Era svar skickades in')
  const changed = await colleague.saveSection('e', [['q17', 'Andra versionen']])
  t.equal(changed.statusCode, 303)
  const response = await app.db.selectFrom('response').selectAll().executeTakeFirstOrThrow()
  t.equal(response.status, 'submitted', 'the submission stays counted')
  t.equal((await loadAnswers(app.db, response.id)).q17, 'Andra versionen')
  const change = await app.db.selectFrom('response_event').selectAll().where('kind', '=', 'changed_after_submission').execute()
  t.equal(change.length, 1, 'the change is recorded')
  t.equal(change[0]!.section, 'e')
  t.ok(Date.parse(change[0]!.at) > 0, 'with its time')

  const round = (await currentRound(app.db))!
  const yesterday = addDays(swedishDate(new Date()), -1)
  await app.db.updateTable('round').set({ opens_on: addDays(yesterday, -60), deadline_on: addDays(yesterday, -10), closes_on: yesterday }).where('id', '=', round.id).execute()
  const closedSection = await colleague.get('/enkat/del/e')
  t.equal(closedSection.statusCode, 303)
  t.equal(closedSection.location, '/enkat/granska')
  const closedReview = await colleague.get('/enkat/granska')
  t.match(closedReview.body, 'Enkäten stängde den')
  t.match(closedReview.body, 'Andra versionen', 'answers shown')
  t.notMatch(closedReview.body, 'href="/enkat/del/', 'no change links')
  t.notMatch(closedReview.body, 'action="/enkat/skicka"', 'no submit')
  const before = await answerSnapshot(app.db)
  const late = await colleague.post('/enkat/del/e', [...hiddenFields(closedReview.body), ['version', '2'], ['q17', 'För sent']])
  t.equal(late.statusCode, 403)
  t.match(late.body, 'Enkäten är stängd')
  t.equal(await answerSnapshot(app.db), before)
})

t.test('a round that has not opened yet takes no answers', async (t) => {
  const { app, tokenFor } = await buildTestApp(t)
  const round = (await currentRound(app.db))!
  const tomorrow = addDays(swedishDate(new Date()), 1)
  await app.db.updateTable('round').set({ opens_on: tomorrow, deadline_on: addDays(tomorrow, 20), closes_on: addDays(tomorrow, 30) }).where('id', '=', round.id).execute()
  const r = new Respondent(app)
  await r.open(await tokenFor('0114'))
  t.match((await r.get('/enkat')).body, 'Enkäten öppnar den')
  t.equal((await r.get('/enkat/del/a')).statusCode, 303)
})
