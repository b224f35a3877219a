import ExcelJS from 'exceljs'
import t, { type Test } from 'tap'
import { computeFigures, type Unit } from '../../server/results/figures.js'
import { figureText } from '../helpers/figures.js'
import { currentRound } from '../../server/survey/rounds.js'
import { buildTestApp } from '../helpers/app.js'
import { AdminClient, createAdmin } from '../helpers/admin.js'
import { storeResponse } from '../helpers/fixtures.js'

const now = new Date()
const row = (partner: string, country: string | null, form: string | null, activity: string | null) => ({ partner, country, form, activity })

// Hand-computed: Stockholm (A1) 3 twin towns (FI active, NO dormant, DE active) + 1 partnership (KE sporadic);
// Göteborg (A1) 1 twin town (CN, activity not given); Kiruna (C6) 1 twin town (IS sporadic);
// Region Skåne: 1 twin town (PL active). Twin-town rows: 6 → active 3 (50.0), sporadic 1 (16.7), dormant 1 (16.7), blank 1 (16.7).
// Countries given on all 7 rows: Norden FI, NO, IS = 3 (42.9); Europe DE, PL = 2 (28.6); world KE, CN = 2 (28.6).
// q05 mentions: Stockholm culture+education, Göteborg culture, Kiruna tourism → 4 mentions, culture 2 (50.0).
async function fixture (t: Test) {
  const ctx = await buildTestApp(t)
  const multi = (...selected: string[]) => ({ selected, other: null })
  await storeResponse(ctx.app, '0180', { q01: 'yes', q02: 'no', q04: [row('Åbo', 'FI', 'twin_town', 'active'), row('Oslo', 'NO', 'twin_town', 'dormant'), row('Berlin', 'DE', 'twin_town', 'active'), row('Nairobi', 'KE', 'municipal_partnership', 'sporadic')], q05: multi('culture', 'education') }, now)
  await storeResponse(ctx.app, '1480', { q01: 'yes', q02: 'yes', q04: [row('Shanghai', 'CN', 'twin_town', null)], q05: multi('culture') }, now)
  await storeResponse(ctx.app, '2584', { q01: 'yes', q02: 'no', q04: [row('Akureyri', 'IS', 'twin_town', 'sporadic')], q05: multi('tourism') }, now)
  await storeResponse(ctx.app, '12', { q01: 'yes', q02: 'no', q04: [row('Gdańsk', 'PL', 'twin_town', 'active')] }, now)
  await storeResponse(ctx.app, '0114', { q01: 'no', q02: 'no', q04: [row('Skippad', 'FI', 'twin_town', 'active')], q05: multi('culture') }, now)
  await storeResponse(ctx.app, '0115', { q01: 'yes', q02: 'no', q04: [row('Utkast', 'FI', 'twin_town', 'active')] }, null)
  return ctx
}

t.test('activity shares, world regions, mentions and kommungrupp breakdowns on a hand-computed fixture', async (t) => {
  const { app } = await fixture(t)
  const figures = await computeFigures(app.db, (await currentRound(app.db))!.id)
  const f = (q: string, o: string, g: string, unit: Unit = 'rows'): string => figureText(figures, q, o, g, unit)
  t.equal(f('q04', 'form=twin_town', 'alla'), '6/7 85.7', 'skipped section (Upplands Väsby said no) and drafts are not counted')
  t.equal(f('q04', 'twin_town.activity=active', 'alla'), '3/6 50.0')
  t.equal(f('q04', 'twin_town.activity=sporadic', 'alla'), '1/6 16.7')
  t.equal(f('q04', 'twin_town.activity=dormant', 'alla'), '1/6 16.7')
  t.equal(f('q04', 'twin_town.activity=blank', 'alla'), '1/6 16.7')
  t.equal(f('q04', 'municipal_partnership.activity=sporadic', 'alla'), '1/1 100.0')
  t.equal(f('q04', 'country_region=nordic', 'alla'), '3/7 42.9')
  t.equal(f('q04', 'country_region=europe', 'alla'), '2/7 28.6')
  t.equal(f('q04', 'country_region=world', 'alla'), '2/7 28.6')
  t.equal(f('q04', 'country=FI', 'alla'), '1/7 14.3')
  t.equal(f('q04', 'twin_town.activity=active', 'kommungrupp=A1'), '2/4 50.0', 'Stockholm and Göteborg are A1')
  t.equal(f('q04', 'twin_town.activity=active', 'huvudgrupp=C'), '0/1 0.0')
  t.equal(f('q04', 'twin_town.activity=active', 'regioner'), '1/1 100.0')
  t.equal(f('q05', 'culture', 'alla', 'mentions'), '2/4 50.0')
  const x = f('q05', 'culture', 'alla', 'organisations')
  t.equal(x, '2/3 66.7', `base: the three that answered q05 where it applied (got ${x})`)
  t.equal(f('q05', 'culture', 'kommungrupp=A1', 'organisations'), '2/2 100.0')
  t.equal(f('q05', 'tourism', 'kommungrupp=C6', 'organisations'), '1/1 100.0', 'Kiruna is C6')
  t.equal(f('q05', 'culture', 'kommungrupp=B3', 'organisations'), '0/0 ', 'an empty group has no percent')
  t.equal(f('q01', 'yes', 'alla', 'organisations'), '4/5 80.0')
})

