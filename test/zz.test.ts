import t from 'tap'
import { buildTestApp } from '/work/main/test/helpers/app.js'
import { fillSyntheticRound, multiplyRound } from '/work/main/server/results/synthetic.js'
import { currentRound } from '/work/main/server/survey/rounds.js'
import { loadCells } from '/work/main/server/results/cells.js'
import { computeFigures } from '/work/main/server/results/figures.js'
import { itemNonResponse } from '/work/main/server/statistics/item-nonresponse.js'
t.test('x', async (t) => {
  const { app } = await buildTestApp(t, { env: { NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), LOG_LEVEL: 'warn' } })
  const round = (await currentRound(app.db))!
  await fillSyntheticRound(app.db, round.id)
  await multiplyRound(app.db, round.id, 100)
  let s = performance.now()
  const cells = await loadCells(app.db, round.id)
  console.log('loadCells', (performance.now() - s).toFixed(0), Object.entries(cells).map(([k, v]) => `${k}:${v.length}`).join(' '))
  s = performance.now()
  await computeFigures(app.db, round.id)
  console.log('computeFigures', (performance.now() - s).toFixed(0))
  s = performance.now()
  await itemNonResponse(app.db, round.id)
  console.log('itemNonResponse', (performance.now() - s).toFixed(0))
})
