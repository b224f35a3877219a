import { readFileSync } from 'node:fs'
import type { FastifyInstance } from 'fastify'
import JSZip from 'jszip'
import t from 'tap'
import { defaultTemplates, templateFor } from '../../server/mail/templates.js'
import { fromRoot } from '../../server/paths.js'
import { addDays, swedishDate } from '../../server/survey/clock.js'
import { createRound } from '../../server/survey/new-round.js'
import { checkNewSurvey, createSurvey } from '../../server/survey/new-survey.js'
import type { Round } from '../../server/survey/rounds.js'
import { loggedIn } from '../helpers/admin.js'
import { parseCsv } from '../helpers/csv.js'
import { Respondent, submitFromReview } from '../helpers/respondent.js'
import { answerExample, openExampleSurvey, tokenOf } from '../helpers/surveys.js'

// Internationella samarbeten's module reads fixed question ids (q01, q04, q06…) and writes about twin towns. A
// survey without the module gets the generic product even when its own questions happen to carry those ids: its
// answers are counted, protected, headed and mailed by their kind and its own texts, never by the first survey's.

const example = readFileSync(fromRoot('server', 'questionnaire', 'examples', 'digitalisering.json'), 'utf8')

/** The example survey's file with some of its question ids renamed to the first survey's, and no mail texts when asked. */
function renamed (ids: Record<string, string>, mail = true): string {
  const file = JSON.parse(example) as { delar: Array<{ frågor: Array<{ id: string, visas_när?: { alla: Array<{ fråga: string }> } }> }>, resultatkapitel: Array<{ frågor: string[] }>, utskick?: unknown }
  for (const part of file.delar) {
    for (const q of part.frågor) {
      q.id = ids[q.id] ?? q.id
      for (const c of q.visas_när?.alla ?? []) c.fråga = ids[c.fråga] ?? c.fråga
    }
  }
  for (const chapter of file.resultatkapitel) chapter.frågor = chapter.frågor.map((id) => ids[id] ?? id)
  if (!mail) delete file.utskick
  return JSON.stringify(file)
}

/** A survey made from this file with a round open now. */
async function surveyWithRound (app: FastifyInstance, slug: string, content: string): Promise<Round> {
  const checked = await checkNewSurvey(app.db, slug, content)
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems))
  const survey = await createSurvey(app.db, slug, content, checked.questionnaire, 'test', new Date())
  const today = swedishDate(new Date())
  return await createRound(app.db, app.linkKey, { name: '2026', opens_on: today, deadline_on: addDays(today, 20), closes_on: addDays(today, 40), classification: 'skl-2017', surveyId: survey.id }, 'test', new Date())
}

function visibleText (html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ')
}

t.test('a multiple choice named q04 in another survey is counted by its kind: the respondent can send it in', async (t) => {
  const { app, c, logs } = await loggedIn(t)
  // Its second result chapter carries the title of the first survey's twin-town chapter.
  const round = await surveyWithRound(app, 'digi', renamed({ e_tjanster: 'q04', strategi: 'q01', ansvar: 'q05' }).replaceAll('"E-tjänster och samarbeten"', '"Vänorter och kommunala partnerskap"'))
  const r = new Respondent(app)
  await r.open(await tokenOf(app, round.id, '0180'))
  t.equal((await r.saveSection('strategi', [['q01', 'nej'], ['q05', 'it_avdelning']])).statusCode, 303)
  t.equal((await r.saveSection('tjanster', [['q04', 'skola'], ['hinder', 'pengar']])).statusCode, 303)
  t.equal((await r.saveSection('avslutning', [['kommentar', 'x']])).statusCode, 303)
  t.equal((await submitFromReview(r)).location, '/enkat/kvitto', 'sent in (the twin-town counts of q04 used to fail with a 500)')
  t.notMatch(logs(), '"level":50', 'no server error')
  const keys = (await app.db.selectFrom('response_tally as t').innerJoin('response as r', 'r.id', 't.response_id').select('t.keys').where('r.round_id', '=', round.id).executeTakeFirstOrThrow()).keys
  t.notMatch(keys, 'engagement', 'no twin-town engagement is counted for another survey')
  t.match(keys, 'q04|opt=skola', 'the multiple choice is counted by its kind')

  const results = await c.get('/admin/digi/resultat')
  t.equal(results.statusCode, 200)
  t.match(results.body, />Fråga 1\. Har organisationen en beslutad strategi för digitalisering\?<\/h3>/, 'q01 is headed by its own text')
  t.match(results.body, '<h2 id="kapitel-2">Vänorter och kommunala partnerskap</h2>', 'the chapter keeps its own title')
  t.notMatch(results.body, /Vänorter eller kommunala partnerskap|flest aktiva vänorter|vänortsregister|Samarbeten per land/i, 'none of the first survey\'s twin-town tables in another survey\'s results')
  t.notMatch(results.body, 'andel av omnämnanden', 'no mentions table for a question that happens to be named q05')
})

