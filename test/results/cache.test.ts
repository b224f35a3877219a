import t from 'tap'
import { computeFigures, computeFiguresNow, findFigure } from '../../server/results/figures.js'
import { offThreadRuns } from '../../server/results/off-thread.js'
import { itemNonResponse, itemNonResponseNow } from '../../server/statistics/item-nonresponse.js'
import { currentRound } from '../../server/survey/rounds.js'
import { buildTestApp } from '../helpers/app.js'
import { Respondent, submitFromReview } from '../helpers/respondent.js'

t.test('cached results follow every change of the answers, including clearing one', async (t) => {
  const { app, tokenFor } = await buildTestApp(t)
  const round = (await currentRound(app.db))!
  const r = new Respondent(app)
  await r.open(await tokenFor('0180'))
  await r.saveSection('a', [['q01', 'yes'], ['q02', 'no']])
  await r.saveSection('b', [['q05', 'culture']])
  await submitFromReview(r)
  const count = async (): Promise<number | undefined> => findFigure(await computeFigures(app.db, round.id), 'q05', 'culture', 'kommuner')?.count
  t.equal(await count(), 1)
  t.equal(await count(), 1, 'cached')
  await r.saveSection('b', [])
  t.equal(await count(), 0, 'clearing the answer is seen at once')
  await r.saveSection('b', [['q05', 'culture']])
  t.equal(await count(), 1)
})

t.test('saves of drafts leave cached results alone; a submission is counted at once', async (t) => {
  const { app, tokenFor } = await buildTestApp(t)
  const round = (await currentRound(app.db))!
  const anna = new Respondent(app)
  await anna.open(await tokenFor('0181'))
  await anna.saveSection('a', [['q01', 'yes'], ['q02', 'no']])
  await anna.saveSection('b', [['q05', 'culture']])
  const first = await computeFigures(app.db, round.id)
  t.equal(findFigure(first, 'q05', 'culture', 'kommuner')?.count, 0, 'a draft is not counted')
  await anna.saveSection('b', [['q05', 'education']])
  t.equal(await computeFigures(app.db, round.id), first, 'the same computation is used after a draft save')
  await submitFromReview(anna)
  const after = await computeFigures(app.db, round.id)
  t.not(after, first, 'computed anew after the submission')
  t.equal(findFigure(after, 'q05', 'education', 'kommuner')?.count, 1)
  t.equal(findFigure(after, 'q05', 'culture', 'kommuner')?.count, 0)
})

t.test('results and item non-response are computed on a worker thread, the same as on this one', async (t) => {
  const { app, tokenFor } = await buildTestApp(t)
  const round = (await currentRound(app.db))!
  const r = new Respondent(app)
  await r.open(await tokenFor('0182'))
  await r.saveSection('a', [['q01', 'yes'], ['q02', 'yes']])
  await r.saveSection('b', [['q04.0.partner', 'Åbo'], ['q04.0.country', 'Finland'], ['q04.0.form', 'twin_town'], ['q05', 'culture']])
  await submitFromReview(r)
  const before = offThreadRuns()
  const figures = await computeFigures(app.db, round.id)
  const items = await itemNonResponse(app.db, round.id)
  t.equal(offThreadRuns(), before + 2, 'both went to the worker')
  t.same(figures, await computeFiguresNow(app.db, round.id))
  t.same(items, await itemNonResponseNow(app.db, round.id))
  t.equal(findFigure(figures, 'q05', 'culture', 'kommuner')?.count, 1)
})
