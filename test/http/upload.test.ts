import t from 'tap'
import { loggedIn } from '../helpers/admin.js'
import { multipartBody } from '../helpers/multipart.js'

// The admin's two uploads (contacts, a questionnaire version) read their file the same way: a post cut off in the
// middle gets a Swedish "could not be received" page and stores nothing; a file past the limit gets 413 and its limit.

const routes = [
  { page: '/admin/kontakter/import', limit: 'större än 2 MB', bytes: 2 * 1024 * 1024, stored: 'contact' as const },
  { page: '/admin/omgang/frageformular', limit: 'större än 1 MB', bytes: 1024 * 1024, stored: 'questionnaire_version' as const }
]

for (const r of routes) {
  t.test(`${r.page}: a cut-off post and a file past the limit are refused in Swedish, nothing stored`, async (t) => {
    const { app, c } = await loggedIn(t)
    const csrf = /name="_csrf" value="([^"]*)"/.exec((await c.get(r.page)).body)![1]!
    const count = async (): Promise<number> => (await app.db.selectFrom(r.stored).select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n
    const before = await count()
    const post = async (payload: Buffer, contentType: string) =>
      await app.inject({ method: 'POST', url: r.page, payload, headers: { 'content-type': contentType, cookie: c.cookieHeader } })

    const whole = multipartBody({ _csrf: csrf }, { name: 'fil.csv', type: 'text/csv', content: 'kod;e-post\n0180;a@stockholm.se\n' })
    const cut = await post(whole.payload.subarray(0, whole.payload.length - 12), whole.contentType)
    t.equal(cut.statusCode, 400, 'a post that ends before its closing boundary')
    t.match(cut.body, 'Filen kunde inte tas emot. Försök igen.')
    t.match(cut.body, '<html lang="sv"')

    const big = multipartBody({ _csrf: csrf }, { name: 'fil.csv', type: 'text/csv', content: Buffer.alloc(r.bytes + 10, 'a') })
    const huge = await post(big.payload, big.contentType)
    t.equal(huge.statusCode, 413)
    t.match(huge.body, r.limit)
    t.equal(await count(), before, 'nothing stored')
  })
}

// A file part under another name than "file" (or a second file) must still be read to its end: otherwise the parser
// waits for it and the request is never answered. Such a form counts as one without its file.
for (const page of ['/admin/kontakter/import', '/admin/omgang/frageformular', '/admin/enkater/ny']) {
  t.test(`${page}: a file under another field name is answered at once as no file`, async (t) => {
    const { app, c } = await loggedIn(t)
    const csrf = /name="_csrf" value="([^"]*)"/.exec((await c.get(page)).body)![1]!
    const before = await app.db.selectFrom('audit_log').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    for (const field of ['fil', 'file2', '']) {
      const body = multipartBody({ _csrf: csrf, kortnamn: 'ny-enkat' }, { name: 'x.json', type: 'application/json', content: '{"a": 1}'.repeat(5000), field })
      const res = await app.inject({ method: 'POST', url: page, payload: body.payload, headers: { 'content-type': body.contentType, cookie: c.cookieHeader } })
      t.equal(res.statusCode, 422, `a file named "${field}" is answered`)
      t.match(res.body, /[Vv]älj en fil/, 'and asks for the file in Swedish')
    }
    t.same(await app.db.selectFrom('audit_log').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(), before, 'nothing done')
  })
}
