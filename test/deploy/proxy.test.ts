// The documented nginx site (server/deploy/nginx-enkat.conf) in front of the compiled server, on loopback ports,
// with a certificate made here: what an operator deploys is what this test runs.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { connect as http2Connect } from 'node:http2'
import { request as httpsRequest } from 'node:https'
import { createServer, type Socket } from 'node:net'
import { join } from 'node:path'
import t from 'tap'
import { addAdmin } from '../../server/admin/accounts.js'
import { openDatabase } from '../../server/db/database.js'
import { fromRoot } from '../../server/paths.js'
import { activeLinks, linkKey } from '../../server/survey/links.js'
import { entryArgs } from '../helpers/entry.js'
import { tempDir } from '../helpers/app.js'
import { hiddenFields } from '../helpers/respondent.js'

const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p))

async function freePort (): Promise<number> {
  return await new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })
}

async function waitFor (check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check().catch(() => false)) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`timed out waiting for ${what}`)
}

interface Answer { status: number, headers: Record<string, string | string[] | undefined>, body: string }

function send (opts: { port: number, path: string, method?: string, from: string, tls?: Buffer, headers?: Record<string, string>, body?: string }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const make = opts.tls === undefined ? httpRequest : httpsRequest
    const req = make({ agent: false, host: '127.0.0.1', port: opts.port, path: opts.path, method: opts.method ?? 'GET', localAddress: opts.from, headers: opts.headers, ...(opts.tls !== undefined ? { ca: opts.tls } : {}) }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (c: string) => { body += c })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end(opts.body)
  })
}

/** The site file with only ports, certificate paths, the upstream (and any extra swaps) replaced; each replacement must hit. */
function siteForTest (appPort: number, httpPort: number, httpsPort: number, dir: string, extra: Array<[RegExp, string]> = []): string {
  let site = readFileSync(fromRoot('server/deploy/nginx-enkat.conf'), 'utf8')
  const swaps: Array<[RegExp, string]> = [
    [/server 127\.0\.0\.1:3000;/, `server 127.0.0.1:${appPort};`],
    [/^\s*listen \[::\]:\d+.*$/gm, ''],
    [/listen 80;/, `listen 127.0.0.1:${httpPort};`],
    [/listen 443 ssl http2;/, `listen 127.0.0.1:${httpsPort} ssl http2;`],
    [/\/etc\/ssl\/enkat\/fullchain\.pem/, join(dir, 'cert.pem')],
    [/\/etc\/ssl\/enkat\/privkey\.pem/, join(dir, 'key.pem')],
    [/\/var\/log\/nginx\/enkat-access\.log/g, join(dir, 'access.log')],
    [/root \/opt\/enkat\/public;/, `root ${fromRoot('public')};`],
    ...extra
  ]
  for (const [pattern, value] of swaps) {
    if (!pattern.test(site)) throw new Error(`server/deploy/nginx-enkat.conf no longer has ${String(pattern)}`)
    site = site.replace(pattern, value)
  }
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((k) => `${k}_temp_path ${join(dir, k)};`).join('\n')
  return `${process.getuid?.() === 0 ? 'user root;\n' : ''}worker_processes 1;\ndaemon off;\npid ${join(dir, 'nginx.pid')};\nerror_log ${join(dir, 'error.log')} warn;\nevents { worker_connections 256; }\nhttp {\naccess_log ${join(dir, 'access.log')};\n${temp}\n${site}\n}\n`
}

const noNginx = NGINX === undefined && process.env.CI !== 'true' ? 'nginx is not installed (.ci/run installs it)' : false

/** A self-signed certificate for 127.0.0.1 in dir (cert.pem, key.pem). */
function makeCertificate (dir: string): { ok: boolean, problem: string } {
  const cert = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { encoding: 'utf8' })
  return { ok: cert.status === 0, problem: `openssl failed: ${cert.stderr.slice(-300)}` }
}

