import t from 'tap'
import { loggedIn } from '../helpers/admin.js'
import { Respondent, hiddenFields, submitFromReview, type Fields } from '../helpers/respondent.js'
import { activeLinks } from '../../server/survey/links.js'
import { currentRound } from '../../server/survey/rounds.js'
import { addDays, swedishDate } from '../../server/survey/clock.js'
import { loadAnswers } from '../../server/survey/responses.js'
import type { RowAnswer } from '../../server/questionnaire/answers.js'

type Row = [partner: string, country: string, form: string, activity: string]

function rows (list: Row[]): Fields {
  return list.flatMap(([partner, country, form, activity], i): Fields => [[`q04.${i}.partner`, partner], [`q04.${i}.country`, country], [`q04.${i}.form`, form], [`q04.${i}.activity`, activity]])
}

// Twenty organisations answer round 1: Göteborg with three twin towns, Malmö with one, the rest with one or none.
const roundOne: Array<[code: string, towns: Row[]]> = [
  ['1480', [['Åbo', 'Finland', 'twin_town', 'active'], ['Århus', 'Danmark', 'twin_town', 'sporadic'], ['Tver', 'Ryssland', 'twin_town', 'dormant']]],
  ['1280', [['Gdańsk', 'Polen', 'twin_town', 'active']]],
  ['0180', []], ['0380', [['Tartu', 'Estland', 'twin_town', 'active']]], ['0580', []], ['0680', [['Kaunas', 'Litauen', 'twin_town', 'sporadic']]],
  ['0780', []], ['0880', []], ['0980', [['Riga', 'Lettland', 'twin_town', 'active']]], ['1080', []], ['1281', []], ['1380', []],
  ['1490', []], ['1780', [['Hamar', 'Norge', 'twin_town', 'active']]], ['1880', []], ['1980', []], ['2080', []], ['2180', []], ['2281', []], ['01', []]
]

