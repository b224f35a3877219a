import t from 'tap'
import { retryMailing, startMailing } from '../../server/mail/mailings.js'
import { currentRound } from '../../server/survey/rounds.js'
import { AdminClient, createAdmin } from '../helpers/admin.js'
import { buildTestApp } from '../helpers/app.js'
import { addContacts, deliver } from '../helpers/mail.js'
import { startSmtp } from '../helpers/smtp.js'

const contacts: Array<[string, string]> = [['0180', 'anna@stockholm.se'], ['1480', 'eva@goteborg.se'], ['1280', 'olle@malmo.se'], ['12', 'kansli@skane.se'], ['2584', 'kiruna@example.se']]
const pause = async (ms = 5): Promise<void> => { await new Promise((resolve) => setTimeout(resolve, ms)) }

t.test('a relay that refuses the sender (554 on MAIL FROM) pauses the mailing, fails nothing, and after the fix each message goes once', async (t) => {
  const smtp = await startSmtp(t)
  const { app, config } = await buildTestApp(t)
  await addContacts(app, contacts)
  await startMailing(app.db, (await currentRound(app.db))!, 'invitation', new Date(), false)
  smtp.refuseSender = true
  const refused = await deliver(app, config, smtp.url)
  t.equal(refused.sent, 0)
  t.equal(refused.failed, 0, 'nothing failed')
  t.equal(refused.paused.length, 1)
  t.match(refused.paused[0], { kind: 'invitation', severity: 'error', reason: /relay nekad/, detail: /554/ })
  const messages = await app.db.selectFrom('outbox_message').select(['status', 'attempts']).execute()
  t.ok(messages.every((m) => m.status === 'queued' && m.attempts === 0), 'every message still queued, no attempt used')
  const mailing = await app.db.selectFrom('mailing').selectAll().executeTakeFirstOrThrow()
  t.equal(mailing.status, 'queued', 'the mailing is not done')
  t.ok(mailing.paused_since !== null)
  t.match(mailing.pause_detail, 'Relay access denied')
  await createAdmin(app)
  const admin = new AdminClient(app)
  await admin.login()
  const overview = await admin.get('/admin')
  t.match(overview.body, 'Inbjudan är pausad sedan')
  t.match(overview.body, 'relay nekad')
  t.notMatch(overview.body.split('<details>')[0] ?? '', 'Relay access denied', 'the English answer only behind "Teknisk information"')
  const again = await deliver(app, config, smtp.url)
  t.equal(again.sent + again.paused.length, 1, 'while still refused, each run pauses again at once (only one message tried)')
  smtp.refuseSender = false
  await pause()
  const fixed = await deliver(app, config, smtp.url)
  t.equal(fixed.sent, 5)
  t.equal(smtp.received.length, 5)
  t.equal(new Set(smtp.received.map((m) => m.messageId)).size, 5, 'each message delivered once')
  const done = await app.db.selectFrom('mailing').selectAll().executeTakeFirstOrThrow()
  t.equal(done.status, 'done')
  t.equal(done.paused_since, null, 'the pause is lifted')
})

t.test('a wrong password (535 on AUTH) pauses the mailing too, and a fixed login delivers everything once', async (t) => {
  const smtp = await startSmtp(t)
  const { app, config } = await buildTestApp(t)
  await addContacts(app, contacts)
  await startMailing(app.db, (await currentRound(app.db))!, 'invitation', new Date(), false)
  const url = smtp.url.replace('smtp://', 'smtp://enkat:hemligt@')
  smtp.refuseLogin = true
  const refused = await deliver(app, config, url)
  t.equal(refused.failed, 0)
  t.match(refused.paused[0], { reason: /inloggningen/, detail: /535/ })
  t.ok((await app.db.selectFrom('outbox_message').select('status').execute()).every((m) => m.status === 'queued'))
  const notReady = await app.inject({ method: 'GET', url: '/readyz' })
  t.equal(notReady.statusCode, 503, '/readyz is not ready while the mailing is paused')
  t.match(notReady.json(), { status: 'unavailable', checks: { mail: /^paused: the invitation mailing since .*inloggningen.*SMTP_URL/ } })
  smtp.refuseLogin = false
  await createAdmin(app)
  const admin = new AdminClient(app)
  await admin.login()
  t.equal((await admin.postFrom('/admin/utskick/invitation', '/admin/utskick/invitation/forsok-igen', [])).statusCode, 303)
  const ready = await app.inject({ method: 'GET', url: '/readyz' })
  t.equal(ready.statusCode, 200, 'ready again after "Försök igen"')
  t.match(ready.json(), { checks: { mail: 'off' } })
  await pause()
  t.equal((await deliver(app, config, url)).sent, 5)
  t.equal(smtp.received.length, 5)
})

