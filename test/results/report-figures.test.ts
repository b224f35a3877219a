import ExcelJS from 'exceljs'
import JSZip from 'jszip'
import { sql } from 'kysely'
import t from 'tap'
import { computeFigures } from '../../server/results/figures.js'
import { fillSyntheticRound } from '../../server/results/synthetic.js'
import { currentRound } from '../../server/survey/rounds.js'
import { buildTestApp } from '../helpers/app.js'
import { AdminClient, createAdmin, loggedIn } from '../helpers/admin.js'

function parseCsv (text: string): Array<Record<string, string>> {
  const rows: string[][] = []
  let field = ''
  let row: string[] = []
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++ } else if (ch === '"') quoted = false
      else field += ch
    } else if (ch === '"') quoted = true
    else if (ch === ',') { row.push(field); field = '' } else if (ch === '\n') { row.push(field.replace(/\r$/, '')); rows.push(row); row = []; field = '' } else field += ch
  }
  const [header = [], ...body] = rows
  return body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] as string])))
}

t.test('a round shaped like the report gives chapter 1 exactly, on the page and in results.csv, and the same in results.xlsx', async (t) => {
  const { app } = await buildTestApp(t)
  await fillSyntheticRound(app.db, (await currentRound(app.db))!.id)
  await createAdmin(app)
  const c = new AdminClient(app)
  await c.login()

  const csv = await c.get('/admin/resultat/results.csv')
  t.equal(csv.statusCode, 200)
  t.match(csv.headers['content-type'], 'text/csv')
  t.ok(csv.body.startsWith('\uFEFFquestion,option,group,unit,base,count,percent,question_text,option_text\r\n'), 'exact header with BOM')
  const rows = parseCsv(csv.body.slice(1))
  const fig = (q: string, o: string, g: string, unit = 'organisations') => {
    const r = rows.find((x) => x.question === q && x.option === o && x.group === g && x.unit === unit)
    return r === undefined ? 'missing' : `${r.count}/${r.base} ${r.percent}`
  }
  t.equal(fig('response', 'submitted', 'kommuner'), '213/290 73.4')
  t.equal(fig('response', 'submitted', 'regioner'), '13/20 65.0')
  t.equal(fig('engagement', 'twin_or_partnership', 'kommuner'), '146/213 68.5')
  t.equal(fig('engagement', 'other_cooperation', 'kommuner'), '80/213 37.6')
  t.equal(fig('engagement', 'both', 'kommuner'), '53/213 24.9')
  t.equal(fig('engagement', 'any', 'kommuner'), '173/213 81.2')
  t.equal(fig('engagement', 'none', 'kommuner'), '40/213 18.8')
  t.same(['twin_or_partnership', 'other_cooperation', 'both', 'any'].map((o) => fig('engagement', o, 'regioner').split(' ')[0]), ['6/13', '10/13', '5/13', '11/13'])
  t.equal(fig('q01', 'yes', 'kommuner'), '146/213 68.5')
  t.equal(fig('q03', 'not_prioritised', 'kommuner'), '26/38 68.4', 'the base excludes the two kommuner that skipped q03')
  t.equal(fig('q04', 'twin_town.activity=active', 'alla', 'rows').split(' ')[1], '36.1')
  t.equal(fig('q15', 'yes', 'kommuner'), '65/170 38.2')
  t.equal(fig('q08', 'own_funds', 'kommuner'), '140/146 95.9')
  t.equal(fig('q05', 'culture', 'kommuner', 'mentions'), '117/730 16.0')
  t.notOk(rows.some((r) => r.question === 'q18'), 'no contact details in results')

  const page = await c.get('/admin/resultat')
  t.match(page.body, /Internationellt engagemang \(fråga 1 och 2\)[\s\S]*Vänorter eller kommunala partnerskap \(fråga 1 = ja\)<\/th><td class="num">146 <span class="pct">\(69 %\)<\/span><\/td><td class="num">6 <span class="pct">\(46 %\)<\/span>/)
  t.match(page.body, />Något internationellt engagemang<\/th><td class="num">173 <span class="pct">\(81 %\)<\/span>/)
  t.match(page.body, />Inget internationellt engagemang<\/th><td class="num">40 <span class="pct">\(19 %\)<\/span>/)
  const report = await c.get('/admin/resultat/rapport')
  t.match(report.body, 'Hittills har 213 av 290 kommuner (73 procent) och 13 av 20 landsting/regioner (65 procent) besvarat enkäten.')
  t.match(report.body, '146 kommuner (69 procent) svarar att de har vänorter eller kommunala partnerskap')
  t.match(report.body, '36 procent av vänortssamarbetena är aktiva, 28 procent sporadiska och 32 procent vilande')
  // The published report protects small cells (server/results/suppression.ts): a figure hidden beside a small one is "–".
  t.match(report.body, /Vanligast samarbetsområde är kultur, med (16 procent|–) av alla omnämnanden\./)
  t.match(report.body, 'egna medel i 96 procent')
  t.match(report.body, /(38 procent|–) av kommunerna upplever hinder i sitt internationella arbete, (35 procent|–) gör det inte och (26 procent|–) kan inte bedöma det\./)
  t.notMatch(report.body, 'NaN')

  const xlsx = await app.inject({ method: 'GET', url: '/admin/resultat/results.xlsx', headers: { cookie: c.cookieHeader } })
  t.equal(xlsx.statusCode, 200)
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer)
  t.same(wb.worksheets.map((w) => w.name), ['Svarsfrekvens', 'Engagemang', 'Vänorter och partnerskap', 'Andra samarbeten', 'Mervärden och hinder', 'Avslutning', 'Vänortsregister', 'Fritext'])
  let compared = 0
  for (const sheet of wb.worksheets.slice(0, 6)) {
    sheet.eachRow((row, n) => {
      if (n === 1) return
      const [q, o, g, unit, base, count, percent] = (row.values as unknown[]).slice(1)
      const match = rows.find((r) => r.question === q && r.option === o && r.group === g && ({ organisationer: 'organisations', rader: 'rows', omnämnanden: 'mentions' } as Record<string, string>)[unit as string] === r.unit)
      if (match === undefined) { t.fail(`no CSV row for ${String(q)} ${String(o)} ${String(g)}`); return }
      if (typeof base !== 'number' || typeof count !== 'number') t.fail('numbers as numbers')
      if (base !== Number(match.base) || count !== Number(match.count) || (percent ?? '') !== (match.percent === '' ? '' : Number(match.percent))) t.fail(`differs: ${String(q)} ${String(o)} ${String(g)}`)
      compared++
    })
  }
  t.equal(compared, rows.length, 'every CSV figure is in the workbook with the same numbers')
  t.equal(wb.getWorksheet('Vänortsregister')!.rowCount - 1, 527, 'the register lists every twin-town and partnership row (527, as in the 2018 report)')
})

