// The demo's closed 2018 round as a reader of the published outputs sees it: the small-cell protection hides what
// protects a small cell, not the large kommun figures, and the report's sentences state the figures the results show.
import t from 'tap'
import { prepareDemoSeason } from '../../server/demo-season.js'
import type { Figure } from '../../server/results/figures.js'
import { suppressed } from '../../server/results/suppression.js'
import { loggedIn } from '../helpers/admin.js'
import { parseCsv } from '../helpers/csv.js'

const figure = (group: string, option: string, count: number, base: number): Figure =>
  ({ question: 'q02', option, group, unit: 'organisations', base, count, percent: '', question_text: '', option_text: option })

t.test('a small region cell is protected through alla, not by hiding the kommuner figures the report reads', async (t) => {
  const figures = [figure('alla', 'yes', 90, 226), figure('alla', 'no', 136, 226), figure('kommuner', 'yes', 79, 213), figure('kommuner', 'no', 134, 213), figure('regioner', 'yes', 11, 13), figure('regioner', 'no', 2, 13)]
  const hidden = suppressed(figures, [{ total: 'alla', parts: ['kommuner', 'regioner'] }], new Set(['q02']), new Set(['q04']))
  t.same([...hidden].map((f) => `${f.group} ${f.option}`).sort(), ['alla no', 'alla yes', 'regioner no', 'regioner yes'], 'the small cell, its complement and the alla sums are hidden')
})

t.test('the demo\'s 2018 report and publicering.csv show the large kommun figures and state them right', async (t) => {
  const { app, config, c } = await loggedIn(t)
  await prepareDemoSeason(app.db, app.linkKey, config.publicUrl, new Date())
  const report = await c.get('/admin/resultat/rapport?omgang=2018')
  t.equal(report.statusCode, 200)
  const body = report.body.replace(/\s+/g, ' ')
  t.match(body, '146 kommuner (69 procent) svarar att de har vänorter eller kommunala partnerskap, och 80 kommuner (38 procent) att de har andra internationella samarbeten. 53 kommuner har båda.', 'each part of the sentence names its own count')
  t.match(body, 'Sammantaget har 173 kommuner (81 procent) något internationellt engagemang, medan 40 kommuner (19 procent) saknar det.')
  t.match(body, '38 procent av kommunerna upplever hinder i sitt internationella arbete, 35 procent gör det inte och 26 procent kan inte bedöma det.')
  t.notMatch(body, 'och att de har andra internationella samarbeten', 'no part borrows the count of another')
  t.notMatch(body, 'NaN')

  const csv = await c.get('/admin/resultat/publicering.csv?omgang=2018')
  t.equal(csv.statusCode, 200)
  const rows = parseCsv(csv.body.replace(/^\uFEFF/, ''))
  const shown = (key: string): string => { const r = rows.find((x) => x.Nyckel === key); return r === undefined ? 'missing' : `${r.Antal}/${r.Bas}` }
  t.equal(shown('q02/yes/kommuner/organisations'), '80/213')
  t.equal(shown('q02/no/kommuner/organisations'), '133/213')
  t.equal(shown('engagement/any/kommuner/organisations'), '173/213')
  t.equal(shown('engagement/other_cooperation/kommuner/organisations'), '80/213')
  t.equal(shown('q15/no/kommuner/organisations'), '60/170')
  t.equal(shown('q15/cannot_judge/kommuner/organisations'), '45/170')
  t.equal(shown('engagement/none/regioner/organisations'), '–/13', 'the small region cell stays hidden')
  t.equal(shown('engagement/any/regioner/organisations'), '–/13', 'and its complement with it')
})
