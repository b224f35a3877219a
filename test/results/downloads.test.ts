// Downloads an analyst meets: the admin pages' status words, Swedish times with their offset, and file names that
// carry the round, at the same addresses as before.
import t from 'tap'
import { requireCurrentRound } from '../../server/survey/rounds.js'
import { loggedIn } from '../helpers/admin.js'
import { storeResponse } from '../helpers/fixtures.js'

t.test('responses.csv: Inte öppnat, Öppnat, Påbörjat, Inskickat as on the admin pages; inskickad in Swedish time', async (t) => {
  const { app, c } = await loggedIn(t)
  await storeResponse(app, '0180', { q01: 'no', q02: 'no' }, new Date('2026-03-02T07:25:13Z'))
  await storeResponse(app, '1480', { q01: 'no' }, null)
  await storeResponse(app, '1280', {}, null)
  await storeResponse(app, '0380', { q01: 'no' }, new Date('2026-07-01T22:30:00Z'))
  const csv = (await c.get('/admin/resultat/responses.csv')).body.replace(/^\uFEFF/, '')
  const rows = new Map(csv.split('\r\n').filter((l) => l !== '').map((l) => l.split(',')).map((r) => [r[0], r]))
  const header = rows.get('kod')!
  const status = header.indexOf('status')
  const at = header.indexOf('inskickad')
  t.same(rows.get('0180')?.slice(status, at + 1), ['Inskickat', '2026-03-02T08:25:13+01:00'], 'submitted, in Swedish winter time')
  t.same(rows.get('0380')?.slice(status, at + 1), ['Inskickat', '2026-07-02T00:30:00+02:00'], 'summer time: the Swedish day, not the UTC one')
  t.same(rows.get('1480')?.slice(status, at + 1), ['Påbörjat', ''])
  t.same(rows.get('1280')?.slice(status, at + 1), ['Öppnat', ''], 'only opened is Öppnat, not påbörjad')
  t.same(rows.get('2584')?.slice(status, at + 1), ['Inte öppnat', ''])
  const list = (await c.get('/admin/organisationer?status=opened')).body
  t.match(list, 'Öppnat', 'the same word as the organisations page')
})

t.test('every per-round download is named by its round, at its old address', async (t) => {
  const { app, c } = await loggedIn(t)
  const name = (await requireCurrentRound(app.db)).name
  const files: Array<[string, string]> = [
    ['/admin/resultat/results.csv', `resultat-${name}.csv`],
    ['/admin/resultat/results.xlsx', `resultat-${name}.xlsx`],
    ['/admin/resultat/responses.csv', `svar-${name}.csv`],
    ['/admin/resultat/responses.xlsx', `svar-${name}.xlsx`],
    ['/admin/resultat/publicering.csv', `publicering-${name}.csv`],
    ['/admin/resultat/publicering.xlsx', `publicering-${name}.xlsx`],
    ['/admin/resultat/rapport.docx', `rapport-${name}.docx`]
  ]
  for (const [url, file] of files) {
    const res = await c.get(url)
    t.equal(res.statusCode, 200, url)
    t.equal(res.headers['content-disposition'], `attachment; filename="${file}"`, `${url} downloads as ${file}`)
  }
  const withContacts = await c.postFrom('/admin/resultat', '/admin/resultat/export-med-kontakter', [['format', 'csv'], ['confirm', 'yes']])
  t.equal(withContacts.statusCode, 200)
})
