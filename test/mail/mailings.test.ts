import t, { type Test } from 'tap'
import { mailingNames, previewMailing, startMailing } from '../../server/mail/mailings.js'
import { currentRound, type Round } from '../../server/survey/rounds.js'
import { buildTestApp } from '../helpers/app.js'
import { addContacts, deliver, linkPath } from '../helpers/mail.js'
import { Respondent, submitFromReview } from '../helpers/respondent.js'
import { startSmtp } from '../helpers/smtp.js'
import { runCli } from '../../server/cli.js'
import type { CliIo } from '../../server/cli/types.js'

const contacts: Array<[string, string, string?]> = [
  ['0180', 'anna@stockholm.se', 'Anna'],
  ['0180', 'bo@stockholm.se'],
  ['1480', 'eva@goteborg.se', 'Eva'],
  ['1280', 'olle@malmo.se', 'Olle'],
  ['14', 'kansli@vgregion.se']
]

async function setup (t: Test) {
  const smtp = await startSmtp(t)
  const ctx = await buildTestApp(t, { env: { SMTP_URL: smtp.url } })
  await addContacts(ctx.app, contacts)
  const round = (await currentRound(ctx.app.db)) as Round
  const backdate = async (kind: string, days: number): Promise<void> => {
    await ctx.app.db.updateTable('mailing').set({ queued_at: new Date(Date.now() - days * 86400_000).toISOString() }).where('kind', '=', kind as 'invitation').execute()
  }
  return { ...ctx, smtp, round, backdate }
}

t.test('the invitation reaches every active contact once; reminder 1 only those who have not submitted', async (t) => {
  const { app, config, smtp, round, backdate, tokenFor } = await setup(t)
  await app.db.updateTable('contact').set({ active: 0 }).where('email', '=', 'bo@stockholm.se').execute()
  t.same(await previewMailing(app.db, round.id, 'invitation'), { organisations: 4, addresses: 4 })
  const started = await startMailing(app.db, round, 'invitation', new Date(), false)
  t.ok(started.ok)
  const report = await deliver(app, config, smtp.url)
  t.equal(report.sent, 4)
  t.same(smtp.received.map((m) => m.to[0]).sort(), ['anna@stockholm.se', 'eva@goteborg.se', 'kansli@vgregion.se', 'olle@malmo.se'])
  t.equal(new Set(smtp.received.map((m) => m.messageId)).size, 4, 'distinct message ids')
  const again = await startMailing(app.db, round, 'invitation', new Date(), false)
  t.notOk(again.ok, 'the invitation cannot go out twice')
  t.equal((await deliver(app, config, smtp.url)).sent, 0)

  const anna = smtp.received.find((m) => m.to[0] === 'anna@stockholm.se')!
  t.match(anna.subject, 'Enkät')
  t.match(anna.text, 'Enkäten gäller: Stockholm')
  const path = linkPath(anna.text)
  t.ok(path, 'the message carries the personal link')
  const r = new Respondent(app)
  const opened = await r.open(path!.slice(3))
  t.equal(opened.statusCode, 303, 'the link in the e-mail opens the form')
  t.match((await r.get('/enkat')).body, 'Svarar för: <strong>Stockholm</strong>')

  const goteborg = new Respondent(app)
  await goteborg.open(await tokenFor('1480'))
  await submitFromReview(goteborg)

  const early = await startMailing(app.db, round, 'reminder-1', new Date(), false)
  t.notOk(early.ok, 'minimum interval enforced')
  if (!early.ok) t.match(early.reason, 'minst 7 dagar')
  await backdate('invitation', 8)
  smtp.received.length = 0
  t.same(await previewMailing(app.db, round.id, 'reminder-1'), { organisations: 3, addresses: 3 })
  t.ok((await startMailing(app.db, round, 'reminder-1', new Date(), false)).ok)
  await deliver(app, config, smtp.url)
  t.same(smtp.received.map((m) => m.to[0]).sort(), ['anna@stockholm.se', 'kansli@vgregion.se', 'olle@malmo.se'], 'not Göteborg, which answered')
  t.match(smtp.received[0]!.subject, 'Påminnelse')
})