t.test('behind the documented nginx site: TLS, HTTP/2, cookies, HSTS, per-client limits, streamed downloads', { skip: noNginx }, async (t) => {
  const dir = tempDir(t)
  const cert = makeCertificate(dir)
  t.ok(cert.ok, cert.ok ? 'a self-signed certificate' : cert.problem)
  const ca = readFileSync(join(dir, 'cert.pem'))
  const [appPort, httpPort, httpsPort] = [await freePort(), await freePort(), await freePort()]
  const secret = randomBytes(32).toString('base64url')
  const env = {
    ...process.env, NODE_ENV: 'production', PORT: String(appPort), HOST: '127.0.0.1', TRUST_PROXY: '127.0.0.1', SESSION_SECRET: secret,
    PUBLIC_URL: `https://127.0.0.1:${httpsPort}`, ALLOW_LOCAL_PUBLIC_URL: 'true', ALLOW_FILE_MAIL: 'true', DATABASE_PATH: join(dir, 'data', 'survey.db'), MAIL_OUTBOX_DIR: join(dir, 'data', 'outbox'), LOG_LEVEL: 'warn'
  }
  const children: ChildProcess[] = []
  t.teardown(() => { for (const c of children) c.kill('SIGKILL') })
  const server = spawn(process.execPath, entryArgs('server/main'), { env, cwd: fromRoot(), stdio: ['ignore', 'pipe', 'pipe'] })
  children.push(server)
  let serverOut = ''
  server.stdout.on('data', (c: Buffer) => { serverOut += String(c) })
  server.stderr.on('data', (c: Buffer) => { serverOut += String(c) })
  await waitFor(async () => /Enkäten körs/.test(serverOut), `the server (${serverOut.slice(-300)})`)
  const conf = join(dir, 'nginx.conf')
  for (const k of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, k))
  writeFileSync(conf, siteForTest(appPort, httpPort, httpsPort, dir))
  // nginx's workers inherit its standard streams, so they go nowhere (its errors go to error.log), and the master
  // is stopped with SIGTERM so that it takes its workers with it.
  const nginx = spawn(NGINX!, ['-c', conf, '-p', dir], { stdio: 'ignore' })
  t.teardown(() => { nginx.kill('SIGTERM') })
  const nginxLog = (): string => existsSync(join(dir, 'error.log')) ? readFileSync(join(dir, 'error.log'), 'utf8') : ''
  await waitFor(async () => (await send({ port: httpsPort, path: '/healthz', from: '127.0.0.1', tls: ca })).status === 200, 'nginx')
    .catch((err: Error) => { throw new Error(`${err.message}: ${nginxLog().slice(-500)}`) })

  const db = openDatabase(env.DATABASE_PATH)
  t.teardown(async () => { await db.destroy() })
  await addAdmin(db, 'drift@skr.se', 'ett långt lösenord för drift', new Date())
  const round = await db.selectFrom('round').select('id').executeTakeFirstOrThrow()
  const token = (await activeLinks(db, linkKey(secret), round.id, env.PUBLIC_URL))[0]!.url.split('/s/')[1]!
  const https = { port: httpsPort, tls: ca }

  const plain = await send({ port: httpPort, path: '/enkat', from: '127.0.0.2' })
  t.equal(plain.status, 301, 'plain http is sent to https')
  t.match(String(plain.headers.location), /^https:\/\//)

  const linkPage = await send({ ...https, path: `/s/${token}`, from: '127.0.0.2' })
  t.equal(linkPage.status, 200, 'a personal link shows its button through the proxy')
  const openCookie = ([] as string[]).concat(linkPage.headers['set-cookie'] ?? [])[0]?.split(';')[0] ?? ''
  const opened = await send({
    ...https, method: 'POST', path: '/enkat/oppna', from: '127.0.0.2', headers: { cookie: openCookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token, _open: /name="_open" value="([^"]*)"/.exec(linkPage.body)?.[1] ?? '' }).toString()
  })
  t.equal(opened.status, 303, 'and its button opens the survey')
  const setCookie = ([] as string[]).concat(opened.headers['set-cookie'] ?? []).filter((c) => c.startsWith('__Host-enkat_sid='))
  t.match(setCookie[0], /^__Host-enkat_sid=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; Secure; SameSite=Lax$/, 'a __Host- cookie')
  const cookie = setCookie[0]!.split(';')[0]!
  const page = await send({ ...https, path: '/enkat/del/a', from: '127.0.0.2', headers: { cookie, 'accept-encoding': 'identity' } })
  t.equal(page.status, 200)
  t.match(String(page.headers['strict-transport-security']), /max-age=31536000/, 'HSTS')
  const saved = await send({ ...https, method: 'POST', path: '/enkat/del/a', from: '127.0.0.2', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams([...hiddenFields(page.body), ['_action', 'next'], ['q01', 'no'], ['q02', 'no']]).toString() })
  t.equal(saved.status, 303, 'a section is saved')
  const review = await send({ ...https, path: '/enkat/granska', from: '127.0.0.2', headers: { cookie } })
  t.match(review.body, /Nej/)

  for (let i = 0; i < 30; i++) await send({ ...https, path: `/s/${'D'.repeat(43)}`, from: '127.0.0.2' })
  t.equal((await send({ ...https, path: `/s/${'D'.repeat(43)}`, from: '127.0.0.2' })).status, 429, 'the guessing client is limited')
  t.equal((await send({ ...https, path: `/s/${'D'.repeat(43)}`, from: '127.0.0.3' })).status, 404, 'another client is not')
  t.equal((await send({ ...https, path: `/s/${'D'.repeat(43)}`, from: '127.0.0.3', headers: { 'x-forwarded-for': '127.0.0.2' } })).status, 404, 'a client cannot pose as another: nginx replaces the header')

  const loginPage = await send({ ...https, path: '/admin/logga-in', from: '127.0.0.3' })
  const loginCookie = String(loginPage.headers['set-cookie']).split(';')[0]!
  const loginToken = /name="_login" value="([^"]*)"/.exec(loginPage.body)?.[1] ?? ''
  const login = (password: string): Promise<Answer> => send({ ...https, method: 'POST', path: '/admin/logga-in', from: '127.0.0.3', headers: { cookie: loginCookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _login: loginToken, email: 'drift@skr.se', password }).toString() })
  t.equal((await login('fel lösenord')).status, 401)
  const failed = await db.selectFrom('audit_log').select('detail').where('action', '=', 'login_failed').executeTakeFirstOrThrow()
  t.equal(failed.detail, 'från 127.0.0.3', 'the audit log names the client, not the proxy')
  const ok = await login('ett långt lösenord för drift')
  t.equal(ok.status, 303)
  const adminCookie = ([] as string[]).concat(ok.headers['set-cookie'] ?? []).find((c) => c.startsWith('__Host-enkat_admin='))
  t.match(adminCookie, /; Secure; SameSite=Strict$/, 'the admin cookie is __Host-, Secure and Strict')
  const csv = await send({ ...https, path: '/admin/resultat/responses.csv', from: '127.0.0.3', headers: { cookie: adminCookie!.split(';')[0]! } })
  t.equal(csv.status, 200, 'a download streams through the proxy')
  t.equal(csv.headers['transfer-encoding'], 'chunked', 'streamed, not buffered to a length')
  t.match(csv.body, /^\uFEFF/)

  const h2 = await new Promise<number>((resolve, reject) => {
    const session = http2Connect(`https://127.0.0.1:${httpsPort}`, { ca })
    session.on('error', reject)
    const req = session.request({ ':path': '/healthz' })
    req.on('response', (headers) => { resolve(Number(headers[':status'])); req.destroy(); session.destroy() })
    req.end()
  })
  t.equal(h2, 200, 'HTTP/2')

  for (let i = 0; i < 31; i++) await send({ port: appPort, path: `/s/${'E'.repeat(43)}`, from: '127.0.0.4', headers: { 'x-forwarded-for': `203.0.113.${i}` } })
  t.equal((await send({ port: appPort, path: `/s/${'E'.repeat(43)}`, from: '127.0.0.4', headers: { 'x-forwarded-for': '203.0.113.200' } })).status, 429, 'direct access: a forwarded header from anyone but the proxy is ignored')
  t.notOk(serverOut.includes(token), 'no token in the server\'s output')

  // nginx's own access log: every way of writing a link that the app's masking test uses, and a Referer.
  const ways = [`/s/${token}`, `/%73/${token}`, `/S/${token}`, `/s%2F${token}`, `/s%2f${token}?x=1`, `//s/${token}`, `/enkat?t=${token}`, `/x/${token.replace(/A/g, '%41')}`, `/s/${token}%ZZ`]
  for (const path of ways) await send({ ...https, path, from: '127.0.0.5' })
  await send({ port: httpPort, path: `/s/${token}`, from: '127.0.0.5' })
  await send({ ...https, path: '/', from: '127.0.0.5', headers: { referer: `https://127.0.0.1:${httpsPort}/s/${token}` } })
  // nginx writes a request's line once it has answered it, so the last line may come a moment after the answer.
  const lines = (): string[] => readFileSync(join(dir, 'access.log'), 'utf8').split('\n').filter((l) => l.startsWith('127.0.0.5 '))
  await waitFor(async () => lines().length >= ways.length + 2, 'the requests in nginx\'s access log')
  const accessLog = readFileSync(join(dir, 'access.log'), 'utf8')
  t.notOk(accessLog.includes(token), 'with no token')
  t.notOk(accessLog.includes(token.slice(0, 20)), 'not even a part of one')
  t.notOk(accessLog.includes(token.slice(-20)), 'nor its end')
  t.match(accessLog, '"GET /s/[dold] HTTP/1.1"', 'the link path is masked')

  // What nginx answers itself is Swedish too: the product's own pages from public/fel/.
  const swedish = (a: Answer, status: number, title: string, what: string): void => {
    t.equal(a.status, status, what)
    t.match(a.body, '<html lang="sv">', `${what}: a Swedish page`)
    t.match(a.body, `<h1>${title}</h1>`, `${what}: ${title}`)
    t.notMatch(a.body, /<center>nginx|Bad Request|Not Found|Bad Gateway|Too Large/, `${what}: not nginx's English page`)
    t.notMatch(a.body, 'href="/public/style.css"', `${what}: nginx's static page, not one from the server`)
  }
  swedish(await send({ ...https, path: '/enkat/del/%ZZ', from: '127.0.0.5' }), 400, 'Begäran kunde inte läsas', 'a malformed address (/enkat/del/%ZZ)')
  swedish(await send({ ...https, path: `/enkat/${'x'.repeat(9000)}`, from: '127.0.0.5' }), 414, 'Adressen är för lång', 'an address too long')
  swedish(await send({ ...https, method: 'POST', path: '/admin/kontakter/import', from: '127.0.0.5', headers: { 'content-type': 'application/octet-stream' }, body: 'x'.repeat(3 * 1024 * 1024) }).catch(() => ({ status: 413, headers: {}, body: '' })), 413, 'Det du skickade var för stort', 'a body over client_max_body_size')
  swedish(await send({ ...https, path: '/fel/400.html', from: '127.0.0.5' }), 404, 'Sidan finns inte', 'nginx\'s own 404 (the pages are not reachable directly)')
  const appNotFound = await send({ ...https, path: '/finns-inte', from: '127.0.0.5' })
  t.equal(appNotFound.status, 404)
  t.match(appNotFound.body, 'href="/public/style.css"', 'the server\'s own error pages pass through untouched')
  server.kill('SIGTERM')
  await new Promise((resolve) => { if (server.exitCode !== null) resolve(null); else server.once('exit', resolve) })
  swedish(await send({ ...https, path: '/enkat', from: '127.0.0.5' }), 502, 'Tjänsten är inte tillgänglig just nu', 'a stopped server')
})

