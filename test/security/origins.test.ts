// The third security round: a link could be opened, and an admin login started, from another site (a sibling
// subdomain or a plain-http page could plant enkat_open); the login cookie was cleared without Secure.
import t from 'tap'
import { ADMIN_EMAIL, ADMIN_PASSWORD, createAdmin } from '../helpers/admin.js'
import { buildTestApp } from '../helpers/app.js'

const HTTPS = { PUBLIC_URL: 'https://enkat.skr.se' }

t.test('9. every POST from another site is refused; the product\'s own pages and clients without the headers pass', async (t) => {
  const { app, tokenFor } = await buildTestApp(t, { env: HTTPS })
  const token = await tokenFor('0180')
  const open = async (headers: Record<string, string>): Promise<number> => {
    const page = await app.inject({ method: 'GET', url: `/s/${token}` })
    const cookie = String(page.headers['set-cookie']).split(';')[0] ?? ''
    const res = await app.inject({
      method: 'POST', url: '/enkat/oppna', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', ...headers },
      payload: new URLSearchParams({ token, _open: /name="_open" value="([^"]*)"/.exec(page.body)?.[1] ?? '' }).toString()
    })
    if (res.statusCode === 403) t.match(res.body, 'Formuläret kom från en annan webbplats')
    return res.statusCode
  }
  t.equal(await open({ origin: 'https://evil.example' }), 403, 'another Origin')
  t.equal(await open({ origin: 'http://enkat.skr.se' }), 403, 'the same host over plain http')
  t.equal(await open({ origin: 'null', 'sec-fetch-site': 'cross-site' }), 403, 'an opaque origin from another site')
  t.equal(await open({ origin: 'null', 'sec-fetch-site': 'same-origin' }), 303, 'the own page under no-referrer (browsers send Origin: null)')
  t.equal(await open({ 'sec-fetch-site': 'cross-site' }), 403, 'Sec-Fetch-Site: cross-site')
  t.equal(await open({ 'sec-fetch-site': 'same-site', origin: 'https://x.skr.se' }), 403, 'a sibling subdomain')
  t.equal(await open({ origin: 'https://enkat.skr.se', 'sec-fetch-site': 'same-origin' }), 303, 'the product\'s own page')
  t.equal(await open({ 'sec-fetch-site': 'none' }), 303, 'typed or bookmarked (none)')
  t.equal(await open({}), 303, 'a client that sends neither header')
  const login = await app.inject({ method: 'POST', url: '/admin/logga-in', headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' }, payload: 'email=a%40skr.se&password=x' })
  t.equal(login.statusCode, 403, 'the admin login too')
})

t.test('9. over https enkat_open and the login cookie are __Host-, and cookies are cleared with the attributes they were set with', async (t) => {
  const { app, tokenFor } = await buildTestApp(t, { env: HTTPS })
  const token = await tokenFor('0180')
  const page = await app.inject({ method: 'GET', url: `/s/${token}` })
  t.match(String(page.headers['set-cookie']), /^__Host-enkat_open=[^;]+; Path=\/; HttpOnly; Secure; SameSite=Strict$/)
  const planted = await app.inject({
    method: 'POST', url: '/enkat/oppna', headers: { cookie: 'enkat_open=planted', 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ token, _open: 'planted' }).toString()
  })
  t.equal(planted.statusCode, 403, 'a planted unprefixed cookie is not read')
  const opened = await app.inject({
    method: 'POST', url: '/enkat/oppna', headers: { cookie: String(page.headers['set-cookie']).split(';')[0] ?? '', 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ token, _open: /name="_open" value="([^"]*)"/.exec(page.body)?.[1] ?? '' }).toString()
  })
  const cleared = ([] as string[]).concat(opened.headers['set-cookie'] ?? []).find((c) => c.startsWith('__Host-enkat_open=;'))
  t.match(cleared, /Path=\/; .*HttpOnly; Secure; SameSite=Strict/, 'the open cookie is cleared as it was set (Secure, so browsers honour it)')

  await createAdmin(app)
  const loginPage = await app.inject({ method: 'GET', url: '/admin/logga-in' })
  const loginCookie = String(loginPage.headers['set-cookie'])
  t.match(loginCookie, /^__Host-enkat_login=[^;]+; Path=\/; HttpOnly; Secure; SameSite=Strict$/)
  const res = await app.inject({
    method: 'POST', url: '/admin/logga-in', headers: { cookie: loginCookie.split(';')[0] ?? '', 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _login: /name="_login" value="([^"]*)"/.exec(loginPage.body)?.[1] ?? '', email: ADMIN_EMAIL, password: ADMIN_PASSWORD }).toString()
  })
  t.equal(res.statusCode, 303, 'logged in')
  const clearedLogin = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((x) => x.startsWith('__Host-enkat_login=;'))
  t.match(clearedLogin, /Path=\/; .*HttpOnly; Secure; SameSite=Strict/, 'the login cookie is cleared with Secure and its path')
})
