import t from 'tap'
import { buildTestApp } from '../helpers/app.js'
import { Respondent } from '../helpers/respondent.js'
import { activeLinks, hashToken } from '../../server/survey/links.js'
import { currentRound } from '../../server/survey/rounds.js'

t.test('a link opens a session and redirects to an address without the token', async (t) => {
  const { app, tokenFor, logs } = await buildTestApp(t)
  const token = await tokenFor('0180')
  t.match(token, /^[A-Za-z0-9_-]{43}$/, '256-bit token, base64url')
  const r = new Respondent(app)
  const opened = await r.open(token)
  t.equal(opened.statusCode, 303)
  t.equal(opened.location, '/enkat')
  t.match(r.cookie, /^enkat_sid=/)
  const start = await r.get('/enkat')
  t.equal(start.statusCode, 200)
  t.match(start.body, 'Stockholm')
  t.notOk(logs().includes(token), 'the token never appears in the log')
  t.match(logs(), '/s/[dold]')
  const stored = await app.db.selectFrom('personal_link').select(['token_hash', 'nonce']).execute()
  t.ok(stored.some((l) => l.token_hash === hashToken(token)), 'stored as a hash')
  t.notOk(stored.some((l) => l.token_hash === token || l.nonce === token), 'never in clear')
})

t.test('unknown, revoked and malformed tokens get the same 404 page', async (t) => {
  const { app, tokenFor, logs } = await buildTestApp(t)
  const revoked = await tokenFor('0114')
  await tokenFor('0114')
  const unknown = 'A'.repeat(43)
  const pages: string[] = []
  for (const token of [revoked, unknown, 'garbage', '%3Cscript%3E', 'x'.repeat(150), 'x'.repeat(5000)]) {
    const res = await app.inject({ method: 'GET', url: `/s/${token}` })
    t.equal(res.statusCode, 404, `404 for ${token.slice(0, 10)}`)
    t.notOk(res.headers['set-cookie'], 'no session')
    pages.push(res.body)
  }
  t.ok(pages.every((p) => p === pages[0]), 'identical pages')
  t.match(pages[0], 'Länken fungerar inte')
  t.match(pages[0], /<html lang="sv">/)
  t.notOk(logs().includes(revoked), 'revoked token not logged')
})

t.test('revoking a link ends the sessions it opened', async (t) => {
  const { app, tokenFor } = await buildTestApp(t)
  const token = await tokenFor('1280')
  const r = new Respondent(app)
  await r.open(token)
  t.equal((await r.get('/enkat')).statusCode, 200)
  await tokenFor('1280')
  const after = await r.get('/enkat')
  t.equal(after.statusCode, 401)
  t.match(after.body, 'Öppna länken igen')
})

t.test('links export lists one working link per organisation', async (t) => {
  const { app, config } = await buildTestApp(t)
  const round = await currentRound(app.db)
  const links = await activeLinks(app.db, app.linkKey, round!.id, config.publicUrl)
  t.equal(links.length, 310)
  t.equal(new Set(links.map((l) => l.url)).size, 310)
  const sample = links.find((l) => l.code === '2584')!
  const res = await app.inject({ method: 'GET', url: new URL(sample.url).pathname })
  t.equal(res.statusCode, 200)
  t.match(res.body, "Kiruna")
})

t.test('a personal link is opened by its button: GET and HEAD (mail scanners, previews) start no session and record no opening', async (t) => {
  const { app, tokenFor } = await buildTestApp(t)
  const token = await tokenFor('0180')
  const head = await app.inject({ method: 'HEAD', url: `/s/${token}` })
  t.equal(head.statusCode, 200)
  let sessionCookies = 0
  for (let i = 0; i < 200; i++) {
    const scan = await app.inject({ method: 'GET', url: `/s/${token}` })
    if (String(scan.headers['set-cookie'] ?? '').includes('enkat_sid')) sessionCookies++
    if (i === 0) {
      t.equal(scan.statusCode, 200)
      t.match(scan.body, 'Öppna enkäten')
      t.match(scan.body, 'Stockholm')
    }
  }
  t.equal(sessionCookies, 0, 'no scanner GET gets a session cookie')
  t.equal((await app.db.selectFrom('session').select('id_hash').execute()).length, 0, '201 fetches, no session rows')
  t.equal((await app.db.selectFrom('response').select('id').execute()).length, 0, 'and no opening recorded')
  const r = new Respondent(app)
  const opened = await r.open(token)
  t.equal(opened.statusCode, 303)
  t.equal(opened.location, '/enkat')
  t.equal((await app.db.selectFrom('response').select('first_opened_at').execute()).length, 1, 'the button records the opening')
  const again = await app.inject({ method: 'GET', url: `/s/${token}`, headers: { cookie: r.cookie } })
  t.equal(again.statusCode, 303, 'a browser with a session for the same link goes straight on')
  t.equal((await app.db.selectFrom('session').select('id_hash').execute()).length, 1, 'and its session is reused')
  const forged = await app.inject({ method: 'POST', url: '/enkat/oppna', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ token, _open: 'x' }).toString() })
  t.equal(forged.statusCode, 403, "a cross-site post of a token (without the page's own cookie) opens nothing")
  t.equal((await app.db.selectFrom('session').select('id_hash').execute()).length, 1)
})