t.test('two rounds end to end: round 2 starts from round 1, ended rows leave, unsaved pages do not count, trends hold both', async (t) => {
  const { app, c, config } = await loggedIn(t)
  const round1 = (await currentRound(app.db))!
  const links1 = new Map((await activeLinks(app.db, app.linkKey, round1.id, config.publicUrl)).map((l) => [l.code, l.url.split('/s/')[1]!]))

  for (const [code, towns] of roundOne) {
    const r = new Respondent(app)
    await r.open(links1.get(code)!)
    t.equal((await r.saveSection('a', [['q01', towns.length > 0 ? 'yes' : 'no'], ['q02', 'no']])).statusCode, 303, `${code} saves part A`)
    if (towns.length > 0) t.equal((await r.saveSection('b', rows(towns))).statusCode, 303, `${code} saves part B`)
    t.equal((await submitFromReview(r)).location, '/enkat/kvitto', `${code} submits`)
  }

  // Round 1 is over: the next one cannot be made while it is open, and is made from the admin once it has closed.
  const today = swedishDate(new Date())
  let made = await c.postFrom('/admin/omgang', '/admin/omgang/ny', [['name', '2099'], ['opens_on', addDays(today, 1)], ['deadline_on', addDays(today, 20)], ['closes_on', addDays(today, 30)], ['classification', 'skl-2017']])
  t.equal(made.statusCode, 422, 'refused while round 1 is open')
  t.match(made.body, `Omgång ${round1.name} tar emot svar till och med`)
  await app.db.updateTable('round').set({ opens_on: addDays(today, -60), deadline_on: addDays(today, -40), closes_on: addDays(today, -30) }).where('id', '=', round1.id).execute()
  made = await c.postFrom('/admin/omgang', '/admin/omgang/ny', [['name', round1.name], ['opens_on', today], ['deadline_on', addDays(today, 20)], ['closes_on', addDays(today, 30)], ['classification', 'skl-2017']])
  t.equal(made.statusCode, 422, 'a name already used is refused')
  t.match(made.body, `det finns redan en omgång ${round1.name}`)
  t.match(made.body, `value="${today}"`, 'what was typed is kept')
  const name2 = String(Number(round1.name) + 1)
  // bekraftat: the dates' weekend or holiday warnings (they depend on the day the test runs) are taken as read.
  made = await c.postFrom('/admin/omgang', '/admin/omgang/ny', [['name', name2], ['opens_on', today], ['deadline_on', addDays(today, 20)], ['closes_on', addDays(today, 30)], ['classification', 'skl-2017'], ['bekraftat', `${today}/${addDays(today, 20)}/${addDays(today, 30)}`]])
  t.equal(made.location, '/admin/omgang?skapad=1')
  const round2 = (await currentRound(app.db))!
  t.equal(round2.name, name2, 'the new round is the current one')
  t.match((await c.get('/admin/omgang?skapad=1')).body, `Omgång ${name2} är skapad`)
  const audit = await app.db.selectFrom('audit_log').select('detail').where('action', '=', 'round_created').executeTakeFirstOrThrow()
  t.match(audit.detail, `Omgång ${name2}`, 'audited')

  // Every organisation has a new link; the old one leads to a page about the new round.
  const links2 = new Map((await activeLinks(app.db, app.linkKey, round2.id, config.publicUrl)).map((l) => [l.code, l.url.split('/s/')[1]!]))
  t.equal(links2.size, 310)
  t.not(links2.get('1480'), links1.get('1480'), 'a new token')
  const old = await app.inject({ method: 'GET', url: `/s/${links1.get('1480')}` })
  t.equal(old.statusCode, 410)
  t.match(old.body, `Länken gällde omgång ${round1.name}`)
  t.match(old.body, `Omgång ${name2} har en ny personlig länk`)
  const oldPost = await new Respondent(app).open(links1.get('1480')!)
  t.equal(oldPost.statusCode, 410, 'the old link opens nothing')

  // Göteborg opens round 2: its three twin towns are there, marked as last round's, each asking whether it goes on.
  const gbg = new Respondent(app)
  await gbg.open(links2.get('1480')!)
  const start = (await gbg.get('/enkat')).body
  t.match(start, new RegExp(`Del A\\. [^<]*</a> <span class="status">Ifylld från omgång ${round1.name}, inte sparad`))
  t.match(start, new RegExp(`Del B\\. [^<]*</a> <span class="status">Ifylld från omgång ${round1.name}, inte sparad`), 'part B is shown as last round’s answers say, before part A is saved')
  let page = await gbg.get('/enkat/del/b')
  t.match(page.body, `Svaren kommer från omgång ${round1.name}`)
  t.match(page.body, 'name="q04.2.partner" value="Tver"')
  t.match(page.body, '<legend>Finns samarbetet med Tver (Ryssland) kvar?</legend>', 'each row of last round asks once, by its name')
  t.equal(page.body.match(/<legend>Finns samarbetet med /g)?.length, 3, 'one question a row')
  t.notMatch(page.body, 'value="remove:q04:', 'the only way to end a row of last round is to answer Nej')
  t.notMatch(page.body, /<input type="text" id="q04-\d/, 'no row open, no empty row')
  const partA = await gbg.get('/enkat/del/a')
  t.match(partA.body, /id="q01-yes"[^>]*checked/, 'part A prefilled too')
  const review = await gbg.get('/enkat/granska')
  t.match(review.body, 'Delar att kontrollera')
  t.notMatch(review.body, 'Skicka in svaren', 'no sending in while pages hold only last round’s answers')

  // Saving part B without saying whether the rows go on is refused, with what was typed kept.
  const kept: Row[] = [['Åbo', 'Finland', 'twin_town', 'active'], ['Århus', 'Danmark', 'twin_town', 'sporadic'], ['Tver', 'Ryssland', 'twin_town', 'dormant']]
  const prev = (i: number, still: string | null): Fields => [[`q04.${i}._forra`, '1'], ...(still === null ? [] : [[`q04.${i}._kvar`, still]] as Fields)]
  page = await gbg.get('/enkat/del/b')
  let saved = await gbg.post('/enkat/del/b', [...hiddenFields(page.body), ['_forifylld', '1'], ['_action', 'next'], ...rows(kept), ...prev(0, 'kvar'), ...prev(1, null), ...prev(2, 'avslutat'), ['q05', 'culture']])
  t.equal(saved.statusCode, 422)
  t.match(saved.body, 'Ingenting på den här sidan har sparats.', 'a page made from last round is stored whole or not at all')
  t.match(saved.body, /<a href="#q04-1-_kvar">Fråga 4, rad 2: Ange om samarbetet/, 'the summary links to the row\'s question')
  t.match(saved.body, 'Ange om samarbetet finns kvar eller har avslutats.')
  t.match(saved.body, `Svaren kommer från omgång ${round1.name}`, 'still marked as last round’s answers')
  t.match(saved.body, /id="q04-2-_kvar-avslutat"[^>]*checked/, 'the choices made are kept')
  const gbgResponse = await app.db.selectFrom('response').select('id').where('round_id', '=', round2.id).where('organisation_id', '=', (await app.db.selectFrom('organisation').select('id').where('code', '=', '1480').executeTakeFirstOrThrow()).id).executeTakeFirstOrThrow()
  t.same((await loadAnswers(app.db, gbgResponse.id)).q04, undefined, 'nothing stored')
  t.same((await loadAnswers(app.db, gbgResponse.id)).q05, undefined, 'not even the questions without errors')

  // Tver has ended, Shanghai is new.
  saved = await gbg.post('/enkat/del/b', [...hiddenFields(page.body), ['_forifylld', '1'], ['_action', 'next'], ...rows([...kept, ['Shanghai', 'Kina', 'twin_town', 'active']]), ...prev(0, 'kvar'), ...prev(1, 'kvar'), ...prev(2, 'avslutat')])
  t.equal(saved.statusCode, 303)
  t.same(((await loadAnswers(app.db, gbgResponse.id)).q04 as RowAnswer[]).map((r) => r.partner), ['Åbo', 'Århus', 'Shanghai'], 'the ended row left, the new one stored')
  t.notMatch((await gbg.get('/enkat/del/b')).body, 'från förra omgången', 'once saved, the page is this round’s')
  const sent = await gbg.post('/enkat/skicka', hiddenFields((await gbg.get('/enkat/granska')).body))
  t.equal(sent.location, '/enkat/granska?ifyllda=1', 'part A is still unsaved: sending in is refused')
  t.match((await gbg.get('/enkat/granska?ifyllda=1')).body, 'Svaren skickades inte in')
  await gbg.saveSection('a', [['q01', 'yes'], ['q02', 'no']])
  const changes = (await gbg.get('/enkat/granska')).body
  t.match(changes, 'Ändrat sedan förra omgången')
  t.match(changes, 'Avslutade: Tver (Ryssland)')
  t.match(changes, 'Nya: Shanghai (Kina)')
  t.equal((await submitFromReview(gbg)).location, '/enkat/kvitto', 'Göteborg submits round 2')

  // Malmö opens a prefilled page and never saves it: not answered.
  const malmo = new Respondent(app)
  await malmo.open(links2.get('1280')!)
  t.match((await malmo.get('/enkat/del/b')).body, 'name="q04.0.partner" value="Gdańsk"')
  // An organisation that did not answer round 1 starts empty.
  const new1 = new Respondent(app)
  await new1.open(links2.get('0114')!)
  const empty = await new1.get('/enkat/del/b')
  t.notMatch(empty.body, 'Svaren kommer från omgång')
  t.match(empty.body, 'name="q04.0.partner" value=""')

  const statuses = await app.db.selectFrom('response as r').innerJoin('organisation as o', 'o.id', 'r.organisation_id').select(['o.code', 'r.status']).where('r.round_id', '=', round2.id).execute()
  t.same(statuses.filter((s) => s.status === 'submitted').map((s) => s.code), ['1480'], 'only Göteborg has answered round 2')
  const overview = (await c.get('/admin')).body
  t.match(overview, /Inskickade/)

  // Trends: both rounds of the product and the published series with their definition note.
  const csv = (await c.get('/admin/resultat/trender.csv')).body
  t.match(csv, `kommuner_med_vanorter_eller_partnerskap,${round1.name},6,`, 'round 1: six kommuner with twin towns')
  t.match(csv, `kommuner_med_vanorter_eller_partnerskap,${name2},1,`, 'round 2: Göteborg')
  t.match(csv, 'kommuner_med_vanorter_eller_partnerskap,2007,272,')
  t.match(csv, '2007 och 2011 räknades kommunala partnerskap som vänorter')
  // An earlier round stays readable: its results page and downloads, chosen by ?omgang=.
  const earlier = (await c.get(`/admin/resultat?omgang=${round1.name}`)).body
  t.match(earlier, `Resultat för omgång ${round1.name}`)
  t.match(earlier, `href="/admin/resultat/results.csv?omgang=${round1.name}"`, 'its links keep the round')
  t.match((await c.get(`/admin/resultat/results.csv?omgang=${round1.name}`)).body, /\nresponse,submitted,alla,organisations,310,20,/, 'round 1: 20 of 310 sent in')
  t.match((await c.get('/admin/resultat/results.csv')).body, /\nresponse,submitted,alla,organisations,310,1,/, 'the current round: 1')
  t.equal((await c.get('/admin/resultat?omgang=1999')).statusCode, 404, 'an unknown round is a 404')
  t.equal((await c.get('/admin/resultat/rapport?omgang=x')).statusCode, 404)
  const side = (await c.get('/admin/resultat/omgangar')).body
  t.match(side, `<th scope="col" class="num">${round1.name}</th>`)
  t.match(side, `<th scope="col" class="num">${name2} (preliminär)</th>`, 'the open round is marked preliminary')
  t.match(side, '<th scope="col" class="num">Förändring (p.e.)</th>', 'with the change between the last two rounds')

  // The public register: 404 until a closed round is published, then round 2's rows (not the ended one).
  t.equal((await app.inject({ method: 'GET', url: '/vanortsregister' })).statusCode, 404, 'unpublished register answers 404')
  t.equal((await app.inject({ method: 'GET', url: '/vanortsregister/vanortsregister.csv' })).statusCode, 404)
  let publish = await c.postFrom('/admin/resultat/vanortsregister', '/admin/resultat/vanortsregister/publicera', [['round', name2], ['action', 'publish']])
  t.equal(publish.statusCode, 409, 'an open round cannot be published')
  t.match(publish.body, 'Registret kan publiceras när den har stängt')
  await app.db.updateTable('round').set({ opens_on: addDays(today, -25), deadline_on: addDays(today, -10), closes_on: addDays(today, -1) }).where('id', '=', round2.id).execute()
  publish = await c.postFrom('/admin/resultat/vanortsregister', '/admin/resultat/vanortsregister/publicera', [['round', name2], ['action', 'publish']])
  t.equal(publish.location, '/admin/resultat/vanortsregister?klart=publicerat')
  t.ok(await app.db.selectFrom('audit_log').select('id').where('action', '=', 'register_published').executeTakeFirst(), 'publishing is audited')

  const register = await app.inject({ method: 'GET', url: '/vanortsregister' })
  t.equal(register.statusCode, 200, 'no login needed')
  t.match(register.body, `omgång ${name2}`)
  for (const town of ['Åbo', 'Århus', 'Shanghai']) t.match(register.body, `<td>${town}</td>`, `${town} is listed`)
  t.notMatch(register.body, 'Tver', 'the ended twin town is not')
  t.notMatch(register.body, 'Gdańsk', 'Malmö did not answer round 2')
  t.match(register.headers['content-security-policy'], /default-src/, 'security headers as everywhere')

  const china = await app.inject({ method: 'GET', url: '/vanortsregister?land=CN' })
  t.match(china.body, '<td>Shanghai</td>')
  t.notMatch(china.body, '<td>Åbo</td>', 'the filter keeps only China')
  t.match(china.body, /data-country="CN" data-count="1"/, 'the map shades China')
  t.notMatch(china.body, /data-country="FI" data-count/, 'and not Finland in this selection')
  t.match(china.body, /<th scope="row"><a href="\/vanortsregister\?land=CN">Kina<\/a><\/th><td class="num">1<\/td>/, 'the table beside the map has the same figure')
  t.match((await app.inject({ method: 'GET', url: '/vanortsregister?lan=14' })).body, '<td>Shanghai</td>', 'by län: Västra Götalands län')
  t.match((await app.inject({ method: 'GET', url: '/vanortsregister?q=g%C3%B6teborg&form=twin_town' })).body, '<td>Åbo</td>', 'by name and form')
  t.match((await app.inject({ method: 'GET', url: '/vanortsregister?form=municipal_partnership' })).body, 'Inga samarbeten matchar sökningen.')

  const csvChina = await app.inject({ method: 'GET', url: '/vanortsregister/vanortsregister.csv?land=CN' })
  t.match(csvChina.headers['content-disposition'], `vanortsregister-${name2}.csv`)
  const lines = csvChina.body.replace(/^\uFEFF/, '').trim().split('\r\n')
  t.equal(lines[0], 'organisation_kod,organisation,typ,lan_kod,lan,ort,land_kod,land,samarbetsform,aktivitetsgrad')
  t.same(lines.slice(1), ['1480,Göteborg,Kommun,14,Västra Götalands län,Shanghai,CN,Kina,Vänort,Aktivt'], 'the download holds the same rows')
  const json = JSON.parse((await app.inject({ method: 'GET', url: '/vanortsregister/vanortsregister.json' })).body)
  t.match(json.licens, 'CC0')
  t.equal(json.publicerad, today)
  t.same(json.samarbeten.map((r: { ort: string }) => r.ort), ['Åbo', 'Århus', 'Shanghai'])
  t.notMatch(JSON.stringify(json), /@|kommentar/i, 'no e-mail addresses or free text')

  // An organisation can be left out, and an unknown code is named.
  const bad = await c.postFrom('/admin/resultat/vanortsregister', '/admin/resultat/vanortsregister/undanta', [['code', '9999'], ['action', 'exclude']])
  t.equal(bad.statusCode, 422)
  t.match(bad.body, 'ingen kommun eller region har koden ”9999”')
  t.match(bad.body, 'value="9999"')
  await c.postFrom('/admin/resultat/vanortsregister', '/admin/resultat/vanortsregister/undanta', [['code', '1480'], ['action', 'exclude']])
  t.match((await app.inject({ method: 'GET', url: '/vanortsregister' })).body, 'Alla 0 samarbeten visas.', 'Göteborg left out')
  await c.postFrom('/admin/resultat/vanortsregister', '/admin/resultat/vanortsregister/undanta', [['code', '1480'], ['action', 'include']])
  t.match((await app.inject({ method: 'GET', url: '/vanortsregister' })).body, 'Alla 3 samarbeten visas.')
  await c.postFrom('/admin/resultat/vanortsregister', '/admin/resultat/vanortsregister/publicera', [['round', name2], ['action', 'unpublish']])
  t.equal((await app.inject({ method: 'GET', url: '/vanortsregister' })).statusCode, 404, 'unpublished again')
})
