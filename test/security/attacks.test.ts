// Each test reproduces one attack from the security review, as it was made, and checks that it now does no harm.
import { request as httpRequest } from 'node:http'
import { connect } from 'node:net'
import t from 'tap'
import { FORM_BODY_LIMIT } from '../../server/app.js'
import { questionnaire2018 } from '../../server/questionnaire/questionnaire.js'
import { ADMIN_EMAIL, ADMIN_PASSWORD, AdminClient, createAdmin } from '../helpers/admin.js'
import { buildTestApp } from '../helpers/app.js'
import { hiddenFields, openLink, Respondent, submitFromReview } from '../helpers/respondent.js'

const TRUST = { TRUST_PROXY: '127.0.0.1' }

async function loginToken (c: AdminClient): Promise<string> {
  const page = await c.get('/admin/logga-in')
  return /name="_login" value="([^"]*)"/.exec(page.body)?.[1] ?? ''
}

t.test('1. 60 parallel logins for one account with one login token: only the first few are checked', async (t) => {
  const { app } = await buildTestApp(t)
  await createAdmin(app)
  const c = new AdminClient(app, '192.0.2.10')
  const token = await loginToken(c)
  const right = 37
  const statuses = await Promise.all(Array.from({ length: 60 }, async (_, i) => (await c.post('/admin/logga-in', [
    ['_login', token], ['email', ADMIN_EMAIL], ['password', i === right ? ADMIN_PASSWORD : `fel-lösenord-${i}`]
  ])).statusCode))
  const checked = statuses.filter((s) => s === 401 || s === 303).length
  t.ok(checked <= 3, `${checked} of 60 passwords were checked (at most 3)`)
  t.equal(statuses.filter((s) => s === 429).length, 60 - checked, 'the rest were refused before any check')
  t.equal(statuses[right], 429, 'the right password hidden among them was not checked either')
})

t.test('1. parallel attempts on many accounts: at most two password checks run at once, the queue is bounded', async (t) => {
  const { app } = await buildTestApp(t)
  const clients = Array.from({ length: 60 }, (_, i) => new AdminClient(app, `198.51.100.${i + 1}`))
  const tokens = await Promise.all(clients.map(loginToken))
  const statuses = await Promise.all(clients.map(async (c, i) => (await c.post('/admin/logga-in', [['_login', tokens[i] ?? ''], ['email', `konto${i}@skr.se`], ['password', 'gissning-123456']])).statusCode))
  const busy = statuses.filter((s) => s === 503).length
  t.ok(busy >= 60 - 34, `${busy} attempts were turned away while 2 ran and 32 waited`)
  t.equal(statuses.filter((s) => s === 401).length, 60 - busy, 'the others were checked and refused')
})

