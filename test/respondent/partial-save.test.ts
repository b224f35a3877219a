import t, { type Test } from 'tap'
import { buildTestApp } from '../helpers/app.js'
import { Respondent, hiddenFields, type Fields } from '../helpers/respondent.js'
import { loadAnswers } from '../../server/survey/responses.js'
import type { RowAnswer } from '../../server/questionnaire/answers.js'

// A bad answer keeps back only itself: the rest of the page is stored, what was typed stays on the page, and the
// error summary says what was stored and what was not.

async function respondentOn (t: Test, code: string) {
  const ctx = await buildTestApp(t)
  const r = new Respondent(ctx.app)
  await r.open(await ctx.tokenFor(code))
  await r.saveSection('a', [['q01', 'yes'], ['q02', 'yes']])
  const answers = async (): Promise<Record<string, unknown>> => await loadAnswers(ctx.app.db, (await ctx.app.db.selectFrom('response').select('id').executeTakeFirstOrThrow()).id)
  return { ...ctx, r, answers }
}

function openRow (i: number, partner: string, country: string): Fields {
  return [[`q04.${i}._oppen`, '1'], [`q04.${i}.partner`, partner], [`q04.${i}.country`, country], [`q04.${i}.form`, 'twin_town'], [`q04.${i}.activity`, '']]
}

t.test('one unknown country: every typed row is kept, the other questions are stored, the rows question is not touched', async (t) => {
  const { r, answers } = await respondentOn(t, '1480')
  t.equal((await r.saveSection('b', [['q04.0.partner', 'Kiel'], ['q04.0.country', 'Tyskland']])).statusCode, 303)
  let page = await r.get('/enkat/del/b')
  const posted: Fields = [
    ['q04.0.partner', 'Kiel'], ['q04.0.country', 'Tyskland'], ['q04.0.form', ''], ['q04.0.activity', ''],
    ...openRow(1, 'Åbo', 'Finland'), ...openRow(2, 'Narnia stad', 'Narnia'), ...openRow(3, 'Tartu', 'Estland'),
    ['q05', 'culture'], ['q08', 'own_funds']
  ]
  const res = await r.post('/enkat/del/b', [...hiddenFields(page.body), ['_action', 'next'], ...posted])
  t.equal(res.statusCode, 422)
  t.match(res.body, 'Svaren på fråga 5, 6, 7, 8 och 9 är sparade, men inte svaret på fråga 4. Rätta följande och spara igen:', 'the summary says what was stored')
  t.match(res.body, /<a href="#q04-2-country">Fråga 4, rad 3, land: Känner inte igen ”Narnia” som land/, 'the summary links to the field')
  t.match(res.body, /<p class="field-error" id="q04-2-country-error"><span class="visually-hidden">Fel: <\/span>Känner inte igen ”Narnia”/, 'the message is beside the field')
  t.match(res.body, /<input type="text" id="q04-2-country" name="q04.2.country" value="Narnia"[^>]* aria-describedby="q04-2-country-error" aria-invalid="true">/)
  for (const [i, name] of [[1, 'Åbo'], [2, 'Narnia stad'], [3, 'Tartu']] as const) {
    t.match(res.body, `<input type="text" id="q04-${i}-partner" name="q04.${i}.partner" value="${name}"`, `${name}: the row typed stays open with its text`)
  }
  t.match(res.body, '<input type="hidden" name="q04.0.partner" value="Kiel">', 'the stored row stays a line')
  const stored = await answers()
  t.same((stored.q04 as RowAnswer[]).map((x) => x.partner), ['Kiel'], 'the question with the error keeps what was stored, no row of it half-written')
  t.same(stored.q05, { selected: ['culture'], other: null }, 'question 5 is stored')
  t.same(stored.q08, { selected: ['own_funds'], other: null }, 'question 8 is stored')

  // The page shown again carries the new version: correcting the country saves without a conflict.
  const fixed = posted.map(([k, v]): [string, string] => k === 'q04.2.country' ? [k, 'Tyskland'] : [k, v])
  const again = await r.post('/enkat/del/b', [...hiddenFields(res.body), ['_action', 'next'], ...fixed])
  t.equal(again.statusCode, 303)
  t.same((await answers()).q04 && ((await answers()).q04 as RowAnswer[]).map((x) => x.partner), ['Kiel', 'Åbo', 'Narnia stad', 'Tartu'])
  page = await r.get('/enkat/del/b')
  t.notMatch(page.body, 'class="error-summary"')
})

t.test('a bad e-mail address keeps back only the contact question, not a long comment', async (t) => {
  const { app, r, answers } = await respondentOn(t, '0180')
  const comment = `Vi har arbetat länge med Östersjön. ${'Mycket text. '.repeat(300)}`.trim()
  const res = await r.saveSection('e', [['q17', comment], ['q18.name', 'Anna'], ['q18.email', 'inte-en-adress']])
  t.equal(res.statusCode, 422)
  t.match(res.body, 'Svaret på fråga 17 är sparat, men inte svaret på fråga 18.')
  t.match(res.body, 'value="inte-en-adress"', 'the address typed is kept')
  t.match(res.body, 'value="Anna"')
  const stored = await answers()
  t.equal(stored.q17, comment, 'the comment is stored')
  t.equal(stored.q18, undefined, 'the contact question is not')
  const events = await app.db.selectFrom('response_event').select('kind').where('section', '=', 'e').execute()
  t.same(events.map((e) => e.kind), ['saved'], 'one save, recorded once')
})

t.test('a page with nothing valid to store writes nothing and says so', async (t) => {
  const { r, answers } = await respondentOn(t, '1280')
  const res = await r.saveSection('c', [['q10.0.name', 'Nätverket'], ['q10.0.countries', 'Tyskland, Atlantis']])
  t.equal(res.statusCode, 422)
  t.match(res.body, 'Ingenting på den här sidan har sparats.')
  t.equal((await answers()).q10, undefined)
  t.notMatch((await r.get('/enkat')).body, /Del C\.[^<]*<\/a> <span class="status">Sparad/, 'part C is not marked saved for blanks')
})