t.test('reminders go in order, at most three; a fourth is refused', async (t) => {
  const { app, round, backdate, dir } = await setup(t)
  const r2 = await startMailing(app.db, round, 'reminder-2', new Date(), true)
  t.notOk(r2.ok)
  if (!r2.ok) t.match(r2.reason, 'när påminnelse 1 har skickats')
  t.ok((await startMailing(app.db, round, 'invitation', new Date(), false)).ok)
  const override = await startMailing(app.db, round, 'reminder-1', new Date(), true)
  t.ok(override.ok, 'an explicit override skips the interval')
  await backdate('reminder-1', 7)
  t.ok((await startMailing(app.db, round, 'reminder-2', new Date(), false)).ok, 'exactly seven days is enough')
  await backdate('reminder-2', 7)
  t.ok((await startMailing(app.db, round, 'reminder-3', new Date(), false)).ok)
  const lines: string[] = []
  const io: CliIo = { out: (l) => { lines.push(l) }, err: (l) => { lines.push(l) }, confirm: null }
  await app.close()
  const env = { NODE_ENV: 'test', DATABASE_PATH: `${dir}/survey.db`, MAIL_OUTBOX_DIR: `${dir}/outbox`, PUBLIC_URL: 'http://enkat.test' }
  t.equal(await runCli(['mail', 'send', 'reminder-4', '--yes'], env, io), 1, 'non-zero exit')
  t.match(lines.join('\n'), 'Högst tre påminnelser')
  t.equal(await runCli(['mail', 'send', 'reminder-3', '--yes'], env, io), 1)
  t.match(lines.join('\n'), `${mailingNames['reminder-3']} har redan skickats`)
  t.equal(await runCli(['mail', 'send', 'invitation'], env, io), 1, 'no --yes and no terminal: nothing is sent')
  t.match(lines.join('\n'), 'Bekräfta med --yes')
})

t.test('an organisation that submits between queueing and sending gets no reminder', async (t) => {
  const { app, config, smtp, round, backdate, tokenFor } = await setup(t)
  await startMailing(app.db, round, 'invitation', new Date(), false)
  await deliver(app, config, smtp.url)
  await backdate('invitation', 10)
  t.ok((await startMailing(app.db, round, 'reminder-1', new Date(), false)).ok)
  const malmo = new Respondent(app)
  await malmo.open(await tokenFor('1280'))
  await submitFromReview(malmo)
  smtp.received.length = 0
  const report = await deliver(app, config, smtp.url)
  t.equal(report.cancelled, 1)
  t.notOk(smtp.received.some((m) => m.to.includes('olle@malmo.se')), 'Malmö got no reminder')
  t.equal(smtp.received.length, 4)
  const row = await app.db.selectFrom('outbox_message').selectAll().where('to_address', '=', 'olle@malmo.se').where('status', '=', 'cancelled').executeTakeFirstOrThrow()
  t.match(row.last_error, 'redan svarat')
})

t.test('SMTP 4xx is retried and delivered; 5xx fails and is listed; a server that is down is waited for', async (t) => {
  const { app, config, smtp, round } = await setup(t)
  smtp.reject = { mode: 'temporary', only: new Set(['eva@goteborg.se']) }
  await startMailing(app.db, round, 'invitation', new Date(), false)
  let report = await deliver(app, config, smtp.url, { retryBaseMs: 1 })
  t.equal(report.sent, 4)
  t.ok(report.retried >= 1, 'the 451 was retried')
  const evaStatus = async (): Promise<string> => (await app.db.selectFrom('outbox_message').select('status').where('to_address', '=', 'eva@goteborg.se').executeTakeFirstOrThrow()).status
  for (let i = 0; i < 50 && await evaStatus() === 'queued'; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20))
    await deliver(app, config, smtp.url, { retryBaseMs: 1 })
  }
  const eva = await app.db.selectFrom('outbox_message').selectAll().where('to_address', '=', 'eva@goteborg.se').executeTakeFirstOrThrow()
  t.equal(eva.status, 'failed', 'still refused after the last attempt')
  t.equal(eva.attempts, 5, 'after exactly the maximum number of attempts')
  smtp.reject = { mode: 'none' }
  await app.db.updateTable('outbox_message').set({ status: 'queued', attempts: 0 }).where('id', '=', eva.id).execute()
  smtp.reject = { mode: 'temporary', only: new Set(['eva@goteborg.se']) }
  const transient = deliver(app, config, smtp.url, { retryBaseMs: 30, maxAttempts: 10 })
  setTimeout(() => { smtp.reject = { mode: 'none' } }, 50)
  report = await transient
  while ((await app.db.selectFrom('outbox_message').select('status').where('id', '=', eva.id).executeTakeFirstOrThrow()).status === 'queued') {
    await new Promise((resolve) => setTimeout(resolve, 40))
    await deliver(app, config, smtp.url, { retryBaseMs: 30, maxAttempts: 10 })
  }
  t.equal((await app.db.selectFrom('outbox_message').select('status').where('id', '=', eva.id).executeTakeFirstOrThrow()).status, 'sent', '4xx then delivered')
  t.ok(smtp.received.some((m) => m.to.includes('eva@goteborg.se')))
})

