import t, { type Test } from 'tap'
import { buildTestApp } from '../helpers/app.js'
import { answerSnapshot } from '../helpers/db.js'
import { Respondent, hiddenFields, type Fields } from '../helpers/respondent.js'
import { loadAnswers } from '../../server/survey/responses.js'
import type { RowAnswer } from '../../server/questionnaire/answers.js'

async function onSectionB (t: Test) {
  const ctx = await buildTestApp(t)
  const r = new Respondent(ctx.app)
  await r.open(await ctx.tokenFor('1480'))
  await r.saveSection('a', [['q01', 'yes'], ['q02', 'yes']])
  const answers = async (): Promise<{ q04?: RowAnswer[] }> => await loadAnswers(ctx.app.db, (await ctx.app.db.selectFrom('response').select('id').executeTakeFirstOrThrow()).id)
  return { ...ctx, r, answers }
}

function row (i: number, partner: string, extra: Fields = []): Fields {
  const fields = new Map<string, string>([[`q04.${i}.partner`, partner], [`q04.${i}.country`, ''], [`q04.${i}.form`, ''], [`q04.${i}.activity`, '']])
  for (const [k, v] of extra) fields.set(k, v)
  return [...fields]
}

t.test('rows as a short list without JavaScript: add one at a time, change one, remove after a question; empty rows are ignored', async (t) => {
  const { r, answers } = await onSectionB(t)
  let page = await r.get('/enkat/del/b')
  t.match(page.body, /<input type="text" id="q04-0-partner" name="q04.0.partner" value=""/, 'no rows yet: one empty row to fill in')
  t.notMatch(page.body, 'name="q04.1.partner"')

  const added = await r.post('/enkat/del/b', [...hiddenFields(page.body), ['_action', 'add:q04'], ...row(0, 'Åbo')])
  t.equal(added.statusCode, 303)
  t.equal(added.location, '/enkat/del/b?ny=q04#q04-1-partner', 'back to the page, at the new row')
  t.same((await answers()).q04, [{ partner: 'Åbo', country: null, form: null, activity: null }], 'the filled row was saved')
  page = await r.get(added.location!.split('#')[0]!)
  t.match(page.body, '<input type="hidden" name="q04.0.partner" value="Åbo">', 'the saved row is a line of the list, its values kept in hidden fields')
  t.match(page.body, /<span class="row-title">Åbo<\/span>/)
  t.match(page.body, /<input type="text" id="q04-1-partner" name="q04.1.partner" value=""/, 'one empty row to fill in')
  t.equal(page.body.match(/<input type="text" id="q04-\d+-partner"/g)?.length, 1, 'and only one')

  await r.post('/enkat/del/b', [...hiddenFields(page.body), ['_action', 'next'], ...row(0, 'Åbo'), ...row(1, ''), ...row(2, 'Tartu', [['q04.2.country', 'EE']])])
  t.same((await answers()).q04?.map((x) => x.partner), ['Åbo', 'Tartu'], 'the empty middle row is ignored')

  page = await r.get('/enkat/del/b')
  t.notMatch(page.body, /<input type="text" id="q04-\d+-/, 'with rows saved, no empty row is shown')
  t.match(page.body, 'value="add:q04"', 'but a button to add one')
  t.match(page.body, /value="edit:q04:1">Ändra<span class="visually-hidden"> Tartu \(Estland\)<\/span>/, 'each row has its own Ändra, named by the row')

  const edit = await r.post('/enkat/del/b', [...hiddenFields(page.body), ['_action', 'edit:q04:1'], ...row(0, 'Åbo'), ...row(1, 'Tartu', [['q04.1.country', 'Estland']])])
  t.equal(edit.location, '/enkat/del/b?andra=q04-1#q04-1-partner')
  page = await r.get('/enkat/del/b?andra=q04-1')
  t.match(page.body, /<input type="text" id="q04-1-partner" name="q04.1.partner" value="Tartu"/, 'the row asked for is open with its values')
  t.match(page.body, '<input type="hidden" name="q04.0.partner" value="Åbo">', 'the other stays a line')

  const removed = await r.post('/enkat/del/b', [...hiddenFields(page.body), ['_action', 'remove:q04:0'], ...row(0, 'Åbo'), ...row(1, 'Tartu', [['q04.1.country', 'Estland']])])
  t.equal(removed.statusCode, 303)
  t.equal(removed.location, '/enkat/del/b/ta-bort/q04/0', 'Ta bort asks first, on a page of its own')
  t.same((await answers()).q04?.map((x) => x.partner), ['Åbo', 'Tartu'], 'nothing removed yet')
  const ask = await r.get(removed.location!)
  t.equal(ask.statusCode, 200)
  t.match(ask.body, 'Vill ni ta bort raden?')
  t.match(ask.body, /<dt>Ort, kommun eller region<\/dt><dd>Åbo<\/dd>/, 'the row is shown')
  t.match(ask.body, /<a class="button secondary" href="\/enkat\/del\/b#q04">Nej, behåll den<\/a>/)
  const gone = await r.post(removed.location!, hiddenFields(ask.body))
  t.equal(gone.statusCode, 303)
  t.equal(gone.location, '/enkat/del/b?borttaget=1#q04')
  t.same((await answers()).q04?.map((x) => x.partner), ['Tartu'], 'row 1 removed')
  t.match((await r.get('/enkat/del/b?borttaget=1')).body, 'Raden är borttagen.')
  t.equal((await r.post(removed.location!, hiddenFields(ask.body))).statusCode, 409, 'the same confirmation again meets the new version and removes nothing')
  t.same((await answers()).q04?.map((x) => x.partner), ['Tartu'])
})

t.test('100 rows are accepted, row 101 is refused and nothing is stored', async (t) => {
  const { app, r, answers } = await onSectionB(t)
  const hundred: Fields = []
  for (let i = 0; i < 100; i++) hundred.push(...row(i, `Ort ${i + 1}`))
  let page = await r.get('/enkat/del/b')
  const ok = await r.post('/enkat/del/b', [...hiddenFields(page.body), ['_action', 'next'], ...hundred])
  t.equal(ok.statusCode, 303)
  t.equal((await answers()).q04?.length, 100)
  page = await r.get('/enkat/del/b')
  t.notMatch(page.body, 'value="add:q04"', 'no add button at the limit')
  const before = await answerSnapshot(app.db)
  const tooMany = await r.post('/enkat/del/b', [...hiddenFields(page.body), ['_action', 'next'], ...hundred, ...row(100, 'Ort 101')])
  t.equal(tooMany.statusCode, 413, 'a 101st row cannot come from the page, so it is refused before anything is read')
  t.match(tooMany.body, 'högst 100')
  t.equal(await answerSnapshot(app.db), before)
})

t.test('a municipal partnership outside ICLD countries is kept and flagged beside its row', async (t) => {
  const { r, answers } = await onSectionB(t)
  const res = await r.saveSection('b', [
    ...row(0, 'Nairobi', [['q04.0.country', 'KE'], ['q04.0.form', 'municipal_partnership']]),
    ...row(1, 'Hamburg', [['q04.1.country', 'DE'], ['q04.1.form', 'municipal_partnership'], ['q04.1.activity', 'dormant']])
  ])
  t.equal(res.statusCode, 303)
  t.equal((await answers()).q04?.length, 2, 'both rows kept')
  const page = await r.get('/enkat/del/b')
  const notices = page.body.match(/class="row-notice" role="note"/g) ?? []
  t.equal(notices.length, 1, 'one notice')
  t.match(page.body, /<span class="row-title">Hamburg \(Tyskland\)<\/span>[\s\S]*?<p class="row-notice" role="note"><strong>Kontrollera:<\/strong> Kommunala partnerskap finns bara med ICLD:s samarbetsländer, och Tyskland är inte ett av dem/)
  t.match((await r.get('/enkat/granska')).body, 'Tyskland är inte ett av dem', 'also on the review page')
})

t.test('row fields are validated: name, country code, option, countries list', async (t) => {
  const { r } = await onSectionB(t)
  const res = await r.saveSection('b', [
    ...row(0, '', [['q04.0.country', 'FI']]),
    ...row(1, 'Narva', [['q04.1.country', 'XX']]),
    ...row(2, 'Riga', [['q04.2.form', 'friendship']]),
    ...row(3, 'x'.repeat(201))
  ])
  t.equal(res.statusCode, 422)
  for (const id of ['q04-0-partner', 'q04-1-country', 'q04-2-form', 'q04-3-partner']) t.match(res.body, `href="#${id}"`)
  t.match(res.body, 'Fråga 4, rad 1, ort, kommun eller region: Fyll i ort, kommun eller region, eller töm hela raden.')
  const c = await r.saveSection('c', [['q10.0.name', 'Nätverk'], ['q10.0.countries', 'Tyskland; finland, EE, Tyskland']])
  t.equal(c.statusCode, 303, 'names in any case, ISO codes and ; are understood')
})

t.test('Palestine and other names with commas or other spellings: taken, shown back by a name that saves again', async (t) => {
  const { app, tokenFor } = await buildTestApp(t)
  const r = new Respondent(app)
  await r.open(await tokenFor('0180'))
  await r.saveSection('a', [['q01', 'yes'], ['q02', 'yes']])
  const b = await r.get('/enkat/del/b')
  t.match(b.body, '<option>Palestina', 'the list offers Palestina')
  t.match(b.body, '<option>Myanmar')
  for (const gone of ['Antarktis', 'Bouvetön', 'Burma', 'Palestinska territoriet, ockuperade']) t.notMatch(b.body, `<option>${gone}`, `${gone} is not offered`)
  t.equal((await r.saveSection('b', [['q04.0.partner', 'Betlehem'], ['q04.0.country', 'Palestina'], ['q04.0.form', 'twin_town']])).statusCode, 303)
  t.match((await r.get('/enkat/del/b')).body, /name="q04.0.country" value="Palestina"/, 'shown back as Palestina')

  const suggestion = await r.saveSection('c', [['q10.0.name', 'Fredsnätverket'], ['q10.0.countries', 'Palestinska territoriet, ockuperade, Finland; Burma'], ['q10.0.kind', 'network']])
  t.equal(suggestion.statusCode, 303, 'the ISO name with its comma is one country')
  const id = (await app.db.selectFrom('response').select('id').executeTakeFirstOrThrow()).id
  t.same(((await loadAnswers(app.db, id)).q10 as Array<{ countries: string[] }>)[0]?.countries, ['PS', 'FI', 'MM'])
  const c = await r.get('/enkat/del/c')
  t.match(c.body, 'value="Palestina, Finland, Myanmar"', 'shown back with names that have no commas')
  const again = await r.saveSection('c', [['q10.0.name', 'Fredsnätverket'], ['q10.0.countries', 'Palestina, Finland, Myanmar'], ['q10.0.kind', 'network']])
  t.equal(again.statusCode, 303, 'and the page saves again as shown')
  const alias = await r.saveSection('c', [['q10.0.name', 'Bonairegruppen'], ['q10.0.countries', 'Bonaire, Saint Eustatius och Saba, Kongo-Kinshasa, Holland'], ['q10.0.kind', 'network']])
  t.equal(alias.statusCode, 303)
  t.same(((await loadAnswers(app.db, id)).q10 as Array<{ countries: string[] }>)[0]?.countries, ['BQ', 'CD', 'NL'])

  const congo = await r.saveSection('c', [['q10.0.name', 'Kongonätverket'], ['q10.0.countries', 'Kongo'], ['q10.0.kind', 'network']])
  t.equal(congo.statusCode, 422, 'Kongo alone could be either')
  t.match(congo.body, 'Det finns två Kongo')
  const ice = await r.saveSection('c', [['q10.0.name', 'Polarnätverket'], ['q10.0.countries', 'Antarktis'], ['q10.0.kind', 'network']])
  t.equal(ice.statusCode, 422, 'an uninhabited territory is not a partner country')
  t.match(ice.body, 'value="Polarnätverket"', 'what was typed is kept')
})

t.test('Enter in a field (the first button of the form) saves and stays on the page, adding and removing nothing', async (t) => {
  const { app, tokenFor } = await buildTestApp(t)
  const r = new Respondent(app)
  await r.open(await tokenFor('0180'))
  await r.saveSection('a', [['q01', 'yes'], ['q02', 'no']])
  const page = await r.get('/enkat/del/b')
  t.match(page.body, /<form[^>]*>\s*<button type="submit" name="_action" value="stay" hidden/, 'the first button of the form is "save and stay"')
  const saved = await r.saveSection('b', [['q04.0.partner', 'Åbo'], ['q04.0.country', 'Finland']], 'stay')
  t.equal(saved.statusCode, 303)
  t.equal(saved.location, '/enkat/del/b?sparat=1')
  const back = await r.get(saved.location!)
  t.match(back.body, 'Svaren är sparade.')
  t.equal(back.body.match(/id="q04-row-\d+"/g)?.length, 1, 'the saved row as a line of the list and no empty row')
})
