import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { runCli } from '../../server/cli.js'
import { fromRoot } from '../../server/paths.js'
import { startMailing } from '../../server/mail/mailings.js'
import { deliverDue } from '../../server/mail/sender.js'
import { fileTransport } from '../../server/mail/transport.js'
import { computeFigures } from '../../server/results/figures.js'
import { reportChapters } from '../../server/results/report.js'
import { addDays, swedishDate } from '../../server/survey/clock.js'
import { requireCurrentRound } from '../../server/survey/rounds.js'
import { AdminClient, createAdmin } from '../helpers/admin.js'
import { buildTestApp, tempDir, testEnv } from '../helpers/app.js'
import { ADMIN_PAGES } from '../helpers/browser.js'
import { capture } from '../helpers/cli.js'
import { storeResponse } from '../helpers/fixtures.js'
import { addContacts } from '../helpers/mail.js'
import { multipartBody } from '../helpers/multipart.js'
import { Respondent } from '../helpers/respondent.js'

// Texts made from figures read right at the smallest counts, as in the first days of a season: nouns agree with
// their count ("1 kommun", "Av de 2 kommunerna"), nothing is said about nothing ("0 procent … har"), and an open
// round is written about as it stands so far. Checked on every page and mail the app produces for such a round.
const disagreeing: RegExp[] = [
  /\b1 kommuner\b/, /\b1 regioner\b/, /\b1 landsting\/regioner\b/, /\b1 organisationer\b/, /\b1 andra internationella\b/,
  /\bAv de 1\b/i, /\b1 vänorter\b/, /\b1 samarbeten\b/, /\b1 händelser\b/, /\b1 svar\w*er\b/, /\bAv de \d+ kommuner som\b/
]
const aboutNothing = /\b0 (%|procent)[^.]*\b(svarade|svarar|har|är)\b/

function visibleText (html: string): string {
  return html.replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/g, ' ').replace(/<[^>]+>/g, ' ').replace(/&nbsp;|&#160;/g, ' ').replace(/\s+/g, ' ')
}

function checkText (t: { notMatch: (a: string, b: RegExp, m: string) => void }, where: string, text: string): void {
  for (const p of disagreeing) t.notMatch(text, p, `${where}: ${p}`)
}

const twin = { partner: 'Åbo', country: 'FI', form: 'twin_town', activity: 'active' }
const interreg = { name: 'Interreg Baltic', kind: 'interreg', countries: ['FI'], activity: 'active' }