t.test('a rows question named q04 in another survey is protected like any other; the first survey\'s register question stays published', async (t) => {
  const { app, c } = await loggedIn(t)
  const round = await surveyWithRound(app, 'digi', renamed({ samarbeten: 'q04', hinder: 'q06' }))
  const r = new Respondent(app)
  await r.open(await tokenOf(app, round.id, '0180'))
  await r.saveSection('strategi', [['strategi', 'nej'], ['ansvar', 'it_avdelning']])
  await r.saveSection('tjanster', [['e_tjanster', 'skola'], ['q06', 'pengar'], ['q04.0.namn', 'Sambruk'], ['q04.0.form', 'drift'], ['q04.0.land', 'FI']])
  t.equal((await submitFromReview(r)).location, '/enkat/kvitto')
  const rows = parseCsv((await c.get('/admin/digi/resultat/publicering.csv')).body)
  const q04 = rows.filter((x) => (x.Nyckel ?? '').startsWith('q04/'))
  t.ok(q04.length > 0, 'the rows question is published')
  const single = q04.find((x) => x.Nyckel === 'q04/land=FI/alla/rows')
  t.equal(single?.Antal, '–', 'one respondent\'s row is not published (it used to be, under the name q04)')
  t.notOk(q04.some((x) => x.Antal === '1'), 'no count of one of the rows question')

  const items = visibleText((await c.get('/admin/digi/partiellt-bortfall')).body)
  t.notMatch(items, /vänorter|partnerskap/, 'item non-response names no twin towns for another survey')
  t.notMatch(items, /Bland organisationer med/, 'no "among" line for a question that happens to be named q06')

  // The first survey: its twin-town question is published as the register lists it.
  const is = await app.db.selectFrom('round as r').innerJoin('survey as s', 's.id', 'r.survey_id').select('r.id').where('s.slug', '=', 'internationella-samarbeten').executeTakeFirstOrThrow()
  const first = new Respondent(app)
  await first.open(await tokenOf(app, is.id, '0180'))
  await first.saveSection('a', [['q01', 'yes'], ['q02', 'no']])
  await first.saveSection('b', [['q04.0.partner', 'Åbo'], ['q04.0.country', 'FI'], ['q04.0.form', 'twin_town'], ['q04.0.activity', 'active']])
  t.equal((await submitFromReview(first)).location, '/enkat/kvitto')
  const firstRows = parseCsv((await c.get('/admin/internationella-samarbeten/resultat/publicering.csv')).body)
  t.equal(firstRows.find((x) => x.Nyckel === 'q04/country=FI/alla/rows')?.Antal, '1', 'the twin-town register\'s figures are published')
  t.equal(firstRows.find((x) => x.Nyckel === 'q01/yes/alla/organisations')?.Antal, '–', 'its other questions are protected')
})