t.test('formula-injection payloads in free text come out inert in CSV and XLSX; free text is attributed without names (by group only when five answered)', async (t) => {
  const { app } = await buildTestApp(t)
  const payloads: [string, ...string[]] = ['=HYPERLINK("http://evil.example","x")', '+1+1', '-2+3', '@SUM(A1)', '\tTAB', '=cmd|\' /C calc\'!A0']
  await storeResponse(app, '0180', {
    q01: 'no', q02: 'no', q03: { selected: ['other'], other: payloads[0] }, q17: payloads.join(' '),
    q18: { name: '=Anna', title: null, email: 'anna@stockholm.se', phone: null }
  }, now)
  await storeResponse(app, '1480', { q01: 'yes', q02: 'no', q04: [row('=1+1', 'FI', 'twin_town', 'active'), row('@evil', 'NO', 'twin_town', null)] }, now)
  await storeResponse(app, '12', { q01: 'no', q02: 'no', q17: '+46 8 123' }, now)
  await createAdmin(app)
  const c = new AdminClient(app)
  await c.login()
  const texts = await c.get('/admin/resultat/fritext')
  t.match(texts.body, '– En kommun', 'two answering kommuner: not even their group is named')
  t.match(texts.body, '– En region')
  t.notMatch(texts.body, 'Stockholm', 'no organisation names with free text')
  t.notMatch(texts.body, 'anna@stockholm.se', 'never contact details')
  const responses = (await c.get('/admin/resultat/responses.csv')).body
  const active = responses.split('\r\n').flatMap((line) => line.split(',')).filter((cell) => /^[=+\-@\t\r]/.test(cell.replace(/^"/, '')))
  t.same(active, [], 'no CSV cell starts with = + - @ tab or CR')
  t.match(responses, "'=HYPERLINK")
  t.notMatch(responses, 'anna@stockholm.se', 'no contact details unless asked for')
  t.notMatch(responses, 'q18_email')
  const xlsx = await app.inject({ method: 'GET', url: '/admin/resultat/results.xlsx', headers: { cookie: c.cookieHeader } })
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer)
  let checked = 0
  const bad: string[] = []
  for (const sheet of wb.worksheets) {
    sheet.eachRow((r) => r.eachCell((cell) => {
      if (cell.type === ExcelJS.ValueType.Formula) bad.push(`formula in ${sheet.name}`)
      if (typeof cell.value === 'string') checked++
    }))
  }
  t.same(bad, [], 'no formulas: text stays a string cell, which XLSX never evaluates')
  t.ok(checked > 50)
  const free = wb.getWorksheet('Fritext')!
  t.ok(free.getColumn(4).values.some((v) => typeof v === 'string' && v.startsWith('=HYPERLINK')), 'the payload is kept as typed, in a string cell')
  const rxlsx = await app.inject({ method: 'GET', url: '/admin/resultat/responses.xlsx', headers: { cookie: c.cookieHeader } })
  const rwb = new ExcelJS.Workbook()
  await rwb.xlsx.load(rxlsx.rawPayload as unknown as ArrayBuffer)
  t.same(rwb.worksheets.map((w) => w.name), ['Svar', 'Kodbok'])
  rwb.getWorksheet('Svar')!.eachRow((r) => r.eachCell((cell) => { if (cell.type === ExcelJS.ValueType.Formula) t.fail(`formula: ${cell.address}`) }))
})

t.test('responses with contact details only after an explicit, logged request', async (t) => {
  const { app } = await buildTestApp(t)
  await storeResponse(app, '0180', { q01: 'no', q02: 'no', q18: { name: 'Anna', title: 'Strateg', email: 'anna@stockholm.se', phone: '08-1' } }, now)
  await createAdmin(app)
  const c = new AdminClient(app)
  await c.login()
  const refused = await c.postFrom('/admin/resultat', '/admin/resultat/export-med-kontakter', [['format', 'csv']])
  t.equal(refused.statusCode, 422)
  const ok = await c.postFrom('/admin/resultat', '/admin/resultat/export-med-kontakter', [['format', 'csv'], ['confirm', 'yes']])
  t.equal(ok.statusCode, 200)
  t.match(ok.body, 'q18_email')
  t.match(ok.body, 'anna@stockholm.se')
  const log = await app.db.selectFrom('audit_log').select(['action', 'actor']).where('action', '=', 'export_with_contacts').execute()
  t.same(log, [{ action: 'export_with_contacts', actor: 'analytiker@skr.se' }])
  const plain = (await c.get('/admin/resultat/responses.csv')).body
  const header = plain.replace(/^\uFEFF/, '').split('\r\n')[0]!.split(',')
  t.same(header.slice(0, 8), ['kod', 'namn', 'typ', 'kommungrupp', 'huvudgrupp', 'lan', 'status', 'inskickad'])
  t.ok(header.includes('q01') && header.includes('q05_culture') && header.includes('q17'))
  t.equal(plain.split('\r\n').filter((l) => l !== '').length, 311, 'one row per organisation')
  const stockholm = plain.split('\r\n').find((l) => l.startsWith('0180,'))!.split(',')
  t.equal(stockholm[header.indexOf('q01')], 'no')
  t.equal(stockholm[header.indexOf('q05_culture')], '', 'a skipped question is blank, not 0')
  const codebook = (await c.get('/admin/resultat/kodbok.csv')).body
  t.match(codebook, 'q05,culture,,Kultur')
})