t.test('5xx is a permanent failure with its reason', async (t) => {
  const { app, config, smtp, round } = await setup(t)
  smtp.reject = { mode: 'permanent', only: new Set(['olle@malmo.se']) }
  await startMailing(app.db, round, 'invitation', new Date(), false)
  const report = await deliver(app, config, smtp.url)
  t.equal(report.failed, 1)
  t.equal(report.sent, 4)
  const olle = await app.db.selectFrom('outbox_message').selectAll().where('to_address', '=', 'olle@malmo.se').executeTakeFirstOrThrow()
  t.equal(olle.status, 'failed')
  t.equal(olle.attempts, 1, 'not retried')
  t.match(olle.last_error, '550')
  const mailing = await app.db.selectFrom('mailing').selectAll().executeTakeFirstOrThrow()
  t.equal(mailing.status, 'done')
})

t.test('server down: rows wait and go out when it is back', async (t) => {
  const { app, config, smtp, round } = await setup(t)
  await smtp.stop()
  await startMailing(app.db, round, 'invitation', new Date(), false)
  const down = await deliver(app, config, smtp.url, { retryBaseMs: 1, maxAttempts: 100 })
  t.equal(down.sent, 0)
  const waiting = await app.db.selectFrom('outbox_message').select(['status', 'last_error']).execute()
  t.ok(waiting.every((w) => w.status === 'queued'), 'all still queued')
  t.ok(waiting.every((w) => w.last_error !== null), 'with the connection error')
  await smtp.start()
  await new Promise((resolve) => setTimeout(resolve, 20))
  let sent = 0
  for (let i = 0; i < 20 && sent < 5; i++) {
    sent += (await deliver(app, config, smtp.url, { retryBaseMs: 1, maxAttempts: 100 })).sent
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  t.equal(sent, 5)
  t.equal(smtp.received.length, 5)
})

t.test('a contact name with CR/LF cannot add headers or recipients', async (t) => {
  const { app, config, smtp, round } = await setup(t)
  const org = await app.db.selectFrom('organisation').select('id').where('code', '=', '0114').executeTakeFirstOrThrow()
  const now = new Date().toISOString()
  await app.db.insertInto('contact').values({
    organisation_id: org.id, email: 'kontakt@upplandsvasby.se', name: 'Eva\r\nBcc: spy@evil.example\r\nX-Injected: yes', created_at: now, updated_at: now
  }).execute()
  await startMailing(app.db, round, 'invitation', new Date(), false)
  await deliver(app, config, smtp.url)
  const msg = smtp.received.find((m) => m.to.includes('kontakt@upplandsvasby.se'))!
  t.same(msg.to, ['kontakt@upplandsvasby.se'], 'one recipient only')
  t.notOk(smtp.received.some((m) => m.to.includes('spy@evil.example')))
  t.notMatch(msg.raw, /^Bcc:/im)
  t.notMatch(msg.raw, /^X-Injected:/im)
})

t.test('the admin sees failed messages with the reason on the mailing page', async (t) => {
  const { app, config, smtp, round } = await setup(t)
  smtp.reject = { mode: 'permanent', only: new Set(['olle@malmo.se']) }
  await startMailing(app.db, round, 'invitation', new Date(), false)
  await deliver(app, config, smtp.url)
  const { createAdmin, AdminClient } = await import('../helpers/admin.js')
  await createAdmin(app)
  const c = new AdminClient(app)
  await c.login()
  const page = await c.get('/admin/utskick/invitation')
  t.match(page.body, 'Misslyckade: <strong>1</strong>')
  t.match(page.body, /olle@malmo\.se<\/td><td>Misslyckat<\/td><td class="num">1<\/td><td>Mottagarens e-postserver nekade adressen\. <details class="tech"><summary>Teknisk information<\/summary><code>550 /, 'the reason in Swedish, the server\'s answer behind a disclosure')
  const org = await c.get('/admin/organisationer/1280')
  t.match(org.body, 'Misslyckat')
})
