import t from 'tap'
import { buildTestApp } from '../helpers/app.js'
import { loggedIn } from '../helpers/admin.js'
import { RESERVED_SLUGS } from '../../server/survey/surveys.js'

const UPLOADS = new Set(['/admin/kontakter/import', '/admin/omgang/frageformular', '/admin/enkater/ny'])

t.test('every route with path parameters or a form body declares a zod schema for them', async (t) => {
  const { app } = await buildTestApp(t)
  for (const r of app.routeList) {
    if (r.method === 'HEAD' || r.method === 'OPTIONS') continue
    if (r.url.includes(':')) t.ok(r.schema.includes('params'), `${r.method} ${r.url}: params`)
    // The uploads (contacts, a questionnaire version, a new survey) are multipart posts, each read as a stream with its own limits, not a parsed body.
    if (r.method === 'POST' && r.url !== '/admin/logga-ut' && !UPLOADS.has(r.url) && !r.url.endsWith('/forsok-igen') && !r.url.endsWith('/radera')) {
      t.ok(r.schema.includes('body'), `${r.method} ${r.url}: body`)
    }
  }
})

t.test('the first path segment of every admin page is reserved, so /admin/<page> is never read as the slug of a survey', async (t) => {
  const { app } = await buildTestApp(t)
  const segments = new Set(app.routeList.map((r) => /^\/admin\/([^/:]+)/.exec(r.url)?.[1]).filter((s) => s !== undefined))
  t.ok(segments.size > 5, `${segments.size} first segments`)
  for (const segment of segments) t.ok(RESERVED_SLUGS.has(segment), `/admin/${segment} is a reserved slug`)
})

t.test('a path that does not match its schema is a Swedish 404; a query string that cannot be read is ignored', async (t) => {
  const { c } = await loggedIn(t)
  for (const url of ['/admin/organisationer/%3Cscript%3E', '/admin/organisationer/0180/kontakter/abc/radera', '/admin/resultat/responses.pdf', '/enkat/del/..%2Fa']) {
    const res = url.endsWith('/radera') ? await c.post(url, []) : await c.get(url)
    t.equal(res.statusCode, 404, url)
    t.match(res.body, 'Sidan finns inte', url)
  }
  const repeated = await c.get(`/admin/organisationer?typ=a&typ=b&grupp=${'x'.repeat(500)}`)
  t.equal(repeated.statusCode, 200, 'a repeated or too long filter is no filter')
  const log = await c.get('/admin/logg?sida=-4&fran=igår')
  t.equal(log.statusCode, 200)
})
