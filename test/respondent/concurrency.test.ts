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
  t.match(second.body, /Det ni försökte spara<\/h3>[\s\S]*Bos kommentar[\s\S]*Det som nu är sparat<\/h3>[\s\S]*Annas kommentar/)
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