t.test('4. no lock-out by anyone: wrong passwords from elsewhere never stop the right one from a known device', async (t) => {
  const { app } = await buildTestApp(t, { env: TRUST })
  await createAdmin(app)
  const owner = new AdminClient(app, '192.0.2.50')
  t.equal((await owner.login()).statusCode, 303, 'the owner logs in once, and the browser is remembered')
  await owner.postFrom('/admin', '/admin/logga-ut', [])
  const attacker = new AdminClient(app, '203.0.113.66')
  for (let i = 0; i < 8; i++) {
    await attacker.login(ADMIN_EMAIL, `fel-${i}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  const other = new AdminClient(app, '192.0.2.51')
  t.equal((await other.login()).statusCode, 303, 'the right password from another address still works after 8 wrong ones')
  for (let i = 0; i < 25; i++) await new AdminClient(app, `203.0.113.${100 + i}`).login(ADMIN_EMAIL, `fel-${i}`)
  const stranger = await new AdminClient(app, '192.0.2.52').login()
  t.equal(stranger.statusCode, 429, 'an account under attack refuses browsers it has not seen')
  t.match(stranger.body, /dator där du har loggat in tidigare/)
  t.equal((await owner.login()).statusCode, 303, 'the owner\'s known browser gets in with the right password')
})

t.test('2. the row flood: 12,000 rows with a wrong CSRF token are refused at once with a small page', async (t) => {
  const { app, tokenFor } = await buildTestApp(t)
  const r = new Respondent(app)
  await r.open(await tokenFor('0180'))
  await r.saveSection('a', [['q01', 'yes'], ['q02', 'yes']])
  const fields = new URLSearchParams([['_csrf', 'fel'], ['version', '0'], ['_action', 'next']])
  for (let i = 0; i < 12_000; i++) fields.append(`q04.${i}.country`, 'Finland')
  const payload = fields.toString()
  t.ok(payload.length > 250_000, `the flood is ${Math.round(payload.length / 1024)} kB`)
  const started = process.hrtime.bigint()
  const res = await app.inject({ method: 'POST', url: '/enkat/del/b', headers: { cookie: r.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload })
  const ms = Number(process.hrtime.bigint() - started) / 1e6
  t.equal(res.statusCode, 413)
  t.ok(res.body.length < 10_000, `answered with ${res.body.length} bytes: the short error page, no rows built or shown`)
  t.notMatch(res.body, 'q04-0-country', 'nothing of the rows is in the answer')
  t.comment(`answered in ${ms.toFixed(1)} ms`)
  const rows = new URLSearchParams([['_csrf', 'fel'], ['version', '0']])
  for (let i = 0; i < 1900; i++) rows.append(`q04.${i}.partner`, 'Åbo')
  const fewerFields = await app.inject({ method: 'POST', url: '/enkat/del/b', headers: { cookie: r.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: rows.toString() })
  t.equal(fewerFields.statusCode, 413, 'under the field limit, the row limit refuses it')
  t.ok(fewerFields.body.length < 10_000)
  t.match(fewerFields.body, /högst 100/)
  const one = await r.post('/enkat/del/b', [...hiddenFields((await r.get('/enkat/del/b')).body), ['_action', 'next'], ['q04.100.partner', 'Åbo']])
  t.equal(one.statusCode, 413, 'row index 100 is already beyond the 100 rows a page can have')
})

t.test('2. the largest legitimate section is accepted, and one byte over the body limit is not', async (t) => {
  const { app, tokenFor } = await buildTestApp(t)
  const r = new Respondent(app)
  await r.open(await tokenFor('0180'))
  await r.saveSection('a', [['q01', 'yes'], ['q02', 'yes']])
  const section = questionnaire2018().findSection('c')!
  const fields: Array<[string, string]> = []
  const names = ['Centralafrikanska republiken', 'Demokratiska republiken Kongo', 'Dominikanska republiken', 'Förenade Arabemiraten', 'Papua Nya Guinea', 'Saint Vincent och Grenadinerna', 'Bosnien och Hercegovina', 'Trinidad och Tobago']
  const countries = names.join(', ')
  for (let i = 0; i < 100; i++) fields.push([`q10.${i}.name`, 'å'.repeat(200)], [`q10.${i}.kind`, 'cross_border'], [`q10.${i}.countries`, countries], [`q10.${i}.activity`, 'active'])
  for (const q of section.questions) {
    if (q.type !== 'multi') continue
    for (const o of q.options) fields.push([q.id, o.id])
    fields.push([`${q.id}.other`, 'ä'.repeat(q.otherMaxLength)])
  }
  const page = await r.get('/enkat/del/c')
  const payload = new URLSearchParams([...hiddenFields(page.body), ['_action', 'next'], ...fields]).toString()
  t.comment(`largest section C: ${Math.round(payload.length / 1024)} kB of ${FORM_BODY_LIMIT / 1024} kB allowed`)
  t.ok(payload.length < FORM_BODY_LIMIT)
  const res = await app.inject({ method: 'POST', url: '/enkat/del/c', headers: { cookie: r.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload })
  t.equal(res.statusCode, 303, 'saved')
  const over = await app.inject({ method: 'POST', url: '/enkat/del/c', headers: { cookie: r.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: `q17=${'a'.repeat(FORM_BODY_LIMIT)}` })
  t.equal(over.statusCode, 413)
  t.match(over.body, /för stort/)
})

t.test('3. behind a trusted proxy each client is itself: limits, audit and logs use the forwarded address', async (t) => {
  const { app, tokenFor, logs } = await buildTestApp(t, { env: TRUST })
  const token = await tokenFor('0180')
  const open = async (tok: string, client: string): Promise<number> => (await app.inject({ method: 'GET', url: `/s/${tok}`, remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': client } })).statusCode
  for (let i = 0; i < 30; i++) await open('B'.repeat(43), '203.0.113.7')
  t.equal(await open('B'.repeat(43), '203.0.113.7'), 429, 'the guessing client is limited')
  t.equal(await open('B'.repeat(43), '203.0.113.8'), 404, 'another client behind the same proxy is not')
  t.equal(await open(token, '203.0.113.7'), 200, 'a valid link always opens, even from the limited client')
  await createAdmin(app)
  await new AdminClient(app, '127.0.0.1').login(ADMIN_EMAIL, 'fel-lösenord').catch(() => null)
  const viaProxy = await app.inject({ method: 'GET', url: '/admin/logga-in', remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': '203.0.113.9' } })
  const cookie = String(viaProxy.headers['set-cookie']).split(';')[0]
  const login = /name="_login" value="([^"]*)"/.exec(viaProxy.body)?.[1] ?? ''
  await app.inject({ method: 'POST', url: '/admin/logga-in', remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': '203.0.113.9', cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams([['_login', login], ['email', ADMIN_EMAIL], ['password', 'fel']]).toString() })
  const row = await app.db.selectFrom('audit_log').select('detail').where('action', '=', 'login_failed').orderBy('id', 'desc').executeTakeFirstOrThrow()
  t.equal(row.detail, 'från 203.0.113.9', 'the audit log names the real client')
  t.match(logs(), /"remoteAddress":"203\.0\.113\.9"/, 'so does the request log')
})

t.test('3. without TRUST_PROXY a forged X-Forwarded-For is ignored', async (t) => {
  const { app } = await buildTestApp(t)
  for (let i = 0; i < 30; i++) await app.inject({ method: 'GET', url: `/s/${'C'.repeat(43)}`, remoteAddress: '192.0.2.200', headers: { 'x-forwarded-for': `203.0.113.${i}` } })
  const res = await app.inject({ method: 'GET', url: `/s/${'C'.repeat(43)}`, remoteAddress: '192.0.2.200', headers: { 'x-forwarded-for': '203.0.113.250' } })
  t.equal(res.statusCode, 429, 'rotating the header does not escape the limit')
})

t.test('5. free text that would become a formula in Swedish or English Excel stays text in every CSV', async (t) => {
  const { app, tokenFor } = await buildTestApp(t)
  await createAdmin(app)
  const payloads = ['x;=1+1;y', 'a,=2+2', 'a; -3+3', 'b,"=4+4"', 'rad ett\r\n=5+5', 'c;\t@SUM(A1)', 'd,+6', 'e;"";=7']
  for (const [i, code] of ['0180', '0114', '0115', '0117'].entries()) {
    const r = new Respondent(app)
    await r.open(await tokenFor(code))
    await r.saveSection('a', [['q01', 'no'], ['q02', 'no'], ['q03', 'other'], ['q03.other', payloads[i * 2] ?? '']])
    await r.saveSection('e', [['q17', payloads[i * 2 + 1] ?? ''], ['q18.name', payloads[(i * 2 + 2) % payloads.length] ?? '']])
    await submitFromReview(r)
  }
  const admin = new AdminClient(app)
  await admin.login()
  const files = [(await admin.get('/admin/resultat/responses.csv')).body, (await admin.get('/admin/resultat/results.csv')).body, (await admin.get('/admin/resultat/kodbok.csv')).body]
  const withContacts = await admin.postFrom('/admin/resultat', '/admin/resultat/responses-med-kontakter', [['format', 'csv'], ['confirm', 'yes']])
  if (withContacts.statusCode === 200) files.push(withContacts.body)
  t.ok(files[0]!.includes('1+1'), 'the free text is exported')
  let cellsSeen = 0
  const live: string[] = []
  for (const file of files) {
    for (const sep of [',', ';']) {
      for (const cell of splitLikeExcel(file, sep)) {
        cellsSeen++
        if (/^-?\d+([.,]\d+)?$/.test(cell.trim())) continue
        if (/^\s*[=+\-@\t\r]/.test(cell)) live.push(`${JSON.stringify(cell.slice(0, 40))} split on "${sep}"`)
      }
    }
  }
  t.ok(cellsSeen > 100, `${cellsSeen} cells read`)
  t.same(live, [], 'no cell starts a formula, whichever way the lines are split')
})

/** Splits CSV as a spreadsheet does in either locale: quotes are honoured only at a field's start. */
function splitLikeExcel (text: string, sep: string): string[] {
  const out: string[] = []
  let i = text.startsWith('\uFEFF') ? 1 : 0
  const stop = (c: string | undefined): boolean => c === sep || c === '\n' || c === '\r'
  while (i < text.length) {
    let v = ''
    if (text[i] === '"') {
      i++
      while (i < text.length) {
        if (text[i] === '"') {
          if (text[i + 1] === '"') { v += '"'; i += 2; continue }
          i++
          break
        }
        v += text[i++]
      }
    }
    while (i < text.length && !stop(text[i])) v += text[i++]
    out.push(v)
    if (text[i] === '\r' && text[i + 1] === '\n') i++
    i++
  }
  return out
}

t.test('6. a token never reaches the log, however the link path is written', async (t) => {
  const { app, tokenFor, logs } = await buildTestApp(t)
  const token = await tokenFor('0180')
  const ways = [`/s/${token}`, `/%73/${token}`, `/S/${token}`, `/s%2F${token}`, `/s%2f${token}?x=1`, `//s/${token}`, `/enkat?t=${token}`, `/x/${token.replace(/A/g, '%41')}`, `/s/${token}%ZZ`]
  for (const url of ways) await app.inject({ method: 'GET', url })
  const log = logs()
  t.notOk(log.includes(token), 'no token in the log')
  t.notOk(log.includes(token.slice(0, 30)), 'not even most of one')
  t.match(log, /\/s\/\[dold\]/)
})

t.test('7. broken UTF-8 and other charsets are refused and store nothing', async (t) => {
  const { app, tokenFor } = await buildTestApp(t)
  const r = new Respondent(app)
  await r.open(await tokenFor('0180'))
  const page = await r.get('/enkat/del/e')
  const hidden = new URLSearchParams([...hiddenFields(page.body), ['_action', 'next']]).toString()
  const post = async (payload: string | Buffer, type = 'application/x-www-form-urlencoded') => await app.inject({ method: 'POST', url: '/enkat/del/e', headers: { cookie: r.cookie, 'content-type': type }, payload })
  const bad = await post(`${hidden}&q17=abc%C3%28def`)
  t.equal(bad.statusCode, 400)
  t.match(bad.body, /kunde inte läsas/)
  t.equal((await post(Buffer.concat([Buffer.from(`${hidden}&q17=`), Buffer.from([0x61, 0xff, 0x62])]))).statusCode, 400, 'raw invalid bytes')
  t.equal((await post(`${hidden}&q17=abc`, 'application/x-www-form-urlencoded; charset=windows-1252')).statusCode, 415)
  t.equal((await post(`${hidden}&q17=%ED%A0%80`)).statusCode, 400, 'an encoded lone surrogate')
  t.equal((await r.get('/enkat/del/b?ny=%C3%28')).statusCode, 400, 'and in a query string')
  const stored = await app.db.selectFrom('answer_text').select('value').execute()
  t.same(stored, [], 'nothing was stored')
  t.equal((await post(`${hidden}&q17=${encodeURIComponent('Hälsningar från Åre 😀')}`, 'application/x-www-form-urlencoded; charset=UTF-8')).statusCode, 303, 'valid UTF-8 is saved')
})

t.test('8. posted text is shown back only to the session that made the form', async (t) => {
  const { app, tokenFor } = await buildTestApp(t)
  const bait = 'Ring oss genast på 070-000 00 00 och uppge ert lösenord'
  const anon = await app.inject({ method: 'POST', url: '/enkat/del/e', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams([['q17', bait], ['_csrf', 'x']]).toString() })
  t.equal(anon.statusCode, 401)
  t.notOk(anon.body.includes('Ring oss'), 'a cross-site post without a session sees nothing of its text')
  const r = new Respondent(app)
  await r.open(await tokenFor('0180'))
  const forged = await r.post('/enkat/del/e', [['q17', bait], ['_csrf', 'forged'], ['version', '0']])
  t.equal(forged.statusCode, 403)
  t.notOk(forged.body.includes('Ring oss'), 'nor with a session but a forged token')
  const typo = await r.post('/enkat/del/e', [...hiddenFields((await r.get('/enkat/del/e')).body), ['q17', bait], ['q18.email', 'inte-en-adress']])
  t.equal(typo.statusCode, 422)
  t.ok(typo.body.includes('Ring oss'), 'the real form with a mistake keeps what was typed')
})

t.test('9. opening a personal link never ends an admin session in the same browser', async (t) => {
  const { app, tokenFor } = await buildTestApp(t)
  await createAdmin(app)
  const browser = new AdminClient(app)
  await browser.login()
  t.equal((await browser.get('/admin')).statusCode, 200)
  const opened = await openLink(app, await tokenFor('0180'), browser.cookieHeader)
  t.equal(opened.statusCode, 303)
  browser.cookies.set('enkat_sid', opened.cookie?.split('=')[1] ?? '')
  t.equal((await browser.get('/admin')).statusCode, 200, 'still an admin')
  t.equal((await browser.get('/enkat')).statusCode, 200, 'and a respondent, in a separate cookie')
  t.same([...browser.cookies.keys()].filter((k) => k.startsWith('enkat_') && k !== 'enkat_device').sort(), ['enkat_admin', 'enkat_sid'])
  const page = await app.inject({ method: 'GET', url: '/admin/logga-in' })
  const login = await app.inject({
    method: 'POST', url: '/admin/logga-in',
    headers: { cookie: String(page.headers['set-cookie']).split(';')[0], 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams([['_login', /name="_login" value="([^"]*)"/.exec(page.body)?.[1] ?? ''], ['email', ADMIN_EMAIL], ['password', ADMIN_PASSWORD]]).toString()
  })
  const set = ([] as string[]).concat(login.headers['set-cookie'] ?? [])
  t.ok(set.some((c) => /^enkat_admin=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict$/.test(c)), 'the admin cookie is SameSite=Strict')
})

t.test('10. the mailing preview masks the link; every answer change records who made it', async (t) => {
  const { app, tokenFor } = await buildTestApp(t)
  await createAdmin(app)
  const token = await tokenFor('0180')
  const admin = new AdminClient(app)
  await admin.login()
  const preview = await admin.get('/admin/utskick/invitation?org=0180')
  t.equal(preview.statusCode, 200)
  t.notOk(preview.body.includes(token), 'the live link is not shown')
  t.match(preview.body, new RegExp(`/s/…${token.slice(-4)}`), 'only its last four characters')
  const r = new Respondent(app)
  await r.open(token)
  await r.saveSection('a', [['q01', 'no'], ['q02', 'no']])
  await submitFromReview(r)
  const events = await app.db.selectFrom('response_event').select(['kind', 'actor']).orderBy('id').execute()
  t.equal(events.length, 2)
  for (const e of events) t.match(e.actor, /^respondent:[0-9a-f]{8}$/, `${e.kind} has its actor`)
  const page = await admin.get("/admin/organisationer/0180")
  t.match(page.body, /svarande via länken \(session [0-9a-f]{8}\)/, page.body.slice(0, 300))
})

t.test('11. malformed URLs and unreadable requests get the Swedish error page with the security headers', async (t) => {
  const { app } = await buildTestApp(t)
  const bad = await app.inject({ method: 'GET', url: '/enkat/del/%ZZ' })
  t.equal(bad.statusCode, 400)
  t.match(String(bad.headers['content-type']), /text\/html/)
  t.match(bad.body, /lang="sv"/)
  t.ok(bad.headers['content-security-policy'], 'CSP')
  t.equal(bad.headers['x-content-type-options'], 'nosniff')
  await app.listen({ port: 0, host: '127.0.0.1' })
  const port = (app.server.address() as { port: number }).port
  const raw = async (text: string): Promise<string> => await new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text))
    let out = ''
    socket.on('data', (c) => { out += String(c) })
    socket.on('close', () => resolve(out))
    socket.on('error', () => resolve(out))
  })
  const big = await raw(`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`)
  t.match(big, /^HTTP\/1\.1 431/)
  t.match(big, /Content-Security-Policy: default-src 'self'/)
  t.match(big, /lang="sv"/)
  const garbage = await raw('BLAH\r\n\r\n')
  t.match(garbage, /^HTTP\/1\.1 400/)
  t.match(garbage, /X-Content-Type-Options: nosniff/)
  t.match(garbage, /Begäran kunde inte läsas/)
  const viaHttp = await new Promise<number>((resolve) => {
    httpRequest({ port, path: '/enkat/del/%C3%28', host: '127.0.0.1' }, (res) => { res.resume(); resolve(res.statusCode ?? 0) }).end()
  })
  t.equal(viaHttp, 400)
})

