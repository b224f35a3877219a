import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { transportFor } from '../../server/mail/transport.js'
import { runDueMail, senderOptions } from '../../server/mail/worker.js'
import { startMailing } from '../../server/mail/mailings.js'
import type { Round } from '../../server/survey/rounds.js'
import { loggedIn } from '../helpers/admin.js'
import { addContacts } from '../helpers/mail.js'
import { multipartBody } from '../helpers/multipart.js'
import { Respondent, submitFromReview } from '../helpers/respondent.js'
import { answerExample, openExampleSurvey, tokenOf } from '../helpers/surveys.js'

const DG = 'Digitalisering i kommuner och regioner'
const IS = 'Internationella samarbeten'

t.test('two surveys open at once for the same organisations: each answered through its own link, reminded and counted on its own', async (t) => {
  const { app, c, logs, config } = await loggedIn(t)
  const { round: dg, first: is } = await openExampleSurvey(app)

  // Stockholm answers both surveys through its own two links; Malmö only the example survey.
  const both = new Respondent(app)
  await both.open(await tokenOf(app, is.id, '0180'))
  t.match((await both.get('/enkat')).body, `<title>`, 'the first survey opens')
  t.equal((await both.saveSection('a', [['q01', 'no'], ['q02', 'no'], ['q03', 'lack_of_time']])).statusCode, 303)
  t.equal((await submitFromReview(both)).location, '/enkat/kvitto')

  for (const code of ['0180', '1280']) {
    const r = new Respondent(app)
    await r.open(await tokenOf(app, dg.id, code))
    const start = await r.get('/enkat')
    t.match(start.body, DG, 'the respondent pages carry the example survey\'s own title')
    t.notMatch(start.body, IS)
    t.equal(await answerExample(r, code), '/enkat/kvitto', `${code} sends in the example survey`)
  }
  const submitted = async (round: Round): Promise<string[]> => (await app.db.selectFrom('response as r').innerJoin('organisation as o', 'o.id', 'r.organisation_id')
    .select('o.code').where('r.round_id', '=', round.id).where('r.status', '=', 'submitted').orderBy('o.code').execute()).map((x) => x.code)
  t.same(await submitted(is), ['0180'])
  t.same(await submitted(dg), ['0180', '1280'])

  // Each survey's reminder goes only to its own non-respondents.
  await addContacts(app, [['0180', 'sthlm@example.se'], ['1280', 'malmo@example.se'], ['0114', 'vasby@example.se']])
  // Upplands Väsby has its own contact for the example survey, imported in that survey's admin: it replaces the shared one there.
  const form = await c.get('/admin/digitalisering/kontakter/import')
  t.match(form.body, 'Bara Digitalisering i kommuner och regioner')
  const csrf = /name="_csrf" value="([^"]*)"/.exec(form.body)?.[1] ?? ''
  const { payload, contentType } = multipartBody({ _csrf: csrf, galler: 'enkat' }, { name: 'k.csv', type: 'text/csv', content: 'kod;e-post;namn\n0114;digital@vasby.se;Digitaliseringschefen\n' })
  const imported = await app.inject({ method: 'POST', url: '/admin/digitalisering/kontakter/import', payload, headers: { 'content-type': contentType, cookie: c.cookieHeader } })
  t.equal(imported.statusCode, 200)
  t.match(imported.body, 'Importerade 1 kontakt: 1 ny (kontakter bara för enkäten Digitalisering i kommuner och regioner)')
  const reminded = async (round: Round): Promise<string[]> => {
    // The invitation went out eight days ago (after the round opened today: it is sent now and dated back).
    t.match(await startMailing(app.db, round, 'invitation', new Date(), false, 'test'), { ok: true })
    await app.db.updateTable('mailing').set({ queued_at: new Date(Date.now() - 8 * 86_400_000).toISOString() }).where('round_id', '=', round.id).where('kind', '=', 'invitation').execute()
    t.match(await startMailing(app.db, round, 'reminder-1', new Date(), false, 'test'), { ok: true })
    return (await app.db.selectFrom('outbox_message as m').innerJoin('mailing as g', 'g.id', 'm.mailing_id').innerJoin('contact as k', 'k.id', 'm.contact_id')
      .select('k.email').where('g.round_id', '=', round.id).where('g.kind', '=', 'reminder-1').orderBy('k.email').execute()).map((x) => x.email)
  }
  t.same(await reminded(is), ['malmo@example.se', 'vasby@example.se'], 'Internationella samarbeten reminds Malmö and Upplands Väsby')
  t.same(await reminded(dg), ['digital@vasby.se'], 'the example survey reminds only Upplands Väsby, at its own contact for that survey')
  // The mail written out carries each survey's own sender name and texts.
  await runDueMail(app.db, transportFor(config), senderOptions(config, app.linkKey))
  const eml = (prefix: string, address: string): string => readdirSync(config.outboxDir).filter((f) => f.startsWith(prefix)).map((f) => readFileSync(join(config.outboxDir, f), 'utf8')).find((x) => x.includes(address)) ?? ''
  const dgMail = eml('reminder-1-0114-', 'digital@vasby.se')
  t.match(dgMail, /From: "?SKR Digitalisering i kommuner och regioner"? </, 'the example survey\'s reminder comes from its own name')
  t.match(dgMail, 'Subject: =?UTF-8?')
  t.match(dgMail, 'digitalisering', 'its own text')
  t.match(eml('reminder-1-0114-', 'vasby@example.se'), /From: SKR Internationella samarbeten </, 'the first survey\'s reminder comes from MAIL_FROM')

  // Every admin page and download of both surveys answers, names its survey, and holds only its own answers.
  const pages = ['', '/bortfall', '/svarskurva', '/partiellt-bortfall', '/organisationer', '/organisationer/0180', '/utskick', '/utskick/reminder-1', '/omgang',
    '/kontakter/import', '/omgang/frageformular', '/organisationer/0114', '/resultat', '/resultat?uppdelning=kommungrupp', '/resultat?uppdelning=huvudgrupp', '/resultat/rapport', '/resultat/fritext', '/resultat/omgangar']
  for (const [base, title, other] of [['/admin/internationella-samarbeten', IS, DG], ['/admin/digitalisering', DG, IS]] as const) {
    for (const page of pages) {
      const res = await c.get(base + page)
      t.equal(res.statusCode, 200, `${base}${page}`)
      t.match(res.body, new RegExp(`<title>[^<]*${title}[^<]*</title>`), `${base}${page} names its survey in the title`)
      t.notMatch(res.body, new RegExp(`<title>[^<]*${other}`), `${base}${page} does not name the other survey`)
    }
  }
  const dgResults = (await c.get('/admin/digitalisering/resultat/fritext')).body
  t.match(dgResults, 'Kommentar från 1280')
  const downloads = ['/resultat/results.csv', '/resultat/results.xlsx', '/resultat/responses.csv', '/resultat/responses.xlsx', '/resultat/kodbok.csv',
    '/resultat/publicering.csv', '/resultat/publicering.xlsx', '/resultat/rapport.docx']
  for (const base of ['/admin/internationella-samarbeten', '/admin/digitalisering']) {
    for (const d of downloads) t.equal((await c.get(base + d)).statusCode, 200, `${base}${d}`)
  }
  const dgResponses = (await c.get('/admin/digitalisering/resultat/responses.csv')).body
  t.match(dgResponses, 'strategi')
  t.notMatch(dgResponses, 'q01', 'the example survey\'s responses hold none of the first survey\'s questions')
  const sent = (csv: string): string[] => csv.split('\r\n').filter((l) => l.includes(',Inskickat,')).map((l) => l.split(',')[0]!).sort()
  t.same(sent(dgResponses), ['0180', '1280'], 'the example survey\'s responses: its own two')
  t.match(dgResponses, 'Kommentar från 1280')
  const isResponses = (await c.get('/admin/internationella-samarbeten/resultat/responses.csv')).body
  t.same(sent(isResponses), ['0180'], 'Internationella samarbeten\'s responses: its own one')
  t.notMatch(isResponses, 'strategi')
  t.notMatch(isResponses, 'Kommentar från')

  t.equal((await c.get('/admin/okand/bortfall')).statusCode, 404, 'an unknown survey is not found')
  t.equal((await c.get('/admin/digitalisering/resultat/vanortsregister')).statusCode, 404, 'the register is Internationella samarbeten\'s module\'s')
  t.equal((await c.get('/admin/digitalisering/resultat/trender.csv')).statusCode, 404, 'so are the trends')
  t.notMatch(logs(), '"level":50', 'no server error on any page')
  const list = await c.get('/admin')
  t.match(list.body, '<h1>Enkäter</h1>', '/admin lists the surveys once there are several')
  t.match(list.body, 'href="/admin/digitalisering"')
  t.match(list.body, '2 av 310')
  t.match(list.body, '1 av 310')
})
