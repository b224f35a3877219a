import t from 'tap'
import { loggedIn } from '../helpers/admin.js'
import { addContacts } from '../helpers/mail.js'
import { Respondent } from '../helpers/respondent.js'
import { answerExample, openExampleSurvey, tokenOf } from '../helpers/surveys.js'
import { importContacts, organisationCodes, parseContactsCsv } from '../../server/mail/contacts.js'
import { startMailing } from '../../server/mail/mailings.js'
import { publishRegister } from '../../server/results/public-register.js'

const TITLE = 'Digitalisering i kommuner och regioner'

t.test('the audit log names the survey an event concerns, and knows "survey created"', async (t) => {
  const { app, c } = await loggedIn(t)
  const { round, first } = await openExampleSurvey(app)
  await addContacts(app, [['0180', 'anna@stockholm.se', 'Anna']])
  t.ok((await startMailing(app.db, round, 'invitation', new Date(), false, 'analytiker@skr.se')).ok)
  t.ok((await startMailing(app.db, first, 'invitation', new Date(), false, 'analytiker@skr.se')).ok)
  const r = new Respondent(app)
  await r.open(await tokenOf(app, round.id, '0180'))
  await answerExample(r, '0180')
  t.equal((await r.saveSection('avslutning', [['kommentar', 'Ändrat efteråt']])).statusCode, 303)

  const log = await c.get('/admin/logg')
  t.equal(log.statusCode, 200)
  t.match(log.body, '<th scope="col">Enkät</th>')
  t.match(log.body, `<td>Ny enkät skapad</td><td>${TITLE}</td>`)
  t.notMatch(log.body, '>survey_created<', 'no English code shown')
  t.match(log.body, `<td>Ny omgång skapad</td><td>${TITLE}</td>`)
  t.match(log.body, `<td>Utskick startat</td><td>${TITLE}</td>`)
  t.match(log.body, '<td>Utskick startat</td><td>Internationella samarbeten</td>', 'each mailing names its own survey')
  t.match(log.body, '<td>Inloggning</td><td>–</td>', 'a login concerns no survey')
  t.match(log.body, new RegExp(`<td>${TITLE}</td><td><a href="/admin/digitalisering/organisationer/0180#handelser">Stockholm</a>`), 'a change after submission names its survey and links into it')
  t.match(log.body, /#handelser">Stockholm<\/a><\/td><td>C \([^)<]+\)<\/td>/, 'and names the part by its letter and title')
  t.notMatch(log.body, '<td>AVSLUTNING</td>', 'not by its id')

  const created = await c.get('/admin/logg?handelse=survey_created')
  t.match(created.body, '<option value="survey_created" selected>Ny enkät skapad</option>', 'in the filter')
  t.match(created.body, /<p>1 händelse\b/, 'the filter is applied')
  const csv = await c.get('/admin/logg.csv?handelse=mailing_started')
  const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n')
  t.equal(lines.length, 3)
  t.same(lines.slice(1).map((l) => l.split(',').at(-1)).sort(), [TITLE, 'Internationella samarbeten'])
})

t.test('a date filter that is not a date says so next to the field', async (t) => {
  const { c } = await loggedIn(t)
  const bad = await c.get('/admin/logg?fran=2026-13-01&till=igår')
  t.equal(bad.statusCode, 200)
  t.match(bad.body, 'Från: 2026-13-01 finns inte i kalendern. Filtret används inte.')
  t.match(bad.body, 'Till: skriv datumet som ÅÅÅÅ-MM-DD')
  t.match(bad.body, 'id="fran-error"')
  t.match(bad.body, 'value="2026-13-01"', 'what was typed is kept')
  t.notMatch(bad.body, /<p>0 händelser/, 'the log is not filtered to nothing')
  const ok = await c.get('/admin/logg?fran=2026-02-28')
  t.notMatch(ok.body, 'field-error')
})

t.test('a survey\'s own contacts import, a purge and the register name their survey in the log', async (t) => {
  const { app } = await loggedIn(t)
  const { survey, first } = await openExampleSurvey(app)
  const parsed = parseContactsCsv(Buffer.from('kod;e-post\n0180;digi@stockholm.se\n'), await organisationCodes(app.db))
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems))
  t.ok((await importContacts(app.db, parsed.rows, new Date(), 'admin@skr.se', { id: survey.id, title: survey.title })).ok)
  await app.db.updateTable('round').set({ opens_on: '2025-01-02', deadline_on: '2025-02-01', closes_on: '2025-03-01' }).where('id', '=', first.id).execute()
  const closed = await app.db.selectFrom('round').selectAll().where('id', '=', first.id).executeTakeFirstOrThrow()
  t.same(await publishRegister(app.db, closed, 'analytiker@skr.se', new Date()), { ok: true })
  const entries = await app.db.selectFrom('audit_log').select(['action', 'survey_id']).where('action', 'in', ['contacts_imported', 'register_published']).execute()
  t.same(Object.fromEntries(entries.map((e) => [e.action, e.survey_id])), { contacts_imported: survey.id, register_published: first.survey_id }, 'each names its survey')
})
