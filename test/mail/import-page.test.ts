import t from 'tap'
import { loggedIn } from '../helpers/admin.js'
import { multipartBody } from '../helpers/multipart.js'

// A file with thousands of bad rows lists the first 200 problems and says how many more there are, instead of a
// page of megabytes; the count is written with a thousands space.
t.test('the import page lists at most 200 problems and counts the rest', async (t) => {
  const { app, c } = await loggedIn(t)
  const csrf = /name="_csrf" value="([^"]*)"/.exec((await c.get('/admin/kontakter/import')).body)![1]!
  const rows = Array.from({ length: 1250 }, (_, i) => `9999;person${i}@example.se`)
  const { payload, contentType } = multipartBody({ _csrf: csrf }, { name: 'kontakter.csv', type: 'text/csv', content: ['kod;e-post', ...rows].join('\n') })
  const res = await app.inject({ method: 'POST', url: '/admin/kontakter/import', payload, headers: { 'content-type': contentType, cookie: c.cookieHeader } })
  t.equal(res.statusCode, 422)
  t.equal(res.body.match(/<li>Rad \d+:/g)?.length, 200, '200 problems listed')
  t.match(res.body, /Rätta de 1\s250 problemen/)
  t.match(res.body, /… och 1\s050 problem till\./)
  t.ok(res.body.length < 100_000, `the page stays small (${res.body.length} bytes)`)
  t.equal((await app.db.selectFrom('contact').select('id').execute()).length, 0, 'nothing imported')
})
