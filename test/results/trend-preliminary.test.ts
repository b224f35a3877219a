// The demo's open round in the trend series: its figures are so far, and every output of the trends says so.
import JSZip from 'jszip'
import t from 'tap'
import { prepareDemoSeason } from '../../server/demo-season.js'
import { requireCurrentRound } from '../../server/survey/rounds.js'
import { loggedIn } from '../helpers/admin.js'
import { parseCsv } from '../helpers/csv.js'
import { storeResponse } from '../helpers/fixtures.js'

t.test('an open round\'s point in the trends is marked preliminary in trender.csv, the report and rapport.docx', async (t) => {
  const { app, config, c } = await loggedIn(t)
  await prepareDemoSeason(app.db, app.linkKey, config.publicUrl, new Date())
  const open = await requireCurrentRound(app.db)
  const serie = 'kommuner_med_vanorter_eller_partnerskap'
  // Three kommuner have sent in so far, as in the trial (272 / 243 / 146 / 3).
  const waiting = await app.db.selectFrom('organisation as o').select('o.code').where('o.kind', '=', 'municipality')
    .where((eb) => eb.not(eb.exists(eb.selectFrom('response as r').select('r.id').whereRef('r.organisation_id', '=', 'o.id').where('r.round_id', '=', open.id))))
    .orderBy('o.code').limit(3).execute()
  for (const { code } of waiting) await storeResponse(app, code, { q01: 'yes', q02: 'no' }, new Date())

  const rows = parseCsv((await c.get('/admin/resultat/trender.csv')).body)
  const row = (omgang: string): Record<string, string> | undefined => rows.find((r) => r.serie === serie && r.omgang === omgang && (r.kalla ?? '').includes('i den här tjänsten'))
  t.match(row(open.name)?.not, `preliminär: omgång ${open.name} tar fortfarande emot svar`, 'the open round\'s row says it is preliminary')
  t.notMatch(row('2018')?.not ?? 'missing', 'preliminär', 'the closed 2018 round is not')
  t.ok(rows.filter((r) => r.omgang === open.name && r.varde !== '').every((r) => (r.not ?? '').includes('preliminär')), 'every series of the open round')

  const report = (await c.get('/admin/resultat/rapport')).body
  const at = report.indexOf(`id="trend-${serie}"`)
  const section = report.slice(at, report.indexOf('</section>', at))
  t.match(section, new RegExp(`<th scope="row" class="nowrap">${open.name} \\(preliminär\\)</th><td class="num">\\d+</td><td>[^<]*preliminär: omgång ${open.name} tar fortfarande emot svar[^<]*</td>`), 'the table labels the point and notes it')
  t.match(section, new RegExp(`<desc[^>]*>[^<]*${open.name} \\(preliminär\\): \\d+`), 'the chart labels the point')
  t.match(section, /<th scope="row" class="nowrap">2018<\/th>/, 'the published 2018 point is not')

  const old = (await c.get('/admin/resultat/rapport?omgang=2018')).body
  t.notMatch(old, '(preliminär)', 'the closed round\'s report has no preliminary point')

  const docx = await app.inject({ method: 'GET', url: '/admin/resultat/rapport.docx', headers: { cookie: c.cookieHeader } })
  t.equal(docx.statusCode, 200)
  const xml = await (await JSZip.loadAsync(docx.rawPayload)).file('word/document.xml')!.async('string')
  t.match(xml, `>${open.name} (preliminär)<`, 'the Word report labels the point')
  t.match(xml, `preliminär: omgång ${open.name} tar fortfarande emot svar`, 'and notes it')
})