t.test('one kommun and one region answered, a round still open: every page and mail', async (t) => {
  const { app, config } = await buildTestApp(t)
  const round = await requireCurrentRound(app.db)
  await addContacts(app, [['0180', 'anna@stockholm.se', 'Anna'], ['1480', 'bo@goteborg.se'], ['12', 'region@skane.se']])
  await startMailing(app.db, round, 'invitation', new Date(), false, 'admin@skr.se')
  await deliverDue(app.db, fileTransport(config.outboxDir), { linkKey: app.linkKey, publicUrl: config.publicUrl, mailFrom: config.mailFrom })
  await storeResponse(app, '0180', { q01: 'yes', q02: 'yes', q04: [twin], q05: { selected: ['culture'], other: null }, q08: { selected: ['own_funds'], other: null }, q10: [interreg], q15: 'yes' }, new Date())
  await storeResponse(app, '12', { q01: 'no', q02: 'yes', q10: [interreg] }, new Date())
  await storeResponse(app, '1480', { q01: 'yes' }, null)

  const unprotected = reportChapters(await computeFigures(app.db, round.id), undefined, true).flatMap((c) => c.sentences)
  const sentences = unprotected.join(' ')
  checkText(t, 'report sentences', sentences)
  t.notMatch(sentences, aboutNothing, 'no sentence about a share of nothing')
  t.match(sentences, 'Hittills har 1 av 290 kommuner (under 1 procent) och 1 av 20 landsting/regioner (5 procent) besvarat enkäten.')
  t.match(sentences, '1 kommun (–) svarar att den har vänorter eller kommunala partnerskap, och att den har andra internationella samarbeten. 1 kommun har båda.')
  t.notMatch(sentences, 'saknar det', 'no kommun lacks engagement: that part is left out')
  t.match(sentences, 'Kommunerna och landstingen/regionerna har angett 1 vänort.')
  t.match(sentences, '2 andra internationella samarbeten har angetts. Vanligast är ”Interreg-projekt” (–).', 'a proper noun keeps its case')
  t.notMatch(sentences, 'aktivitetsgraden inte angetts', 'no sentence about the 0 rows without an activity')
  t.notMatch(sentences, /gör det inte|kan inte bedöma/, 'the answers nobody gave are left out')

  await createAdmin(app)
  const c = new AdminClient(app)
  await c.login()
  for (const [url] of [...ADMIN_PAGES, ['/admin/utskick/invitation'], ['/admin/utskick/reminder-1'], ['/admin/organisationer/12']] as Array<[string]>) {
    const res = await c.get(url)
    t.equal(res.statusCode, 200, url)
    const text = visibleText(res.body)
    checkText(t, url, text)
    if (url === '/admin/resultat') t.match(text, 'Preliminära siffror. Omgång', 'the results of an open round are marked preliminary')
    if (url === '/admin/resultat/rapport') {
      t.notMatch(text, aboutNothing, 'report page: nothing about nothing')
      t.match(text, 'Internationella samarbeten 2026 (preliminär)'.replace('2026', round.name))
      t.match(text, 'Siffrorna är preliminära')
      t.notMatch(text, /den stängde/, 'an open round has not closed')
      t.notMatch(text, /\(0 procent\)/, 'a share of one in 290 is "under 1 procent", in the method as in the summary')
      t.match(text, 'Inledning och metod SKR frågar vartannat till vart tredje år kommuner och regioner om deras internationella samarbeten. Enkäten öppnar')
      t.match(text, 'Hittills har 1 av 290 kommuner (under 1 procent) och 1 av 20 landsting/regioner (5 procent) besvarat enkäten. Bortfall')
      t.notMatch(text, /besvarades av/, 'an open round is written about as it stands so far')
    }
  }
  checkText(t, 'publicering.csv', (await c.get('/admin/resultat/publicering.csv')).body)

  const r = new Respondent(app)
  const token = readdirSync(config.outboxDir).map((f) => readFileSync(join(config.outboxDir, f), 'utf8')).join('').match(/\/s\/([A-Za-z0-9_-]{20,})/)?.[1]
  t.ok(token, 'a link from a mail')
  await r.open(token as string)
  for (const url of ['/enkat', '/enkat/del/a', '/enkat/del/b', '/enkat/del/e', '/enkat/granska']) checkText(t, url, visibleText((await r.get(url)).body))

  for (const f of readdirSync(config.outboxDir).filter((x) => x.endsWith('.eml'))) {
    const body = readFileSync(join(config.outboxDir, f), 'utf8').split(/\r?\n\r?\n/).slice(1).join('\n').replace(/=\r?\n/g, '')
    checkText(t, `e-mail ${f}`, body)
  }
})

t.test('two kommuner without engagement in a closed round: definite plural, past tense', async (t) => {
  const { app } = await buildTestApp(t)
  const round = await requireCurrentRound(app.db)
  await storeResponse(app, '0180', { q01: 'no', q02: 'no', q03: { selected: ['not_prioritised'], other: null } }, new Date())
  await storeResponse(app, '1480', { q01: 'no', q02: 'no', q03: { selected: ['lack_of_time'], other: null } }, new Date())
  await storeResponse(app, '1280', { q01: 'yes', q02: 'no', q04: [twin, twin] }, new Date())
  const yesterday = addDays(swedishDate(new Date()), -1)
  await app.db.updateTable('round').set({ opens_on: addDays(yesterday, -30), deadline_on: addDays(yesterday, -5), closes_on: yesterday }).where('id', '=', round.id).execute()
  const sentences = reportChapters(await computeFigures(app.db, round.id)).flatMap((c) => c.sentences).join(' ')
  checkText(t, 'report sentences', sentences)
  t.notMatch(sentences, aboutNothing)
  t.match(sentences, 'Enkäten besvarades av 3 av 290 kommuner (1 procent) och ingen av de 20 landstingen/regionerna.')
  t.match(sentences, 'Av de 2 kommunerna som saknar internationellt engagemang besvarade 2 frågan om varför. 1 av dem (–) svarar att det inte är prioriterat i organisationen.')
  t.match(sentences, 'Kommunerna och landstingen/regionerna har angett 2 vänorter.')
  t.notMatch(sentences, 'Bland landstingen/regionerna', 'nothing about regions when none answered')

  await createAdmin(app)
  const c = new AdminClient(app)
  await c.login()
  const report = visibleText((await c.get('/admin/resultat/rapport')).body)
  checkText(t, 'report page', report)
  t.notMatch(report, aboutNothing)
  t.notMatch(report, '(preliminär)', 'a closed round is not preliminary')
  t.match(report, 'den stängde')
  t.notMatch(visibleText((await c.get('/admin/resultat')).body), 'Preliminära siffror', 'the results of a closed round are not preliminary')
})