t.test('11. a client too slow with its headers gets 408 as the Swedish page with the security headers', async (t) => {
  const { buildApp } = await import('../../server/app.js')
  const { loadConfig } = await import('../../server/config.js')
  const { tempDir, testEnv } = await import('../helpers/app.js')
  const { Writable } = await import('node:stream')
  const app = await buildApp(loadConfig(testEnv(tempDir(t))), { timeouts: { requestMs: 1500, headersMs: 600 }, logStream: new Writable({ write (_c, _e, cb) { cb() } }) })
  t.teardown(async () => { await app.close() })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const port = (app.server.address() as { port: number }).port
  const answer = await new Promise<string>((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.write('GET /enkat HTTP/1.1\r\nHost: x\r\nX-Slow: '))
    let out = ''
    socket.on('data', (c) => { out += String(c) })
    socket.on('close', () => resolve(out))
    socket.on('error', () => resolve(out))
  })
  t.match(answer, /^HTTP\/1\.1 408 Request Timeout/)
  t.match(answer, /Content-Security-Policy: default-src 'self'/)
  t.match(answer, /Det tog för lång tid/)
})

t.test('12. a post of 100 rows, each a list of 1,000 comma-separated parts, is answered in Swedish while the server keeps answering others', async (t) => {
  const { app, tokenFor } = await buildTestApp(t)
  const r = new Respondent(app)
  await r.open(await tokenFor('0180'))
  await r.saveSection('a', [['q01', 'yes'], ['q02', 'yes']])
  await app.listen({ port: 0, host: '127.0.0.1' })
  const port = (app.server.address() as { port: number }).port
  const list = Array.from({ length: 1000 }, () => 'a').join(',')
  const hidden = new URLSearchParams([...hiddenFields((await r.get('/enkat/del/c')).body), ['_action', 'next']]).toString()
  const rows = Array.from({ length: 100 }, (_, i) => `q10.${i}.name=Projekt+${i}&q10.${i}.kind=cross_border&q10.${i}.activity=active&q10.${i}.countries=${list}`)
  const payload = [hidden, ...rows].join('&')
  t.ok(payload.length < FORM_BODY_LIMIT, `the post is ${Math.round(payload.length / 1024)} kB, under the body limit`)
  const hostile = fetch(`http://127.0.0.1:${port}/enkat/del/c`, { method: 'POST', headers: { cookie: r.cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: payload })
  const health = await Promise.all(Array.from({ length: 5 }, () => fetch(`http://127.0.0.1:${port}/healthz`).then((res) => res.status)))
  t.same(health, [200, 200, 200, 200, 200], 'another client\'s health checks are answered')
  const res = await hostile
  const body = await res.text()
  t.equal(res.status, 422, 'the post is answered as a form with problems')
  t.match(body, /Känner inte igen ”a” som land/, 'with a Swedish message at the field')
  const hostileSpaces = Array.from({ length: 200 }, () => 'Tyskland').join(', ')
  const many = await r.saveSection('c', [['q10.0.name', 'Projekt'], ['q10.0.kind', 'cross_border'], ['q10.0.activity', 'active'], ['q10.0.countries', hostileSpaces]])
  t.equal(many.statusCode, 303, '200 repeats of one country are one country')
})