t.test('the demo round gives the 2018 report\'s twin-town figures: 527 rows, 198/205/93 by world region, 55 countries, China and Russia', async (t) => {
  const { app } = await buildTestApp(t)
  const round = (await currentRound(app.db))!
  await fillSyntheticRound(app.db, round.id)
  const figures = await computeFigures(app.db, round.id)
  const count = (o: string): number => figures.find((f) => f.question === 'q04' && f.option === o && f.group === 'alla' && f.unit === 'rows')?.count ?? -1
  t.equal(count('form=twin_town') + count('form=municipal_partnership') + count('form=blank'), 527)
  t.same(['nordic', 'europe', 'world'].map((r) => count(`country_region=${r}`)), [198, 205, 93])
  t.equal(figures.filter((f) => f.question === 'q04' && f.group === 'alla' && f.option.startsWith('country=')).length, 55)
  const orgsWith = async (country: string, form?: string) => (await app.db.selectFrom('answer_row as a').innerJoin('response as r', 'r.id', 'a.response_id').innerJoin('organisation as o', 'o.id', 'r.organisation_id')
    .select('o.kind').select((eb) => eb.fn.count('o.id').distinct().as('n'))
    .where(sql`a.data ->> 'country'`, '=', country).$if(form !== undefined, (qb) => qb.where(sql`a.data ->> 'form'`, '=', form as string)).groupBy('o.kind').orderBy('o.kind').execute()).map((r) => `${r.kind} ${r.n}`)
  t.same(await orgsWith('CN'), ['municipality 20', 'region 2'])
  t.same(await orgsWith('RU', 'twin_town'), ['municipality 15', 'region 1'])
  const partners = await app.db.selectFrom('answer_row').select(['response_id', 'data']).where('question_id', '=', 'q04').execute()
  const seen = new Set<string>()
  const twice: string[] = []
  for (const p of partners) {
    const key = `${p.response_id} ${(JSON.parse(p.data) as { partner: string }).partner}`
    if (seen.has(key)) twice.push(key)
    seen.add(key)
  }
  t.same(twice, [], 'no partner twice in one organisation')
})

