import t from 'tap'
import { computeFigures, computeFiguresNow, findFigure } from '../../server/results/figures.js'
import { itemNonResponse } from '../../server/statistics/item-nonresponse.js'
import { rebuildTallies } from '../../server/survey/tallies.js'
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

t.test('the counts kept at each submission and change equal counts made anew from the answers', async (t) => {
  const { app, tokenFor } = await buildTestApp(t)
  const round = (await currentRound(app.db))!
  const r = new Respondent(app)
  await r.open(await tokenFor('0182'))
  await r.saveSection('a', [['q01', 'yes'], ['q02', 'yes']])
  await r.saveSection('b', [['q04.0.partner', 'Åbo'], ['q04.0.country', 'Finland'], ['q04.0.form', 'twin_town'], ['q04.1.partner', 'Tartu'], ['q04.1.country', 'Estland'], ['q05', 'culture']])
  await r.saveSection('c', [['q10.0.name', 'Baltic Sea Network'], ['q10.0.countries', 'Finland, Estland'], ['q10.0.kind', 'network']])
  await submitFromReview(r)
  const other = new Respondent(app)
  await other.open(await tokenFor('0180'))
  await other.saveSection('a', [['q01', 'no'], ['q02', 'no']])
  await submitFromReview(other)
  // Changes after submission: a row removed, section A changed so that section C no longer applies.
  await r.saveSection('b', [['q04.0.partner', 'Åbo'], ['q04.0.country', 'Finland'], ['q04.0.form', 'twin_town'], ['q05', 'education']])
  await r.saveSection('a', [['q01', 'yes'], ['q02', 'no']])
  const kept = await computeFiguresNow(app.db, round.id)
  const keptItems = await itemNonResponse(app.db, round.id)
  await rebuildTallies(app.db, round.id)
  t.same(await computeFiguresNow(app.db, round.id), kept, 'figures')
  t.same(await itemNonResponse(app.db, round.id), keptItems, 'item non-response')
  t.equal(findFigure(kept, 'q04', 'form=twin_town', 'kommuner', 'rows')?.count, 1, 'the removed row is gone')
  t.equal(findFigure(kept, 'q05', 'education', 'kommuner')?.count, 1)
  t.equal(findFigure(kept, 'q05', 'culture', 'kommuner')?.count, 0)
  t.equal(findFigure(kept, 'q10', 'kind=network', 'alla', 'rows')?.count, 0, 'a section that no longer applies is not counted')
  t.equal(findFigure(kept, 'engagement', 'none', 'kommuner')?.count, 1)
})
