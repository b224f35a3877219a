import ExcelJS from 'exceljs'
import t from 'tap'
import { attribution, MIN_PUBLISHED_BASE, type AnswerCounts } from '../../server/results/publication.js'
import { primarySmall } from '../../server/results/suppression.js'
import { loggedIn } from '../helpers/admin.js'
import { parseCsv } from '../helpers/csv.js'
import { storeResponse } from '../helpers/fixtures.js'

// A fixture with groups of 2, 4, 5 and 6 answering organisations: the rules turn exactly at five.
const counts: AnswerCounts = {
  byGroup: new Map([['A1', 2], ['A2', 4], ['B3', 5], ['C6', 6]]),
  byMain: new Map([['A', 6], ['B', 5], ['C', 6]]),
  mainOf: new Map([['A1', 'A'], ['A2', 'A'], ['B3', 'B'], ['B4', 'B'], ['C6', 'C'], ['C7', 'C']]),
  regions: 4
}

t.test('counts of one or two, and any count of a base below five, are not published', async (t) => {
  t.equal(MIN_PUBLISHED_BASE, 5)
  for (const [base, count, small] of [[2, 0, true], [4, 3, true], [5, 3, false], [6, 0, false], [20, 1, true], [20, 2, true], [20, 3, false], [20, 18, false]] as const) {
    t.equal(primarySmall({ question: 'q01', base, count }, new Set()), small, `${count} of ${base}`)
  }
  t.equal(primarySmall({ question: 'response', base: 20, count: 1 }, new Set()), false, 'response rates are published: they say who answered, not what')
})

t.test('free text is attributed to a kommungrupp only when five or more in it answered', async (t) => {
  t.equal(attribution('municipality', 'A1', counts), 'Kommun i huvudgrupp A', 'a group of 2 falls back to its main group (6)')
  t.equal(attribution('municipality', 'A2', counts), 'Kommun i huvudgrupp A', 'a group of 4 too')
  t.equal(attribution('municipality', 'B3', counts), 'Kommun i kommungrupp B3', 'a group of 5 is named')
  t.equal(attribution('municipality', 'C6', counts), 'Kommun i kommungrupp C6', 'a group of 6 is named')
  t.equal(attribution('municipality', 'B4', { ...counts, byMain: new Map([['B', 4]]) }), 'En kommun', 'a main group of 4 is not named either')
  t.equal(attribution('region', null, counts), 'En region', 'four regions answered')
  t.equal(attribution('region', null, { ...counts, regions: 5 }), 'Region')
})

t.test('publicering.csv/xlsx and the free-text page follow the rules on real answers', async (t) => {
  const { app, c } = await loggedIn(t)
  const now = new Date()
  // Two kommuner in A1 (Stockholm, Göteborg) and one region: every base is below five.
  await storeResponse(app, '0180', { q01: 'yes', q02: 'no', q17: 'Vi samarbetar med Åbo.' }, now)
  await storeResponse(app, '1480', { q01: 'no', q02: 'no' }, now)
  await storeResponse(app, '12', { q01: 'yes', q02: 'yes', q17: 'Regionens kommentar.' }, now)
  const csv = (await c.get('/admin/resultat/publicering.csv')).body
  t.equal(csv.split('\r\n')[0], '\uFEFFFråga,Frågetext,Svar,Grupp,Enhet,Bas,Antal,Procent,Not,Nyckel', 'the columns are named in Swedish')
  const line = csv.split('\r\n').find((l) => l.endsWith(',q01/yes/kommuner/organisations'))
  t.match(line, /^1,Har organisationen vänorter eller kommunala partnerskap\?,Ja,Kommuner,organisationer,2,–,–,"– = redovisas inte: färre än 3 organisationer, en bas under 5, eller en uppgift som annars kunde räknas fram ur de andra\.",/, 'the count and share of a base of 2 are "–" with the note')
  const words = parseCsv(csv)
  t.notOk(words.some((r) => /\b(organisations|rows|mentions|yes|no|submitted)\b/.test(`${r.Svar} ${r.Enhet} ${r.Grupp}`)), 'no code or English unit in what a reader reads')
  t.same([...new Set(words.map((r) => r.Enhet))].sort(), ['angivna rader', 'omnämnanden', 'organisationer'], 'the units in Swedish')
  t.ok(words.some((r) => r.Svar === 'Har skickat in' && r.Frågetext === 'Svarsfrekvens' && r.Fråga === ''), 'a derived figure has no question number')
  t.match((await c.get('/admin/resultat/results.csv')).body, /\nq01,yes,kommuner,organisations,2,1,50\.0,/, 'results.csv for analysts keeps it')
  const xlsx = await app.inject({ method: 'GET', url: '/admin/resultat/publicering.xlsx', headers: { cookie: c.cookieHeader } })
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer)
  const sheet = wb.getWorksheet('Publicering')
  t.ok(sheet, 'the workbook opens')
  let small = 0
  t.same(sheet?.getRow(1).values, [undefined, 'Fråga', 'Frågetext', 'Svar', 'Grupp', 'Enhet', 'Bas', 'Antal', 'Procent', 'Not', 'Nyckel'])
  sheet?.eachRow((row) => { if (row.getCell(7).value === '–') small++ })
  t.ok(small > 0, 'small bases are "–" there too')
  const texts = (await c.get('/admin/resultat/fritext')).body
  t.match(texts, '– En kommun', 'two answering kommuner in A1 and A are not named by group')
  t.match(texts, '– En region')
  t.notMatch(texts, 'Kommun i kommungrupp A1')
  const report = (await c.get('/admin/resultat/rapport')).body
  t.match(report, 'färre än 3 organisationer, en bas under 5', 'the report says why a figure is missing')
  t.match(report, /Alla 290 kommuner och 20 (landsting\/regioner|regioner) i omgången fick en personlig länk/, 'the population counted, in the round\'s words')
})
