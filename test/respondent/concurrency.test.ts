import t from 'tap'
import { buildTestApp } from '../helpers/app.js'
import { answerSnapshot } from '../helpers/db.js'
import { Respondent, hiddenFields } from '../helpers/respondent.js'
import { loadAnswers } from '../../server/survey/responses.js'

t.test('two colleagues on one organisation: the stale save is refused and its input shown', async (t) => {
  const { app, tokenFor } = await buildTestApp(t)
  const token = await tokenFor('0380')
  const anna = new Respondent(app)
  const bo = new Respondent(app)
  await anna.open(token)
  await bo.open(token)
  await anna.saveSection('a', [['q01', 'yes'], ['q02', 'yes']])
  const annaPage = await anna.get('/enkat/del/e')
  const boPage = await bo.get('/enkat/del/e')
  const first = await anna.post('/enkat/del/e', [...hiddenFields(annaPage.body), ['q17', 'Annas kommentar']])
  t.equal(first.statusCode, 303)
  const before = await answerSnapshot(app.db)
  const second = await bo.post('/enkat/del/e', [...hiddenFields(boPage.body), ['q17', 'Bos kommentar'], ['q18.name', 'Bo']])
  t.equal(second.statusCode, 409)
  t.match(second.body, 'Någon annan har sparat den här delen medan ni arbetade')
  t.match(second.body, /<tr id="jamfor-q17" class="differs">[\s\S]*?<td>[\s\S]*?Bos kommentar[\s\S]*?<\/td>\s*<td>[\s\S]*?Annas kommentar[\s\S]*?<\/td>/, 'both sides of the comment')
  t.match(second.body, /<tr id="jamfor-q18" class="differs">[\s\S]*?Namn: Bo[\s\S]*?<\/td>\s*<td>\s*<span class="blank">Inte besvarad/, 'and of the contact question: every question of the part is compared')
  t.match(second.body, />Bos kommentar<\/textarea>/, 'the form keeps his input')
  t.equal(await answerSnapshot(app.db), before, 'nothing overwritten')
  const id = (await app.db.selectFrom('response').select('id').executeTakeFirstOrThrow()).id
  t.equal((await loadAnswers(app.db, id)).q17, 'Annas kommentar')

  const again = await bo.post('/enkat/del/e', [...hiddenFields(second.body), ['q17', 'Bos kommentar'], ['q18.name', 'Bo']])
  t.equal(again.statusCode, 303, 'saving again from the conflict page is a deliberate overwrite')
  t.equal((await loadAnswers(app.db, id)).q17, 'Bos kommentar')
})

t.test('colleagues on different sections do not conflict', async (t) => {
  const { app, tokenFor } = await buildTestApp(t)
  const token = await tokenFor('0381')
  const anna = new Respondent(app)
  const bo = new Respondent(app)
  await anna.open(token)
  await bo.open(token)
  const a = await anna.get('/enkat/del/a')
  const e = await bo.get('/enkat/del/e')
  t.equal((await anna.post('/enkat/del/a', [...hiddenFields(a.body), ['q01', 'no']])).statusCode, 303)
  t.equal((await bo.post('/enkat/del/e', [...hiddenFields(e.body), ['q17', 'Hej']])).statusCode, 303)
})

t.test('a save with a missing or malformed version is refused without writing', async (t) => {
  const { app, tokenFor } = await buildTestApp(t)
  const r = new Respondent(app)
  await r.open(await tokenFor('0382'))
  const page = await r.get('/enkat/del/a')
  const csrf = hiddenFields(page.body).filter(([k]) => k === '_csrf')
  const before = await answerSnapshot(app.db)
  for (const version of [[], [['version', 'abc']], [['version', '-1']]] as Array<Array<[string, string]>>) {
    const res = await r.post('/enkat/del/a', [...csrf, ...version, ['q01', 'yes']])
    t.equal(res.statusCode, 400)
    t.match(res.body, 'Formuläret kunde inte läsas')
    t.match(res.body, 'value="yes" checked')
  }
  const stale = await r.post('/enkat/del/a', [...csrf, ['version', '7'], ['q01', 'yes']])
  t.equal(stale.statusCode, 409)
  t.equal(await answerSnapshot(app.db), before)
})

t.test('a conflict on part D shows both sides of every question, and the choice of which to keep', async (t) => {
  const { app, tokenFor } = await buildTestApp(t)
  const token = await tokenFor('1480')
  const anna = new Respondent(app)
  const bo = new Respondent(app)
  await anna.open(token)
  await bo.open(token)
  await anna.saveSection('a', [['q01', 'yes'], ['q02', 'yes']])
  const annaPage = await anna.get('/enkat/del/d')
  const boPage = await bo.get('/enkat/del/d')
  t.equal((await anna.post('/enkat/del/d', [...hiddenFields(annaPage.body), ['q14', 'competence'], ['q15', 'yes']])).statusCode, 303)
  const before = await answerSnapshot(app.db)
  const stale = await bo.post('/enkat/del/d', [...hiddenFields(boPage.body), ['q14', 'networks'], ['q15', 'no'], ['q16', 'lack_of_time']])
  t.equal(stale.statusCode, 409)
  t.equal(await answerSnapshot(app.db), before, 'nothing overwritten')
  const row = (id: string): string => new RegExp(`<tr id="jamfor-${id}"[\\s\\S]*?</tr>`).exec(stale.body)?.[0] ?? ''
  t.match(row('q14'), /Nätverk och kontakter[\s\S]*<\/td>\s*<td>[\s\S]*Kompetensutveckling/, 'question 14: his answer, then the stored one')
  t.match(row('q15'), /<li>Nej<\/li>[\s\S]*<\/td>\s*<td>[\s\S]*<li>Ja<\/li>/, 'question 15 too')
  t.match(row('q16'), /Brist på tid[\s\S]*<\/td>\s*<td>\s*<span class="blank">Inte besvarad/, 'and question 16, which only he answered')
  t.notMatch(/<div class="conflict"[\s\S]*?<\/table>/.exec(stale.body)?.[0] ?? '', 'Besvaras bara om', 'no side is shown as skipped')
  t.match(stale.body, '<button type="submit" form="section-form" name="_action" value="stay">Spara era svar i stället</button>')
  t.match(stale.body, '<a class="button secondary" href="/enkat/del/d">Behåll det sparade och släpp era ändringar</a>')
  const keep = await bo.post('/enkat/del/d', [...hiddenFields(stale.body), ['_action', 'stay'], ['q14', 'networks'], ['q15', 'no'], ['q16', 'lack_of_time']])
  t.equal(keep.statusCode, 303, 'his choice to keep his answers saves them')
  const id = (await app.db.selectFrom('response').select('id').executeTakeFirstOrThrow()).id
  t.equal((await loadAnswers(app.db, id)).q15, 'no')
})