t.test('result tables are headed by a short analytic label, the question as asked in the note; results.csv keeps its texts', async (t) => {
  const { app } = await buildTestApp(t)
  await storeResponse(app, '0180', { q01: 'yes', q02: 'no', q15: 'yes' }, new Date())
  await createAdmin(app)
  const c = new AdminClient(app)
  await c.login()
  const page = (await c.get('/admin/resultat')).body
  t.match(page, />Fråga 15\. Hinder i det internationella arbetet<\/h3>\s*<p class="hint">Frågan: ”Upplever organisationen hinder i sitt internationella arbete\?” Andel av de organisationer/)
  t.notMatch(page, /<h3[^>]*>Fråga \d+\. Upplever/, 'no heading repeats the respondent\'s wording')
  const csv = (await c.get('/admin/resultat/results.csv')).body
  t.match(csv, /\nq15,yes,kommuner,organisations,1,1,100\.0,Upplever organisationen hinder i sitt internationella arbete\?,Ja/, 'results.csv is unchanged')
})

t.test('a survey of one part with one question: the upload review, the version review and the command line count it in the singular', async (t) => {
  const dir = tempDir(t)
  const { app } = await buildTestApp(t, { dir })
  await createAdmin(app)
  const c = new AdminClient(app)
  await c.login()
  // biome-ignore lint/suspicious/noExplicitAny: a test cuts the example file down as loose JSON, as an operator would
  const file: Record<string, any> = JSON.parse(readFileSync(fromRoot('server', 'questionnaire', 'examples', 'digitalisering.json'), 'utf8'))
  file.begrepp = []
  file.delar = [{ ...file.delar[2], frågor: [file.delar[2].frågor[0]] }]
  file.resultatkapitel = [{ rubrik: 'Avslutning', flik: 'Avslutning', frågor: ['kommentar'] }]
  file.kontaktfråga = null
  const content = JSON.stringify(file)

  const form = await c.get('/admin/enkater/ny')
  const csrf = /name="_csrf" value="([^"]*)"/.exec(form.body)?.[1] ?? ''
  const upload = multipartBody({ _csrf: csrf, kortnamn: 'liten' }, { name: 'liten.json', type: 'application/json', content })
  const sent = await app.inject({ method: 'POST', url: '/admin/enkater/ny', payload: upload.payload, headers: { 'content-type': upload.contentType, cookie: c.cookieHeader } })
  t.equal(sent.statusCode, 303, sent.body.slice(0, 300))
  const review = await c.get(sent.headers.location as string)
  t.match(review.body, '<dd>2026: 1 del, 1 fråga</dd>', 'the upload review counts in the singular')

  const path = join(dir, 'liten.json')
  writeFileSync(path, content)
  const made = await capture(async (io) => await runCli(['survey', 'create', 'liten', path], testEnv(dir), io))
  t.equal(made.code, 0, made.text)
  t.match(made.out, 'är skapad med frågeformulär 2026: 1 fråga i 1 del.')
  t.notMatch(made.out, /\b1 (frågor|delar)\b/)

  const today = swedishDate(new Date())
  t.equal((await runCli(['round', 'create', '2026', today, addDays(today, 20), addDays(today, 40), '--enkat=liten', '--yes'], testEnv(dir), { out: () => {}, err: () => {}, confirm: null })), 0)
  const page = await c.get('/admin/liten/omgang/frageformular')
  const token = /name="_csrf" value="([^"]*)"/.exec(page.body)?.[1] ?? ''
  const next = multipartBody({ _csrf: token }, { name: 'nasta.json', type: 'application/json', content: JSON.stringify({ ...file, version: '2027' }) })
  const uploaded = await app.inject({ method: 'POST', url: '/admin/liten/omgang/frageformular', payload: next.payload, headers: { 'content-type': next.contentType, cookie: c.cookieHeader } })
  t.equal(uploaded.statusCode, 303, uploaded.body.slice(0, 300))
  const versionReview = await c.get(uploaded.headers.location as string)
  t.equal(versionReview.statusCode, 200)
  t.match(versionReview.body, '<dt>Innehåll</dt><dd>1 del, 1 fråga</dd>', 'the version review counts in the singular')
  t.notMatch(versionReview.body, 'Resultaten behöver frågor som saknas', 'a survey without a module reads no fixed question ids')
})
