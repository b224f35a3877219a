import t, { type Test } from 'tap'
import { buildTestApp } from '../helpers/app.js'
import { answerSnapshot } from '../helpers/db.js'
import { Respondent, type Fields } from '../helpers/respondent.js'
import { loadAnswers } from '../../server/survey/responses.js'

async function respondent (t: Test, code = '0180') {
  const ctx = await buildTestApp(t)
  const r = new Respondent(ctx.app)
  await r.open(await ctx.tokenFor(code))
  const responseId = async (): Promise<number> => (await ctx.app.db.selectFrom('response').select('id').executeTakeFirstOrThrow()).id
  return { ...ctx, r, responseId }
}

const validPages: Record<string, Fields> = {
  a: [['q01', 'yes'], ['q02', 'yes']],
  b: [
    ['q04.0.partner', 'Åbo'], ['q04.0.country', 'FI'], ['q04.0.form', 'twin_town'], ['q04.0.activity', 'active'],
    ['q05', 'culture'], ['q05', 'education'], ['q05.other', ''],
    ['q06', 'officer'], ['q07', 'assembly'], ['q08', 'own_funds'], ['q09', 'sida_icld']
  ],
  c: [
    ['q10.0.name', 'Eurocities'], ['q10.0.kind', 'network'], ['q10.0.countries', 'Tyskland, Frankrike'], ['q10.0.activity', 'sporadic'],
    ['q11', 'environment'], ['q12', 'departments'], ['q13', 'eu_funds']
  ],
  d: [['q14', 'competence'], ['q14', 'other'], ['q14.other', 'Nya vänner'], ['q15', 'yes'], ['q16', 'lack_of_time']],
  e: [['q17', 'Vi satsar mer på Afrika nästa år.'], ['q18.name', 'Anna Andersson'], ['q18.title', 'Internationell strateg'], ['q18.email', 'anna@stockholm.se'], ['q18.phone', '08-508 000 00']]
}

// Each page with an error in `unsaved` (never written) beside valid answers that are stored (`saved`).
const invalidPages: Record<string, { fields: Fields, field: string, kept: string, unsaved: string[], saved: string[] }> = {
  a: { fields: [['q01', 'maybe'], ['q02', 'yes']], field: 'q01-yes', kept: 'value="yes" checked', unsaved: ['q01'], saved: ['q02'] },
  b: { fields: [['q04.0.partner', ''], ['q04.0.country', 'FI'], ['q05', 'culture'], ['q05.other', 'Kultur <b>x</b>']], field: 'q04-0-partner', kept: 'Kultur &lt;b&gt;x&lt;/b&gt;', unsaved: ['q04'], saved: ['q05'] },
  c: { fields: [['q10.0.name', 'Nätverket'], ['q10.0.countries', 'Tyskland, Atlantis']], field: 'q10-0-countries', kept: 'Tyskland, Atlantis', unsaved: ['q10'], saved: [] },
  d: { fields: [['q14', 'competence'], ['q15', 'yes'], ['q15', 'no']], field: 'q15-yes', kept: 'value="competence" checked', unsaved: ['q15'], saved: ['q14'] },
  e: { fields: [['q17', 'x'.repeat(5001)], ['q18.email', 'inte-en-adress'], ['q18.name', 'Bo']], field: 'q18-email', kept: 'value="inte-en-adress"', unsaved: ['q17', 'q18'], saved: [] }
}

