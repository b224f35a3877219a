import { readFileSync } from 'node:fs'
import ExcelJS from 'exceljs'
import t from 'tap'
import { fromRoot } from '../../server/paths.js'
import { checkNewSurvey, createSurvey } from '../../server/survey/new-survey.js'
import { buildTestApp } from '../helpers/app.js'
import { loggedIn } from '../helpers/admin.js'
import { Respondent } from '../helpers/respondent.js'
import { openExampleSurvey, tokenOf } from '../helpers/surveys.js'

// A survey without the first survey's module names the regions as its round does (2019 names: "regioner") on every
// page, and leads to no trend series or report chapter it does not have.
t.test('the example survey: one word for the regions, no links to trends it lacks', async (t) => {
  const { app, c } = await loggedIn(t)
  await openExampleSurvey(app)
  for (const page of ['', '/svarskurva', '/organisationer', '/bortfall']) {
    const body = (await c.get(`/admin/digitalisering${page}`)).body
    t.notMatch(body, /[Ll]andsting\/regioner/, `/admin/digitalisering${page} says "regioner" only`)
  }
  t.match((await c.get('/admin/digitalisering/svarskurva')).body, '<th scope="col" class="num">Regioner</th>')
  t.match((await c.get('/admin/digitalisering/organisationer')).body, '<option value="region">Regioner</option>')
  const compared = (await c.get('/admin/digitalisering/resultat/omgangar')).body
  t.notMatch(compared, 'trender.csv', 'no link to a trend file the survey does not have')
  t.notMatch(compared, 'Utvecklingen sedan 2007')
  const first = (await c.get('/admin/internationella-samarbeten/resultat/omgangar')).body
  t.match(first, 'trender.csv', 'the first survey keeps its link')
  t.match((await c.get('/admin/internationella-samarbeten/svarskurva')).body, /Landsting\/regioner|Regioner/, 'the first survey names its round\'s regions')
})

t.test('the privacy page names every survey, and the contact question of one without a round yet', async (t) => {
  const { app } = await buildTestApp(t)
  const content = readFileSync(fromRoot('server', 'questionnaire', 'examples', 'digitalisering.json'), 'utf8')
  const checked = await checkNewSurvey(app.db, 'digitalisering', content)
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems))
  await createSurvey(app.db, 'digitalisering', content, checked.questionnaire, 'test', new Date())
  const page = (await app.inject({ method: 'GET', url: '/personuppgifter' })).body
  t.match(page, 'som behandlas i SKR:s enkäter i verktyget (se Enkäterna nedan)', 'not only the first survey')
  const digi = page.slice(page.indexOf('Digitalisering i kommuner och regioner</strong>'))
  t.match(digi.slice(0, 1000), 'Kontaktfråga: fråga', 'its contact question, from the version it was made from')
  t.notMatch(digi.slice(0, 1000), 'Enkäten har ingen kontaktfråga')
})

t.test('an organisation\'s history names the parts by letter and title, not by id', async (t) => {
  const { app, c } = await loggedIn(t)
  const example = await openExampleSurvey(app)
  const r = new Respondent(app)
  await r.open(await tokenOf(app, example.round.id, '0180'))
  t.equal((await r.saveSection('tjanster', [['e_tjanster', 'skola']])).statusCode, 303)
  const page = (await c.get('/admin/digitalisering/organisationer/0180')).body
  t.match(page, /Sparade del B \(E-tjänster[^)]*\)/)
  t.notMatch(page, 'TJANSTER')
})

t.test('results.xlsx has a twin-town register sheet only for the survey that has a register', async (t) => {
  const { app, c } = await loggedIn(t)
  await openExampleSurvey(app)
  const sheets = async (url: string): Promise<string[]> => {
    const res = await app.inject({ method: 'GET', url, headers: { cookie: c.cookieHeader } })
    t.equal(res.statusCode, 200, url)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer)
    return workbook.worksheets.map((w) => w.name)
  }
  const digi = await sheets('/admin/digitalisering/resultat/results.xlsx')
  t.notOk(digi.includes('Vänortsregister'), `no empty register sheet (${digi.join(', ')})`)
  t.ok(digi.includes('Fritext'))
  t.ok((await sheets('/admin/internationella-samarbeten/resultat/results.xlsx')).includes('Vänortsregister'), 'the first survey keeps it')
})

t.test('the example survey\'s report counts who got a link, in its round\'s words', async (t) => {
  const { app, c } = await loggedIn(t)
  await openExampleSurvey(app)
  const report = (await c.get('/admin/digitalisering/resultat/rapport')).body
  t.match(report, 'Alla 290 kommuner och 20 regioner i omgången fick en personlig länk')
  t.notMatch(report, 'landsting')
})
