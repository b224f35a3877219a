import t from 'tap'
import { buildTestApp } from '../helpers/app.js'

t.test('GET /healthz answers 200 while the database answers', async (t) => {
  const { app } = await buildTestApp(t)
  const res = await app.inject({ method: 'GET', url: '/healthz' })
  t.equal(res.statusCode, 200)
  t.same(res.json(), { status: 'ok' })
})

t.test('front page, accessibility statement and personal data page are Swedish HTML with security headers', async (t) => {
  const { app } = await buildTestApp(t)
  for (const url of ['/', '/tillganglighet', '/personuppgifter']) {
    const res = await app.inject({ method: 'GET', url })
    t.equal(res.statusCode, 200, url)
    t.match(res.body, '<html lang="sv">')
    t.match(res.body, 'href="/tillganglighet"')
    t.match(res.headers['content-security-policy'], "script-src 'self'")
    t.match(res.headers['content-security-policy'], "object-src 'none'")
    t.equal(res.headers['referrer-policy'], 'no-referrer')
    t.equal(res.headers['x-content-type-options'], 'nosniff')
  }
  const missing = await app.inject({ method: 'GET', url: '/finns-inte' })
  t.equal(missing.statusCode, 404)
  t.match(missing.body, 'Sidan finns inte')
})

t.test('an oversized body gets 413 with a Swedish page', async (t) => {
  const { app } = await buildTestApp(t)
  const res = await app.inject({
    method: 'POST', url: '/enkat/del/e', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `q17=${'x'.repeat(600 * 1024)}`
  })
  t.equal(res.statusCode, 413)
  t.match(res.body, 'Det du skickade var för stort')
})