t.test('/readyz is not ready while messages wait more than 15 minutes past their time, or a schedule could not start', async (t) => {
  const { app } = await buildTestApp(t)
  await addContacts(app, contacts)
  const round = (await currentRound(app.db))!
  await startMailing(app.db, round, 'invitation', new Date(), false)
  t.equal((await app.inject({ method: 'GET', url: '/readyz' })).statusCode, 200, 'just queued: not overdue')
  await app.db.updateTable('outbox_message').set({ next_attempt_at: new Date(Date.now() - 16 * 60_000).toISOString() }).execute()
  const overdue = await app.inject({ method: 'GET', url: '/readyz' })
  t.equal(overdue.statusCode, 503)
  t.match(overdue.json(), { checks: { mail: 'overdue: 5 messages waiting more than 15 minutes past their time' } })
  await app.db.updateTable('outbox_message').set({ status: 'sent' }).execute()
  t.equal((await app.inject({ method: 'GET', url: '/readyz' })).statusCode, 200)
  await app.db.insertInto('mailing').values({ round_id: round.id, kind: 'reminder-1', status: 'scheduled', scheduled_for: '2026-01-05', schedule_error: 'Minst 7 dagar', created_at: new Date().toISOString() }).execute()
  const unstarted = await app.inject({ method: 'GET', url: '/readyz' })
  t.equal(unstarted.statusCode, 503)
  t.match(unstarted.json(), { checks: { mail: /^not started: the scheduled reminder-1 mailing \(Minst 7 dagar\)/ } })
})

t.test('"Försök igen": failed messages go back in the queue, audited, and are delivered', async (t) => {
  const smtp = await startSmtp(t)
  const { app, config } = await buildTestApp(t)
  await addContacts(app, contacts)
  const round = (await currentRound(app.db))!
  await startMailing(app.db, round, 'invitation', new Date(), false)
  smtp.reject = { mode: 'permanent', only: new Set(['olle@malmo.se']) }
  const first = await deliver(app, config, smtp.url)
  t.equal(first.failed, 1)
  const olle = await app.db.selectFrom('outbox_message').select(['status', 'last_error']).where('to_address', '=', 'olle@malmo.se').executeTakeFirstOrThrow()
  t.match(olle, { status: 'failed', last_error: /^Mottagarens e-postserver nekade adressen\. \(550 / })
  smtp.reject = { mode: 'none' }
  await createAdmin(app)
  const admin = new AdminClient(app)
  await admin.login()
  const page = await admin.get('/admin/utskick/invitation')
  t.match(page.body, 'Försök igen nu (också de 1 misslyckade)')
  const retried = await admin.postFrom('/admin/utskick/invitation', '/admin/utskick/invitation/forsok-igen', [])
  t.equal(retried.statusCode, 303)
  t.equal((await app.db.selectFrom('mailing').select('status').executeTakeFirstOrThrow()).status, 'queued')
  t.equal((await deliver(app, config, smtp.url)).sent, 1)
  t.equal(smtp.received.filter((m) => m.to.includes('olle@malmo.se')).length, 1)
  const entry = await app.db.selectFrom('audit_log').selectAll().where('action', '=', 'mailing_retried').executeTakeFirstOrThrow()
  t.match(entry, { actor: 'analytiker@skr.se', detail: 'Inbjudan: 1 misslyckade meddelanden köade igen' })
  t.equal(await retryMailing(app.db, round.id, 'invitation', 'x', new Date()), 0, 'nothing left to retry')
})
