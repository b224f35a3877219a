// Text in XLSX downloads is kept exactly as typed: a string cell is never evaluated, so "+46 …", "-3" and "=1+2"
// need no apostrophe there (CSV does, and keeps it).
import ExcelJS from 'exceljs'
import JSZip from 'jszip'
import t from 'tap'
import { loggedIn } from '../helpers/admin.js'
import { storeResponse } from '../helpers/fixtures.js'

const typed = ['+46 8 508 000 00', '-3', '=1+2', '@SUM(A1)']

/** Every string cell's value and every formula of a workbook, read back with exceljs and from the raw sheet XML. */
async function readBack (payload: Buffer): Promise<{ values: string[], formulas: string[], xml: string }> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(payload as unknown as ArrayBuffer)
  const values: string[] = []
  const formulas: string[] = []
  for (const sheet of wb.worksheets) {
    sheet.eachRow((r) => r.eachCell((cell) => {
      if (cell.type === ExcelJS.ValueType.Formula) formulas.push(`${sheet.name}!${cell.address}`)
      if (typeof cell.value === 'string') values.push(cell.value)
    }))
  }
  const zip = await JSZip.loadAsync(payload)
  const sheets = Object.keys(zip.files).filter((name) => /^xl\/worksheets\/sheet\d+\.xml$/.test(name))
  const xml = (await Promise.all(sheets.map(async (name) => await zip.file(name)!.async('string')))).join('\n')
  return { values, formulas, xml }
}

t.test('responses.xlsx, svar-med-kontakter and results.xlsx keep typed text as plain string cells', async (t) => {
  const { app, c } = await loggedIn(t)
  await storeResponse(app, '0180', {
    q01: 'yes', q02: 'no', q04: [{ partner: '=1+2', country: 'FI', form: 'twin_town', activity: 'active' }], q17: '-3',
    q18: { name: '=1+2', title: '-3', email: 'anna@stockholm.se', phone: '+46 8 508 000 00' }
  }, new Date())
  await storeResponse(app, '1480', { q01: 'no', q02: 'no', q17: '@SUM(A1)' }, new Date())
  await storeResponse(app, '12', { q01: 'no', q02: 'no', q17: '+46 8 508 000 00' }, new Date())

  const page = await c.get('/admin/resultat')
  const csrf = /name="_csrf" value="([^"]*)"/.exec(page.body)?.[1] ?? ''
  const contacts = await app.inject({
    method: 'POST', url: '/admin/resultat/export-med-kontakter',
    headers: { cookie: c.cookieHeader, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams([['_csrf', csrf], ['format', 'xlsx'], ['confirm', 'yes']]).toString()
  })
  t.equal(contacts.statusCode, 200)
  const downloads: Array<[string, Buffer]> = [['svar-med-kontakter', contacts.rawPayload]]
  for (const url of ['/admin/resultat/responses.xlsx', '/admin/resultat/results.xlsx']) {
    const res = await app.inject({ method: 'GET', url, headers: { cookie: c.cookieHeader } })
    t.equal(res.statusCode, 200, url)
    downloads.push([url, res.rawPayload])
  }
  for (const [name, payload] of downloads) {
    const { values, formulas, xml } = await readBack(payload)
    t.same(formulas, [], `${name}: no cell is a formula`)
    t.notMatch(xml, '<f>', `${name}: no formula in the sheet XML`)
    t.notMatch(xml, 't="str"', `${name}: text is written as shared strings, not as formula results`)
    t.same(values.filter((v) => v.startsWith("'")), [], `${name}: no value starts with an apostrophe`)
    const wanted = name === '/admin/resultat/responses.xlsx' ? ['-3', '=1+2', '@SUM(A1)'] : name === 'svar-med-kontakter' ? typed : ['-3', '=1+2', '@SUM(A1)', '+46 8 508 000 00']
    for (const v of wanted) t.ok(values.includes(v), `${name}: "${v}" is a cell's value, as typed`)
  }

  const csv = await c.get('/admin/resultat/responses.csv')
  t.match(csv.body, "'=1+2", 'CSV keeps its apostrophe: a spreadsheet would run the formula')
})
