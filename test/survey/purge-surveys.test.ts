import t from 'tap'
import { audit } from '../../server/admin/audit.js'
import { importContacts } from '../../server/mail/contacts.js'
import { purgePersonalData, purgePreview } from '../../server/survey/privacy.js'
import type { Round } from '../../server/survey/rounds.js'
import { buildTestApp } from '../helpers/app.js'
import { openExampleSurvey } from '../helpers/surveys.js'

// Two surveys: a purge of one survey's round deletes that survey's own contacts and the log details of its time,
// and keeps what the other survey's still open round uses (the shared contacts, its own contacts).
const row = (email: string) => [{ line: 2, code: '0180', email, name: 'Namn' }]

t.test('purging a survey\'s last round anonymises its own contacts, keeps shared and other surveys\' ones, and the preview agrees', async (t) => {
  const { app, config } = await buildTestApp(t)
  const { survey, round, first } = await openExampleSurvey(app)
  t.ok(first.created_at < round.created_at, 'the first survey\'s round, open and kept, was made before the purged one')
  const firstSurvey = { id: first.survey_id, title: 'Internationella samarbeten' }
  const ok = async (r: Promise<unknown>) => t.match(await r, { ok: true })
  await ok(importContacts(app.db, row('delad@stockholm.se'), new Date(), 'test', null))
  await ok(importContacts(app.db, row('digi@stockholm.se'), new Date(), 'test', survey))
  await ok(importContacts(app.db, row('intl@stockholm.se'), new Date(), 'test', firstSurvey))
  await audit(app.db, 'admin@skr.se', 'contact_added', 'Stockholm: digi@stockholm.se')
  await app.db.updateTable('round').set({ opens_on: '2023-11-01', deadline_on: '2023-12-01', closes_on: '2024-01-01' }).where('id', '=', round.id).execute()
  const closed = await app.db.selectFrom('round').selectAll().where('id', '=', round.id).executeTakeFirstOrThrow() as Round

  const preview = await purgePreview(app.db, closed, config.outboxDir)
  t.equal(preview.contacts, 1, 'only the survey\'s own contact')
  t.ok(preview.auditDetails >= 1, 'the log details since the round was made, not only those before the other survey\'s round')
  const done = await purgePersonalData(app.db, closed, config.outboxDir, 'test', new Date())
  t.match(done, { contacts: preview.contacts, auditDetails: preview.auditDetails })

  const left = await app.db.selectFrom('contact').select(['email', 'survey_id', 'active']).orderBy('id').execute()
  t.equal(left.length, 3)
  t.match(left[1], { email: /^raderad-\d+$/, active: 0, survey_id: survey.id })
  t.match(left[0], { email: 'delad@stockholm.se', active: 1 }, 'the shared contact stays: the first survey\'s round needs it')
  t.match(left[2], { email: 'intl@stockholm.se', active: 1 }, 'another survey\'s own contact is never this purge\'s')
  const logged = await app.db.selectFrom('audit_log').select(['action', 'detail']).where('action', 'in', ['contact_added', 'contacts_imported']).execute()
  t.notMatch(JSON.stringify(logged), 'digi@stockholm.se', 'the address logged after the other survey\'s older round began is gone')
})

t.test('the shared contacts go with the last purge of a round that needs them', async (t) => {
  const { app, config } = await buildTestApp(t)
  const { survey, round, first } = await openExampleSurvey(app)
  await importContacts(app.db, row('delad@stockholm.se'), new Date(), 'test', null)
  await importContacts(app.db, row('digi@stockholm.se'), new Date(), 'test', survey)
  // The digitalisation round is closed and purged; then the first survey's round, with nothing else left, takes the shared one.
  await app.db.updateTable('round').set({ opens_on: '2023-11-01', deadline_on: '2023-12-01', closes_on: '2024-01-01' }).where('id', 'in', [round.id, first.id]).execute()
  const rounds = await app.db.selectFrom('round').selectAll().orderBy('id').execute() as Round[]
  const digiRound = rounds.find((r) => r.id === round.id) as Round
  const firstRound = rounds.find((r) => r.id === first.id) as Round
  t.equal((await purgePreview(app.db, firstRound, config.outboxDir)).contacts, 0, 'the first survey\'s purge keeps the shared contact while the other survey\'s round is kept')
  t.match(await purgePersonalData(app.db, digiRound, config.outboxDir, 'test', new Date()), { contacts: 1 })
  t.equal((await purgePreview(app.db, firstRound, config.outboxDir)).contacts, 1)
  t.match(await purgePersonalData(app.db, firstRound, config.outboxDir, 'test', new Date()), { contacts: 1 })
  t.same((await app.db.selectFrom('contact').select('email').where('email', 'like', '%@%').execute()), [], 'every address is gone')
})