t.test('every section page renders, refuses invalid input without writing, and stores valid input', async (t) => {
  const { app, r, responseId } = await respondent(t)
  for (const section of ['a', 'b', 'c', 'd', 'e']) {
    const page = await r.get(`/enkat/del/${section}`)
    t.equal(page.statusCode, 200, `GET ${section}`)
    t.match(page.body, '<html lang="sv">')
    const before = await answerSnapshot(app.db)
    const bad = invalidPages[section]!
    const res = await r.saveSection(section, bad.fields)
    t.equal(res.statusCode, 422, `invalid POST ${section} is 422`)
    t.match(res.body, 'class="error-summary"', 'error summary')
    t.match(res.body, `href="#${bad.field}"`, 'summary links to the field')
    t.match(res.body, `id="${bad.field}-error"`, 'message beside the field')
    t.match(res.body, bad.kept, 'input kept')
    const stored = await loadAnswers(app.db, await responseId())
    for (const q of bad.unsaved) t.equal(stored[q], undefined, `${section}: ${q}, with its error, is not written`)
    for (const q of bad.saved) t.not(stored[q], undefined, `${section}: ${q}, without an error, is stored`)
    if (bad.saved.length === 0) t.equal(await answerSnapshot(app.db), before, `nothing written for ${section}`)
    t.match(res.body, bad.saved.length === 0 ? 'Ingenting på den här sidan har sparats.' : ', men inte svaret på fråga', 'the summary says what was stored')
    const ok = await r.saveSection(section, validPages[section]!)
    t.equal(ok.statusCode, 303, `valid POST ${section} redirects`)
  }
  const answers = await loadAnswers(app.db, await responseId())
  t.equal(answers.q01, 'yes')
  t.same(answers.q04, [{ partner: 'Åbo', country: 'FI', form: 'twin_town', activity: 'active' }])
  t.same(answers.q05, { selected: ['culture', 'education'], other: null })
  t.same(answers.q10, [{ name: 'Eurocities', kind: 'network', activity: 'sporadic', countries: ['DE', 'FR'] }])
  t.same(answers.q14, { selected: ['competence', 'other'], other: 'Nya vänner' })
  t.equal(answers.q17, 'Vi satsar mer på Afrika nästa år.')
  t.same(answers.q18, { name: 'Anna Andersson', title: 'Internationell strateg', email: 'anna@stockholm.se', phone: '08-508 000 00' })
  const review = await r.get('/enkat/granska')
  t.equal(review.statusCode, 200)
  for (const text of ['Åbo', 'Finland', 'Eurocities', 'Tyskland, Frankrike', 'Annat: Nya vänner', 'Anna Andersson']) t.match(review.body, text)
})

t.test('save and go on leads to the next shown section; "later" to the saved page', async (t) => {
  const { r } = await respondent(t)
  t.equal((await r.saveSection('a', [['q01', 'yes'], ['q02', 'no']])).location, '/enkat/del/b')
  t.equal((await r.saveSection('b', [])).location, '/enkat/del/d', 'C is skipped')
  t.equal((await r.saveSection('d', [], 'later')).location, '/enkat/sparat')
  t.match((await r.get('/enkat/sparat')).body, 'Öppna länken i e-postmeddelandet')
  t.equal((await r.saveSection('e', [])).location, '/enkat/granska')
})

t.test('q01 = no and q02 = no shows q03 and skips B–D; yes on q01 brings B back', async (t) => {
  const { app, r, responseId } = await respondent(t)
  const res = await r.saveSection('a', [['q01', 'no'], ['q02', 'no'], ['q03', 'lack_of_time'], ['q03.other', 'Omorganisation']])
  t.equal(res.location, '/enkat/del/e', 'B, C and D are skipped')
  const stored = await loadAnswers(app.db, await responseId())
  t.same(stored.q03, { selected: ['lack_of_time', 'other'], other: 'Omorganisation' }, 'other text ticks "Annat"')
  let review = await r.get('/enkat/granska')
  t.match(review.body, 'Varför har er kommun inte några vänorter')
  t.match(review.body, 'Annat: Omorganisation')
  t.match(review.body, /Del B\. Vänorter och kommunala partnerskap<\/h2>\s*<\/div>\s*<p class="skipped">Hoppas över/)
  t.notMatch(review.body, 'href="/enkat/del/b">Ändra', 'no change link for a skipped part')
  await r.saveSection('a', [['q01', 'yes'], ['q02', 'no'], ['q03', 'lack_of_time']])
  review = await r.get('/enkat/granska')
  t.notMatch(review.body, 'Varför har er kommun inte några vänorter', 'q03 no longer applies')
  t.match(review.body, 'href="/enkat/del/b">Ändra', 'B is back')
  t.match((await r.get('/enkat')).body, 'href="/enkat/del/b"', 'the task list links to B')
  t.equal((await r.saveSection('a', [['q01', 'yes'], ['q02', 'no']])).location, '/enkat/del/b')
})

t.test('regions get the region wording', async (t) => {
  const { r } = await respondent(t, '12')
  const page = await r.get('/enkat/del/a')
  t.match(page.body, 'Har er region vänorter eller kommunala partnerskap?')
  await r.saveSection('a', [['q01', 'yes'], ['q02', 'no']])
  const b = await r.get('/enkat/del/b')
  t.match(b.body, 'Ange er regions vänorter')
  t.match(b.body, 'Regionfullmäktige eller regionstyrelsen')
  t.notMatch(b.body, 'Kommunfullmäktige')
})

