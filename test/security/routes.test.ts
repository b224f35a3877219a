import t, { type Test } from 'tap'
import { buildTestApp } from '../helpers/app.js'
import { AdminClient, createAdmin } from '../helpers/admin.js'
import { storeResponse } from '../helpers/fixtures.js'
import { Respondent } from '../helpers/respondent.js'

const samples: Record<string, string> = { ':token': 'A'.repeat(43), ':section': 'a', ':code': '0180', ':kind': 'invitation', ':id': '1', ':format': 'csv', '*': 'style.css' }

function concrete (url: string): string {
  return url.split('/').map((part) => {
    for (const [k, v] of Object.entries(samples)) if (part.includes(k)) return part.replace(k, v)
    return part
  }).join('/')
}

async function sessions (t: Test) {
  const ctx = await buildTestApp(t)
  await createAdmin(ctx.app)
  const admin = new AdminClient(ctx.app)
  await admin.login()
  const respondent = new Respondent(ctx.app)
  await respondent.open(await ctx.tokenFor('0180'))
  await storeResponse(ctx.app, '1480', { q01: 'yes', q02: 'no', q17: 'Hej' }, new Date())
  const cookie = (url: string): string => url.startsWith('/admin') ? admin.cookieHeader : respondent.cookie
  return { ...ctx, admin, respondent, cookie }
}

t.test('every registered GET route: security headers on every HTML response', async (t) => {
  const { app, cookie } = await sessions(t)
  const gets = [...new Set(app.routeList.filter((r) => r.method === 'GET').map((r) => concrete(r.url)))]
  t.ok(gets.length >= 25, `${gets.length} GET routes`)
  const problems: string[] = []
  for (const url of gets) {
    const res = await app.inject({ method: 'GET', url, headers: { cookie: cookie(url) } })
    if (res.statusCode >= 500) problems.push(`${url}: ${res.statusCode}`)
    t.equal(res.headers['x-content-type-options'], 'nosniff', `nosniff ${url}`)
    t.equal(res.headers['referrer-policy'], 'no-referrer', `referrer ${url}`)
    if (!String(res.headers['content-type']).startsWith('text/html')) continue
    const csp = String(res.headers['content-security-policy'])
    for (const d of ["default-src 'self'", "script-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'"]) {
      if (!csp.includes(d)) problems.push(`${url}: CSP lacks ${d}`)
    }
    if (csp.includes('unsafe-inline')) problems.push(`${url}: unsafe-inline`)
    if (/<script(?![^>]*\bsrc=)[^>]*>/i.test(res.body)) problems.push(`${url}: inline script`)
    if (res.headers['strict-transport-security'] !== undefined) problems.push(`${url}: HSTS over http`)
  }
  t.same(problems, [])
})

t.test('HSTS when served over https', async (t) => {
  const { app } = await buildTestApp(t, { env: { PUBLIC_URL: 'https://enkat.skr.se' } })
  const res = await app.inject({ method: 'GET', url: '/' })
  t.match(res.headers['strict-transport-security'], /max-age=31536000/)
})

t.test('every non-GET route refuses a request without a valid CSRF token', async (t) => {
  const { app, cookie } = await sessions(t)
  const posts = [...new Set(app.routeList.filter((r) => r.method !== 'GET' && r.method !== 'HEAD').map((r) => `${r.method} ${concrete(r.url)}`))]
  t.ok(posts.length >= 12, `${posts.length} non-GET routes`)
  const before = await snapshot(app)
  for (const entry of posts) {
    const [method = '', url = ''] = entry.split(' ')
    for (const csrf of [null, 'forged-token']) {
      const fields = new URLSearchParams({ version: '0', q01: 'yes', confirm: 'yes', email: 'x@y.se', password: 'x', action: 'reissue', subject: 'Hej', body: 'Hej', date: '2099-01-01', format: 'csv' })
      if (csrf !== null) { fields.set('_csrf', csrf); fields.set('_login', csrf) }
      const res = await app.inject({ method: method as 'POST', url, headers: { cookie: cookie(url), 'content-type': 'application/x-www-form-urlencoded' }, payload: fields.toString() })
      t.ok([400, 401, 403, 404].includes(res.statusCode), `${entry} without a valid token: ${res.statusCode}`)
    }
  }
  t.equal(await snapshot(app), before, 'nothing changed')
})

t.test('no GET route changes state (a personal link\'s GET only shows its button)', async (t) => {
  const { app, cookie } = await sessions(t)
  const before = await snapshot(app)
  for (const r of app.routeList.filter((x) => x.method === 'GET')) {
    const url = concrete(r.url)
    await app.inject({ method: 'GET', url, headers: { cookie: cookie(url) } })
  }
  t.equal(await snapshot(app), before)
})

async function snapshot (app: Awaited<ReturnType<typeof buildTestApp>>['app']): Promise<string> {
  const tables = ['organisation', 'round', 'personal_link', 'response', 'response_section', 'response_event', 'answer_choice', 'answer_text', 'answer_row',
    'result_tally', 'response_tally', 'contact', 'mail_template', 'mailing', 'outbox_message', 'admin'] as const
  const out: unknown[] = []
  for (const table of tables) out.push(await app.db.selectFrom(table).selectAll().execute())
  return JSON.stringify(out)
}

t.test('over https the cookies carry the __Host- and __Secure- prefixes, and a respondent and an admin get through with them', async (t) => {
  const { app, tokenFor } = await buildTestApp(t, { env: { PUBLIC_URL: 'https://enkat.skr.se' } })
  const token = await tokenFor('0180')
  const page = await app.inject({ method: 'GET', url: `/s/${token}` })
  t.match(String(page.headers['set-cookie']), /^__Host-enkat_open=[^;]+; Path=\/; HttpOnly; Secure; SameSite=Strict$/)
  const opened = await app.inject({
    method: 'POST', url: '/enkat/oppna', headers: { cookie: String(page.headers['set-cookie']).split(';')[0], 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ token, _open: /name="_open" value="([^"]*)"/.exec(page.body)?.[1] ?? '' }).toString()
  })
  const set = ([] as string[]).concat(opened.headers['set-cookie'] ?? []).find((c) => c.startsWith('__Host-enkat_sid=')) ?? ''
  t.match(set, /^__Host-enkat_sid=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; Secure; SameSite=Lax$/, 'host-only, secure, path /')
  const cookie = set.split(';')[0]!
  t.equal((await app.inject({ method: 'GET', url: '/enkat/del/a', headers: { cookie } })).statusCode, 200, 'the respondent session works')
  t.equal((await app.inject({ method: 'GET', url: '/enkat/del/a', headers: { cookie: cookie.replace('__Host-', '') } })).statusCode, 401, 'the unprefixed name is not read')
  const login = await app.inject({ method: 'GET', url: '/admin/logga-in' })
  t.match(String(login.headers['set-cookie']), /^__Host-enkat_login=[^;]+; Path=\/; HttpOnly; Secure; SameSite=Strict$/)
  await createAdmin(app)
  const admin = new AdminClient(app)
  t.equal((await admin.login()).statusCode, 303, 'an admin logs in')
  t.ok(admin.cookies.has('__Host-enkat_admin'), 'the admin has a cookie of its own')
  t.notOk(admin.cookies.has('__Host-enkat_sid'))
  t.equal((await admin.get('/admin')).statusCode, 200)
})