t.test('the report page: summary, method with response rates and dropout, chapters with tables and charts, the questionnaire, the date', async (t) => {
  const { app, c } = await loggedIn(t)
  await fillSyntheticRound(app.db, (await currentRound(app.db))!.id)
  const page = (await c.get('/admin/resultat/rapport')).body
  for (const heading of ['Sammanfattning', '1. Inledning och metod', '2. Internationellt engagemang', '3. Vänorter och kommunala partnerskap', '4. Andra internationella samarbeten', '5. Mervärden och hinder', 'Bilaga: Enkäten']) {
    t.match(page, `>${heading}</h2>`, heading)
  }
  t.match(page, /Siffrorna hämtades ur de inskickade svaren \d+ \w+ \d{4} kl\. \d{2}\.\d{2}\./, 'the date the data was taken')
  t.match(page, 'Hittills har 213 av 290 kommuner (73 procent) och 13 av 20 landsting/regioner (65 procent) besvarat enkäten.')
  t.match(page, 'tecken på ojämnt bortfall', 'the dropout verdicts')
  t.ok((page.match(/<svg[^>]*class="chart/g) ?? []).length >= 10, 'charts')
  t.ok((page.match(/<table>/g) ?? []).length >= 10, 'tables')
  t.equal((page.match(/<li value="\d+"><p>/g) ?? []).length, 18, 'all 18 questions in the appendix')
  t.match(page, 'class="no-print hint">Texten och tabellerna räknas fram', 'the screen note is not printed')
  t.match(page, 'Av de 496 samarbeten där land angetts finns 198 (40 procent) i Norden, 205 (41 procent) i övriga Europa och 93 (19 procent) i övriga världen.')
})

t.test('rapport.docx opens and holds the same chapters, sentences, tables and charts as the report page', async (t) => {
  const { app, c } = await loggedIn(t)
  await fillSyntheticRound(app.db, (await currentRound(app.db))!.id)
  const page = (await c.get('/admin/resultat/rapport')).body
  const res = await app.inject({ method: 'GET', url: '/admin/resultat/rapport.docx', headers: { cookie: c.cookieHeader } })
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], 'wordprocessingml')
  const zip = await JSZip.loadAsync(res.rawPayload)
  const xml = await zip.file('word/document.xml')!.async('string')
  const text = xml.replace(/<w:p[ >]/g, '\n$&').replace(/<[^>]+>/g, '').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'")
  for (const heading of ['Sammanfattning', '1. Inledning och metod', '2. Internationellt engagemang', '3. Vänorter och kommunala partnerskap', '5. Mervärden och hinder', 'Bilaga: Enkäten']) t.match(text, heading)
  // Every sentence of the page is in the document, word for word.
  const sentences = [...page.matchAll(/<section class="report-chapter"[\s\S]*?<\/section>/g)].flatMap((s) => [...s[0].matchAll(/<p>([^<]+)<\/p>/g)].map((m) => (m[1] ?? '').replace(/&amp;/g, '&')))
  t.ok(sentences.length >= 8)
  for (const s of sentences) t.ok(text.includes(s), `in the document: ${s.slice(0, 60)}`)
  t.match(text, 'Hittills har 213 av 290 kommuner (73 procent) och 13 av 20 landsting/regioner (65 procent) besvarat enkäten.')
  const tablesOnPage = (page.match(/<table>/g) ?? []).length
  t.equal((xml.match(/<w:tbl>/g) ?? []).length, tablesOnPage, 'as many tables as on the page')
  const images = Object.keys(zip.files).filter((f) => f.startsWith('word/media/') && f.endsWith('.png'))
  // Charts that look the same (every bar hidden) share one PNG file; each chart is still drawn.
  t.equal((xml.match(/<pic:pic\b/g) ?? []).length, (page.match(/<svg[^>]*class="chart chart-wide/g) ?? []).length, 'one picture per chart')
  const png = await zip.file(images[0]!)!.async('nodebuffer')
  t.equal(png.subarray(1, 4).toString(), 'PNG')
})

t.test('trends since 2007: trender.csv holds the published series and this round computed with the same definitions (the demo round equals 2018)', async (t) => {
  const { app, c } = await loggedIn(t)
  const round = (await currentRound(app.db))!
  await app.db.updateTable('round').set({ name: '2027' }).where('id', '=', round.id).execute()
  await fillSyntheticRound(app.db, round.id)
  const csv = (await c.get('/admin/resultat/trender.csv')).body
  t.ok(csv.startsWith('\uFEFFserie,omgang,varde,enhet,kalla,not\r\n'), 'the header')
  const rows = parseCsv(csv.slice(1))
  const value = (serie: string, omgang: string): string | undefined => rows.find((r) => r.serie === serie && r.omgang === omgang)?.varde
  t.same(['2007', '2011', '2018'].map((y) => value('kommuner_med_vanorter_eller_partnerskap', y)), ['272', '243', '146'], 'the published series')
  t.match(rows.find((r) => r.omgang === '2011')?.not, 'räknades kommunala partnerskap som vänorter', 'with the definition note')
  const computed: Record<string, string> = {
    kommuner_med_vanorter_eller_partnerskap: '146', vanortssamarbeten_inkl_partnerskap: '527', regioner_med_vanorter_eller_partnerskap: '6',
    samarbeten_norden: '198', samarbeten_ovriga_europa: '205', samarbeten_ovriga_varlden: '93', lander_med_samarbeten: '55',
    kommuner_med_samarbete_i_kina: '20', regioner_med_samarbete_i_kina: '2', kommuner_med_vanorter_i_ryssland: '15', regioner_med_vanorter_i_ryssland: '1'
  }
  for (const [serie, v] of Object.entries(computed)) {
    t.equal(value(serie, '2027'), v, `${serie} for the round, computed from its answers`)
    t.equal(value(serie, '2027'), value(serie, '2018'), `${serie}: the demo answers give the 2018 report's figure`)
  }
  t.match(rows.find((r) => r.omgang === '2027')?.kalla, 'i den här tjänsten')
  const report = (await c.get('/admin/resultat/rapport')).body
  t.match(report, /\d\. Utvecklingen sedan 2007<\/h2>/)
  t.match(report, 'id="trend-kommuner_med_vanorter_eller_partnerskap-title"', 'a line chart per series with several rounds')
  t.match(report, /<th scope="row" class="nowrap">2027 \(preliminär\)<\/th><td class="num">146<\/td>/, 'the open round is marked preliminary')
})