t.test('a radio answer can be removed again', async (t) => {
  const { app, r, responseId } = await respondent(t)
  await r.saveSection('a', [['q01', 'yes'], ['q02', 'no']])
  const res = await r.saveSection('a', [['q01', 'yes'], ['q02', 'no']], 'clear:q02')
  t.equal(res.statusCode, 303)
  const stored = await loadAnswers(app.db, await responseId())
  t.equal(stored.q01, 'yes')
  t.equal(stored.q02, undefined, 'blank again: not answered')
})

t.test('a save without the CSRF token is refused, shows the stored answers (not what was posted) and stores nothing', async (t) => {
  const { app, r } = await respondent(t)
  const before = await answerSnapshot(app.db)
  const res = await r.post('/enkat/del/a', [['version', '0'], ['q01', 'yes'], ['q02', 'no']])
  t.equal(res.statusCode, 403)
  t.match(res.body, 'Svaren kunde inte sparas')
  t.notMatch(res.body, 'value="yes" checked', 'a forged post is never shown back')
  t.equal(await answerSnapshot(app.db), before)
  const forged = await r.post('/enkat/del/a', [['_csrf', 'x'.repeat(43)], ['version', '0'], ['q01', 'yes']])
  t.equal(forged.statusCode, 403)
})

t.test('pages without a session ask for the link again', async (t) => {
  const { app } = await buildTestApp(t)
  for (const url of ['/enkat', '/enkat/del/a', '/enkat/granska', '/enkat/kvitto']) {
    const res = await app.inject({ method: 'GET', url })
    t.equal(res.statusCode, 401, url)
    t.match(res.body, 'Öppna länken igen')
  }
  const post = await app.inject({ method: 'POST', url: '/enkat/del/a', payload: 'q01=yes', headers: { 'content-type': 'application/x-www-form-urlencoded' } })
  t.equal(post.statusCode, 401)
  t.equal((await app.inject({ method: 'GET', url: '/enkat/del/x' })).statusCode, 404)
})

t.test('the list of parts never changes while answering: parts that do not apply are marked, not removed', async (t) => {
  const { app, tokenFor } = await buildTestApp(t)
  const r = new Respondent(app)
  await r.open(await tokenFor('0180'))
  const start = await r.get('/enkat')
  t.match(start.body, 'Enkäten har 5 delar.')
  t.equal((start.body.match(/class="task-list"[\s\S]*?<\/ul>/)?.[0].match(/<li/g) ?? []).length, 6, 'five parts and the review')
  t.match((await r.get('/enkat/del/a')).body, 'Del 1 av 5')
  await r.saveSection('a', [['q01', 'no'], ['q02', 'no']])
  const e = await r.get('/enkat/del/e')
  t.match(e.body, 'Del 5 av 5', 'the same count after parts were skipped')
  t.equal((await r.get('/enkat')).body.match(/>Hoppas över</g)?.length, 3, 'B, C and D are shown as skipped')
  await r.saveSection('a', [['q01', 'yes'], ['q02', 'no']])
  const b = await r.get('/enkat/del/b')
  t.match(b.body, 'Del 2 av 5')
  t.equal((await r.get('/enkat')).body.match(/>Hoppas över</g)?.length, 1, 'only C skipped; B and D apply again')
})

t.test('a text of 5,000 characters with line breaks, as a browser sends it (CR LF), is within its limit', async (t) => {
  const { app, tokenFor } = await buildTestApp(t)
  const r = new Respondent(app)
  await r.open(await tokenFor('0180'))
  const lines = Array.from({ length: 92 }, (_, i) => `Rad ${i + 1} `.padEnd(53, 'x'))
  const text = lines.join('\n').padEnd(5000, 'y')
  t.equal(text.length, 5000, 'as the browser counts it (a line break is one character)')
  const saved = await r.saveSection('e', [['q17', text.replaceAll('\n', '\r\n')]])
  t.equal(saved.statusCode, 303, 'saved, not refused as too long')
  const response = await app.db.selectFrom('response').select('id').executeTakeFirstOrThrow()
  t.equal((await loadAnswers(app.db, response.id)).q17, text, 'stored with one character per line break')
})
