import { mt19937 } from '../../server/statistics/distributions.js'
import t from 'tap'
import { buildTestApp } from '../helpers/app.js'
import { AdminClient, createAdmin } from '../helpers/admin.js'
import { answerSnapshot } from '../helpers/db.js'
import { Respondent, hiddenFields } from '../helpers/respondent.js'
import { hasForbiddenText } from '../../server/http/text-safety.js'
import { countryList } from '../../server/questionnaire/countries.js'
import { roundQuestionnaire } from '../../server/survey/round-questionnaire.js'
import { currentRound } from '../../server/survey/rounds.js'

const TOTAL = 10_000
const values = [
  '', 'yes', 'no', 'maybe', 'x'.repeat(6000), 'a\u0000b', '\u0000', '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "'; DROP TABLE response; --",
  '1 OR 1=1', '=HYPERLINK("http://evil.example")', '+cmd', '-1', '@SUM(A1)', '\t=1', '\r=1', '%00', '\uFFFD', '😀'.repeat(300), 'null', 'undefined', '[object Object]',
  '../../etc/passwd', 'NaN', '-0', '1e309', 'other', 'culture', 'FI', 'XX', 'twin_town', 'a,b,c', 'Tyskland, Atlantis', 'ä'.repeat(201), 'javascript:alert(1)'
]
const names = ['q01', 'q02', 'q03', 'q03.other', 'q04.0.partner', 'q04.0.country', 'q04.0.form', 'q04.99999.partner', 'q04.1.activity', 'q05', 'q05.other',
  'q10.0.name', 'q10.0.countries', 'q10.0.kind', 'q15', 'q16', 'q17', 'q18.email', 'q18.name', 'q18.phone', '_action', 'version', '_csrf', '__proto__', 'constructor',
  'q01[]', 'q01[a][b][c]', 'a'.repeat(300), 'email', 'password', 'confirm', 'subject', 'body', 'date', 'format', 'action', 'till', '_login']
const rawBodies = ['%C3%28=%C3%28', 'q17=%FF%FE%FD', 'q01=%', '=&=&=', 'q01=yes&q01=no&q01=maybe', '\u0000=\u0000', `q17=${'%E2%82'.repeat(100)}`, '{"q01":"yes"}']

