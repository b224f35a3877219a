// Country names as people type them: Swedish, English and other common names, in lists of any length.
import t from 'tap'
import { countryCodeFromName, countryHint, parseCountryList } from '../../server/questionnaire/countries.js'
import { buildTestApp } from '../helpers/app.js'
import { Respondent } from '../helpers/respondent.js'

t.test('English names are accepted beside the Swedish ones; a name of two countries is refused with a hint', async (t) => {
  t.equal(countryCodeFromName('Germany'), 'DE')
  t.equal(countryCodeFromName('ivory coast'), 'CI')
  t.equal(countryCodeFromName('Tyskland'), 'DE')
  t.equal(countryCodeFromName('Congo'), undefined, 'Congo is two countries')
  t.match(countryHint('Congo') ?? '', /två Kongo/)
  t.same(parseCountryList('Germany, Korea, Republic of; Bonaire, Saint Eustatius och Saba\nSverige'), { codes: ['DE', 'KR', 'BQ', 'SE'], unknown: [] })
})

t.test('a long list is read whole: every part is either a country or named as unknown', async (t) => {
  const parts = Array.from({ length: 3000 }, (_, i) => (i % 3 === 0 ? 'Tyskland' : i % 3 === 1 ? 'x' : 'Bonaire, Saint Eustatius och Saba'))
  const { codes, unknown } = parseCountryList(parts.join(', '))
  t.same(codes, ['DE', 'BQ'])
  t.equal(unknown.length, 1000)
})

t.test('a twin town in "Germany" is saved as Tyskland', async (t) => {
  const { app, tokenFor } = await buildTestApp(t)
  const r = new Respondent(app)
  await r.open(await tokenFor('0180'))
  await r.saveSection('a', [['q01', 'yes'], ['q02', 'no']])
  const saved = await r.saveSection('b', [['q04.0.partner', 'München'], ['q04.0.country', 'Germany'], ['q04.0.form', 'twin_town'], ['q04.0.activity', 'active']])
  t.equal(saved.statusCode, 303)
  t.match((await r.get('/enkat/del/b')).body, /Tyskland/)
})