// A server that takes the connection and the request and never answers (hung, or stuck on a long operation): nginx
// gives up after proxy_read_timeout and answers 504 with the product's Swedish page. The shipped 120 s is swapped
// for 1 s in the test's copy of the site, as the ports are.
t.test('an upstream that accepts and never answers: nginx answers 504 with the Swedish page', { skip: noNginx }, async (t) => {
  const dir = tempDir(t)
  const cert = makeCertificate(dir)
  t.ok(cert.ok, cert.ok ? 'a self-signed certificate' : cert.problem)
  const ca = readFileSync(join(dir, 'cert.pem'))
  const held: Socket[] = []
  let requests = 0
  const silent = createServer((socket) => {
    held.push(socket)
    socket.on('data', () => { requests++ })
  })
  const appPort = await freePort()
  await new Promise<void>((resolve) => silent.listen(appPort, '127.0.0.1', resolve))
  t.teardown(() => { for (const s of held) s.destroy(); silent.close() })
  const [httpPort, httpsPort] = [await freePort(), await freePort()]
  for (const k of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, k))
  const conf = join(dir, 'nginx.conf')
  writeFileSync(conf, siteForTest(appPort, httpPort, httpsPort, dir, [[/(location \/ \{[^}]*?)proxy_read_timeout 120s;/, '$1proxy_read_timeout 1s;']]))
  const nginx = spawn(NGINX!, ['-c', conf, '-p', dir], { stdio: 'ignore' })
  t.teardown(() => { nginx.kill('SIGTERM') })
  // nginx is up once it answers at all: plain http is redirected without asking the upstream.
  await waitFor(async () => (await send({ port: httpPort, path: '/', from: '127.0.0.1' })).status === 301, 'nginx')
  const answer = await send({ port: httpsPort, tls: ca, path: '/enkat', from: '127.0.0.1' })
  t.ok(requests > 0, 'the upstream received the request')
  t.equal(answer.status, 504, 'nginx gives up waiting')
  t.match(answer.body, '<html lang="sv">', 'a Swedish page')
  t.match(answer.body, '<h1>Det tog för lång tid</h1>')
  t.notMatch(answer.body, /<center>nginx|Gateway Time-out/, 'not nginx\'s English page')
})
