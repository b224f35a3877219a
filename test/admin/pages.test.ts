import t from 'tap'
import { loggedIn } from '../helpers/admin.js'
import { storeResponse } from '../helpers/fixtures.js'
import { addContacts } from '../helpers/mail.js'
import { Respondent } from '../helpers/respondent.js'

function multipart (fields: Record<string, string>, file: { name: string, content: Buffer | string }): { payload: Buffer, contentType: string } {
  const boundary = `----enkattest${Math.random().toString(16).slice(2)}`
  const parts: Buffer[] = []
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`))
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n`))
  parts.push(Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content))
  parts.push(Buffer.from(`\r\n--${boundary}--\r\n`))
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` }
}

t.test('organisations: filters by type, kommungrupp, län, status and reminders', async (t) => {
  const { app, c } = await loggedIn(t)
  await storeResponse(app, '0180', { q01: 'yes' }, new Date())
  await storeResponse(app, '1480', { q01: 'yes' }, null)
  const count = async (q: string): Promise<number> => Number(/<p role="status">(\d+) organisationer/.exec((await c.get(`/admin/organisationer${q}`)).body)?.[1])
  t.equal(await count(''), 310)
  t.equal(await count('?typ=region'), 20)
  t.equal(await count('?grupp=A1'), 3)
  t.equal(await count('?grupp=A'), 46, 'main group A')
  t.equal(await count('?lan=Gotlands+l%C3%A4n'), 1)
  t.equal(await count('?status=submitted'), 1)
  t.equal(await count('?status=in_progress'), 1)
  t.equal(await count('?status=not_submitted'), 309)
  t.equal(await count('?paminnelser=0'), 310)
  t.equal(await count('?typ=municipality&grupp=A1&status=submitted'), 1)
})

t.test('an organisation page: status, contacts (add, edit, deactivate), messages, answers read-only, link reissue and revoke', async (t) => {
  const { app, c, tokenFor } = await loggedIn(t)
  await storeResponse(app, '0180', { q01: 'yes', q02: 'no', q17: '<script>alert(1)</script>' }, new Date())
  const page = await c.get('/admin/organisationer/0180')
  t.match(page.body, 'Inskickat')
  t.match(page.body, '&lt;script&gt;alert(1)&lt;/script&gt;', 'answers escaped')
  t.notMatch(page.body, '<script>alert(1)')
  t.notMatch(page.body, /<input[^>]*name="q01"/, 'read-only')

  const bad = await c.postFrom('/admin/organisationer/0180', '/admin/organisationer/0180/kontakter', [['email', 'inte en adress'], ['name', 'Anna']])
  t.equal(bad.statusCode, 422)
  t.match(bad.body, 'Ange en giltig e-postadress')
  t.match(bad.body, 'value="inte en adress"', 'input kept')
  t.equal(await app.db.selectFrom('contact').select('id').executeTakeFirst(), undefined)
  const added = await c.postFrom('/admin/organisationer/0180', '/admin/organisationer/0180/kontakter', [['email', 'Anna@Stockholm.se'], ['name', 'Anna A']])
  t.equal(added.statusCode, 303)
  const dup = await c.postFrom('/admin/organisationer/0180', '/admin/organisationer/0180/kontakter', [['email', 'anna@stockholm.se'], ['name', '']])
  t.equal(dup.statusCode, 422)
  const contact = await app.db.selectFrom('contact').selectAll().executeTakeFirstOrThrow()
  t.equal(contact.email, 'anna@stockholm.se')
  const edited = await c.postFrom('/admin/organisationer/0180', `/admin/organisationer/0180/kontakter/${contact.id}`, [['email', 'anna.a@stockholm.se'], ['name', 'Anna Andersson']])
  t.equal(edited.statusCode, 303)
  await c.postFrom('/admin/organisationer/0180', `/admin/organisationer/0180/kontakter/${contact.id}`, [['action', 'deactivate']])
  const after = await app.db.selectFrom('contact').selectAll().executeTakeFirstOrThrow()
  t.same([after.email, after.name, after.active], ['anna.a@stockholm.se', 'Anna Andersson', 0])

  const r = new Respondent(app)
  await r.open(await tokenFor('0180'))
  t.equal((await r.get('/enkat')).statusCode, 200)
  const reissued = (await c.postFrom('/admin/organisationer/0180', '/admin/organisationer/0180/lank', [['action', 'reissue']])).body
  const link = /<code>http:\/\/enkat\.test(\/s\/[A-Za-z0-9_-]{43})<\/code>/.exec(reissued)?.[1]
  t.ok(link, 'the new link is shown once')
  t.equal((await r.get('/enkat')).statusCode, 401, 'the old link session ended')
  const fresh = new Respondent(app)
  t.equal((await fresh.open(link!.slice(3))).statusCode, 303)
  await c.postFrom('/admin/organisationer/0180', '/admin/organisationer/0180/lank', [['action', 'revoke']])
  t.equal((await fresh.get('/enkat')).statusCode, 401)
  t.equal((await app.inject({ method: 'GET', url: link! })).statusCode, 404)
  const actions = (await app.db.selectFrom('audit_log').select('action').execute()).map((a) => a.action)
  for (const a of ['contact_added', 'contact_updated', 'contact_deactivated', 'link_reissued', 'link_revoked']) t.ok(actions.includes(a), a)
})

t.test('mailings: counts before sending, preview for an organisation, confirmation, a fourth reminder refused', async (t) => {
  const { app, c, dir } = await loggedIn(t)
  await addContacts(app, [['0180', 'a@stockholm.se'], ['0180', 'b@stockholm.se'], ['14', 'k@vgregion.se']])
  let page = await c.get('/admin/utskick/invitation?org=14')
  t.match(page.body, '2 organisationer och 3 adresser')
  t.match(page.body, 'Enkäten gäller: Västra Götalandsregionen')
  const unconfirmed = await c.postFrom('/admin/utskick/invitation', '/admin/utskick/invitation/skicka', [])
  t.equal(unconfirmed.statusCode, 422)
  t.match(unconfirmed.body, 'Bekräfta att utskicket ska skickas')
  t.equal(await app.db.selectFrom('mailing').select('id').executeTakeFirst(), undefined)
  const badTemplate = await c.postFrom('/admin/utskick/invitation', '/admin/utskick/invitation/mall', [['subject', ''], ['body', 'Hej {organisation}']])
  t.equal(badTemplate.statusCode, 422)
  t.match(badTemplate.body, 'Hej {organisation}', 'input kept')
  t.equal((await c.postFrom('/admin/utskick/invitation', '/admin/utskick/invitation/mall', [['subject', 'Ny enkät till {organisation}'], ['body', 'Hej!\n\nSvara gärna.']])).statusCode, 303)
  page = await c.get('/admin/utskick/invitation?org=0180')
  t.match(page.body, 'Ny enkät till Stockholm')
  const sent = await c.postFrom('/admin/utskick/invitation', '/admin/utskick/invitation/skicka', [['confirm', 'yes']])
  t.equal(sent.statusCode, 303)
  const rows = await app.db.selectFrom('outbox_message').selectAll().execute()
  t.equal(rows.length, 3, 'queued for every address')
  const early = await c.postFrom('/admin/utskick/reminder-1', '/admin/utskick/reminder-1/skicka', [['confirm', 'yes']])
  t.equal(early.statusCode, 422)
  t.match(early.body, 'minst 7 dagar')
  const fourth = await c.get('/admin/utskick/reminder-4')
  t.equal(fourth.statusCode, 400)
  t.match(fourth.body, 'Högst tre påminnelser')
  const fourthPost = await c.postFrom('/admin/utskick', '/admin/utskick/reminder-4/skicka', [['confirm', 'yes']])
  t.equal(fourthPost.statusCode, 400)
  const scheduled = await c.postFrom('/admin/utskick/reminder-1', '/admin/utskick/reminder-1/planera', [['date', '2999-01-01']])
  t.equal(scheduled.statusCode, 422, 'after the round closes')
  const { addDays, swedishDate } = await import('../../server/survey/clock.js')
  const ok = await c.postFrom('/admin/utskick/reminder-1', '/admin/utskick/reminder-1/planera', [['date', addDays(swedishDate(new Date()), 8)]])
  t.equal(ok.statusCode, 303)
  t.match((await c.get('/admin/utskick')).body, 'Planerat')
  t.match((await c.get('/admin')).body, 'Påminnelse 1')
  void dir
})

t.test('contacts import page: a good file, and a bad file that changes nothing and lists its rows', async (t) => {
  const { app, c } = await loggedIn(t)
  const page = await c.get('/admin/kontakter/import')
  const csrf = /name="_csrf" value="([^"]*)"/.exec(page.body)![1]!
  const upload = async (content: string | Buffer, token = csrf) => {
    const { payload, contentType } = multipart({ _csrf: token }, { name: 'kontakter.csv', content })
    return await app.inject({ method: 'POST', url: '/admin/kontakter/import', payload, headers: { 'content-type': contentType, cookie: c.cookieHeader } })
  }
  const bad = await upload('kod;e-post\n0180;a@stockholm.se\n9999;b@x.se\n0180;trasig\n')
  t.equal(bad.statusCode, 422)
  t.match(bad.body, 'Ingenting importerades')
  t.match(bad.body, 'Rad 3: okänd kod')
  t.match(bad.body, 'Rad 4: ogiltig e-postadress')
  t.equal(await app.db.selectFrom('contact').select('id').executeTakeFirst(), undefined)
  const forged = await upload('kod;e-post\n0180;a@stockholm.se\n', 'forged')
  t.equal(forged.statusCode, 403)
  const good = await upload(Buffer.from('\uFEFFkod;e-post;namn\r\n0180;a@stockholm.se;Anna\r\n14;k@vgregion.se;\r\n'))
  t.equal(good.statusCode, 200)
  t.match(good.body, 'Importerade 2 kontakter: 2 nya')
  t.equal((await app.db.selectFrom('contact').select('id').execute()).length, 2)
  const huge = await upload(`kod;e-post\n${'0180;a@stockholm.se\n'.repeat(150_000)}`)
  t.equal(huge.statusCode, 413)
  t.match(huge.body, 'större än 2 MB')
})