t.test('another survey\'s report, item non-response and results pages carry none of the first survey\'s wording', async (t) => {
  const { app, c } = await loggedIn(t)
  const { round } = await openExampleSurvey(app)
  const r = new Respondent(app)
  await r.open(await tokenOf(app, round.id, '0180'))
  await answerExample(r, '0180')

  const report = visibleText((await c.get('/admin/digitalisering/resultat/rapport')).body)
  t.notMatch(report, /internationella samarbeten/i, 'the report says nothing about international cooperation')
  t.match(report, /1\. Inledning och metod Enkäten öppnar/, 'the method opens with when the round ran')
  const docx = await app.inject({ method: 'GET', url: '/admin/digitalisering/resultat/rapport.docx', headers: { cookie: c.cookieHeader } })
  const xml = await (await JSZip.loadAsync(docx.rawPayload)).file('word/document.xml')!.async('string')
  t.notMatch(xml, /internationella samarbeten/i, 'nor does rapport.docx')
  t.match(xml, 'Enkäten öppnar')

  const items = visibleText((await c.get('/admin/digitalisering/partiellt-bortfall')).body)
  t.notMatch(items, /vänorter|partnerskap|Frågorna\s+visas/, 'no sentence about twin towns with an empty list of questions')
  t.match(items, 'Ingen fråga är obligatorisk, och tomt räknas aldrig som ”nej”.')
  const results = visibleText((await c.get('/admin/digitalisering/resultat')).body)
  t.notMatch(results, /vänortsregister/i, 'the results page offers no twin-town register')
  t.match(results, 'samma siffror som läsbara blad och fritext')

  // The first survey keeps its own wording.
  const first = visibleText((await c.get('/admin/internationella-samarbeten/resultat/rapport')).body)
  t.match(first, 'SKR frågar vartannat till vart tredje år kommuner och regioner om deras internationella samarbeten. Enkäten öppnar')
  t.match(visibleText((await c.get('/admin/internationella-samarbeten/partiellt-bortfall')).body), /Frågorna 6–9 visas för alla med vänorter eller partnerskap/)
  t.match(visibleText((await c.get('/admin/internationella-samarbeten/resultat')).body), 'läsbara blad, vänortsregister och fritext')
})

t.test('a survey whose file gives no mail texts starts with texts naming itself; the first survey keeps its own', async (t) => {
  const { app, c } = await loggedIn(t)
  const round = await surveyWithRound(app, 'utan-utskick', renamed({}, false))
  const title = 'Digitalisering i kommuner och regioner'
  for (const kind of ['invitation', 'reminder-1', 'reminder-2', 'reminder-3'] as const) {
    const template = await templateFor(app.db, round.id, kind)
    t.match(template.subject, title, `${kind}: the subject names the survey`)
    t.match(template.body, `”${title}”`, `${kind}: the body names the survey`)
    t.match(template.body, '{organisation}')
    t.notMatch(`${template.subject} ${template.body}`, /internationella samarbeten|vänort|partnerskap/i, `${kind}: none of the first survey's texts`)
  }
  t.match((await templateFor(app.db, round.id, 'invitation')).body, 'SKR) kartlägger hur kommuner och regioner arbetar med digitalisering', 'the invitation opens with the survey\'s description')
  const page = await c.get('/admin/utan-utskick/utskick/invitation')
  t.equal(page.statusCode, 200)
  t.match(page.body, `Enkät: ${title} – svar senast {deadline}`, 'the mailing page shows the survey\'s own subject')
  t.notMatch(page.body, /vänorter, kommunala partnerskap/)

  const first = await app.db.selectFrom('round as r').innerJoin('survey as s', 's.id', 'r.survey_id').select('r.id').where('s.slug', '=', 'internationella-samarbeten').executeTakeFirstOrThrow()
  t.same(await templateFor(app.db, first.id, 'invitation'), defaultTemplates.invitation, 'the first survey\'s invitation is unchanged')
})