t.test(`${TOTAL} generated hostile requests against every form and upload: no 500, nothing invalid stored, Swedish answers`, async (t) => {
  const { app, tokenFor } = await buildTestApp(t)
  await createAdmin(app)
  const admin = new AdminClient(app)
  await admin.login()
  const r = new Respondent(app)
  await r.open(await tokenFor('0180'))
  await r.saveSection('a', [['q01', 'yes'], ['q02', 'yes']])
  await r.saveSection('e', [['q17', 'Sparad text']])
  const pages: Record<string, string> = {}
  for (const s of ['a', 'b', 'c', 'd', 'e']) pages[s] = (await r.get(`/enkat/del/${s}`)).body
  const adminCsrf = /name="_csrf" value="([^"]+)"/.exec((await admin.get('/admin')).body)![1]!
  const before = await answerSnapshot(app.db)
  const contactsBefore = JSON.stringify(await app.db.selectFrom('contact').selectAll().execute())

  const gen = mt19937(7)
  const rnd = (n: number): number => gen() % n
  const pick = <T>(xs: T[]): T => xs[rnd(xs.length)]!
  const respondentTargets = ['/enkat/del/a', '/enkat/del/b', '/enkat/del/c', '/enkat/del/d', '/enkat/del/e', '/enkat/skicka', '/enkat/del/zz']
  const adminTargets = ['/admin/organisationer/0180/kontakter', '/admin/organisationer/0180/kontakter/999', '/admin/utskick/invitation/mall', '/admin/utskick/reminder-4/skicka',
    '/admin/utskick/invitation/planera', '/admin/resultat/export-med-kontakter', '/admin/logga-in', '/admin/kontakter/import']
  let fiveHundreds = 0
  const notSwedish: string[] = []
  const statuses = new Map<number, number>()
  // A post with its own token and the page's version whose only faults are bad values stores the questions without
  // one (a bad field blocks only itself): those parts are noted, and must hold only what passes the checks.
  const partlySaved = new Set<string>()
  for (let i = 0; i < TOTAL; i++) {
    const isAdmin = rnd(3) === 0
    const url = isAdmin ? pick(adminTargets) : pick(respondentTargets)
    const section = /\/del\/([a-e])$/.exec(url)?.[1]
    const fields = new URLSearchParams()
    const mode = url === '/enkat/skicka' ? rnd(2) : rnd(4)
    // Every request is wrong in at least one way: forged or missing token, a stale version, or a bad value.
    if (mode === 0) fields.append('_csrf', 'forged')
    if (mode >= 2) {
      fields.append('_csrf', isAdmin ? adminCsrf : (section !== undefined ? hiddenFields(pages[section]!)[0]![1] : hiddenFields(pages.a!)[0]![1]))
    }
    if (section !== undefined && mode >= 2) fields.append('version', mode === 2 ? '999' : hiddenFields(pages[section]!)[1]?.[1] ?? '0')
    const n = 1 + rnd(12)
    for (let k = 0; k < n; k++) fields.append(pick(names), pick(values))
    if (mode === 3) fields.append(section === 'a' || section === undefined ? 'q01' : section === 'b' ? 'q05' : section === 'c' ? 'q11' : section === 'd' ? 'q15' : 'q18.email', 'ogiltigt-värde')
    if (isAdmin && mode >= 2) {
      fields.set('email', 'inte en adress')
      fields.set('subject', '')
      fields.set('date', 'igår')
      fields.delete('confirm')
      fields.set('_login', 'forged')
    }
    if (rnd(20) === 0) for (let k = 0; k < 2000; k++) fields.append('q05', 'culture')
    let payload: string | Buffer = fields.toString()
    let contentType = 'application/x-www-form-urlencoded'
    const variant = rnd(25)
    if (variant === 0) payload = pick(rawBodies)
    if (variant === 1) { payload = JSON.stringify({ q01: ['yes', { $gt: '' }], nested: { a: { b: { c: [1, 2, 3] } } } }); contentType = 'application/json' }
    if (variant === 2) { payload = Buffer.from([0xff, 0xfe, 0x00, 0x41, 0xc3]); contentType = 'text/plain' }
    if (variant === 3) payload = `q17=${'x'.repeat(600 * 1024)}`
    if (variant === 4 && url === '/admin/kontakter/import') {
      contentType = 'multipart/form-data; boundary=XYZ'
      payload = `--XYZ\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${pick(['forged', adminCsrf])}\r\n--XYZ\r\nContent-Disposition: form-data; name="file"; filename="k.csv"\r\n\r\nkod;e-post\n=cmd;@evil\n0180;"broken\r\n--XYZ--\r\n`
    }
    const res = await app.inject({
      method: 'POST', url, payload,
      headers: { cookie: isAdmin ? admin.cookieHeader : r.cookie, 'content-type': contentType }
    })
    statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1)
    if (section !== undefined && res.statusCode === 422 && /, men inte svar(et|en) på fråga/.test(res.body)) partlySaved.add(section)
    if (res.statusCode >= 500) fiveHundreds++
    if (res.statusCode >= 400 && !(res.body.includes('lang="sv"') && /[åäö]/.test(res.body))) notSwedish.push(`${res.statusCode} ${url}: ${res.body.slice(0, 80)}`)
  }
  t.comment(`statuses: ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`)
  t.equal(fiveHundreds, 0, 'no 500')
  t.equal(statuses.get(303) ?? 0, 0, 'nothing was accepted')
  t.same(notSwedish.slice(0, 5), [], 'every rejection is a Swedish page')
  t.comment(`parts partly saved: ${[...partlySaved].sort().join(', ')}`)
  if (partlySaved.size === 0) t.equal(await answerSnapshot(app.db), before, 'stored answers unchanged')
  const saved = await app.db.selectFrom('response_section').select(['section', 'version']).execute()
  const changed = saved.filter((v) => v.version !== (v.section === 'a' || v.section === 'e' ? 1 : 0)).map((v) => v.section).sort()
  t.same(changed, [...partlySaved].sort(), 'only parts saved in part by a valid token and version changed')
  const qn = await roundQuestionnaire(app.db, (await currentRound(app.db))!.id)
  const countries = new Set(countryList.map((c) => c.code))
  for (const c of await app.db.selectFrom('answer_choice').selectAll().execute()) {
    const q = qn.question(c.question_id)
    t.ok((q.type === 'single' || q.type === 'multi') && q.options.some((o) => o.id === c.option_id), `stored choice ${c.question_id}=${c.option_id} is an option`)
  }
  for (const x of await app.db.selectFrom('answer_text').selectAll().execute()) {
    t.ok(x.value.length <= 5000 && !hasForbiddenText(x.value) && !x.value.includes('ogiltigt-värde'), `stored text of ${x.question_id}.${x.field} passed the checks`)
  }
  for (const row of await app.db.selectFrom('answer_row').selectAll().execute()) {
    const data = JSON.parse(row.data) as Record<string, unknown>
    const codes = [data.country, ...(Array.isArray(data.countries) ? data.countries : [])].filter((c) => c !== null && c !== undefined)
    t.ok(codes.every((c) => countries.has(String(c))), `stored row of ${row.question_id} names known countries`)
    t.ok(typeof (data.partner ?? data.name) === 'string' && String(data.partner ?? data.name).length <= 200, `stored row of ${row.question_id} has its name`)
  }
  t.equal(JSON.stringify(await app.db.selectFrom('contact').selectAll().execute()), contactsBefore, 'contacts unchanged')
  t.equal(await app.db.selectFrom('mailing').select('id').executeTakeFirst(), undefined, 'no mailing started')
})
