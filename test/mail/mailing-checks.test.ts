import t from 'tap'
import { loggedIn } from '../helpers/admin.js'
import { addContacts } from '../helpers/mail.js'
import { startMailing } from '../../server/mail/mailings.js'
import { addDays, swedishDate } from '../../server/survey/clock.js'
import { currentRound, type Round } from '../../server/survey/rounds.js'

async function setup (t: Parameters<typeof loggedIn>[0]) {
  const ctx = await loggedIn(t)
  await addContacts(ctx.app, [['0180', 'anna@stockholm.se', 'Anna'], ['1480', 'eva@goteborg.se', 'Eva']])
  const today = swedishDate(new Date())
  const round = async (): Promise<Round> => (await currentRound(ctx.app.db))!
  const templates = async (): Promise<number> => (await ctx.app.db.selectFrom('mail_template').select('kind').execute()).length
  const mailing = async (kind: string) => await ctx.app.db.selectFrom('mailing').selectAll().where('kind', '=', kind as 'invitation').executeTakeFirst()
  return { ...ctx, today, round, templates, mailing }
}

t.test('a mail text with an unknown placeholder is refused, naming it and the allowed ones, with the text kept', async (t) => {
  const { c, templates } = await setup(t)
  const typo = await c.postFrom('/admin/utskick/invitation', '/admin/utskick/invitation/mall', [
    ['subject', 'Enkät till {Organisation} – svar senast {deadline}'], ['body', 'Hej!\n\nVi vill att {organisaton} svarar.']
  ])
  t.equal(typo.statusCode, 422)
  t.match(typo.body, 'Ämnesraden innehåller platshållaren {Organisation}, som inte finns.')
  t.match(typo.body, 'Texten innehåller platshållaren {organisaton}, som inte finns.')
  t.match(typo.body, 'Tillåtna är {organisation} (organisationens namn) och {deadline} (sista svarsdag).')
  t.match(typo.body, /id="subject-error"/, 'next to the field')
  t.match(typo.body, 'Vi vill att {organisaton} svarar.', 'what was typed is kept')
  t.equal(await templates(), 0, 'nothing saved')

  const two = await c.postFrom('/admin/utskick/invitation', '/admin/utskick/invitation/mall', [['subject', 'Enkät'], ['body', 'Hej {namn}, svara före { deadline }.']])
  t.match(two.body, 'platshållarna {namn}, { deadline }, som inte finns')

  const ok = await c.postFrom('/admin/utskick/invitation', '/admin/utskick/invitation/mall', [['subject', 'Enkät – svar senast {deadline}'], ['body', 'Hej {organisation}!']])
  t.equal(ok.statusCode, 303)
  t.equal(await templates(), 1)
})

t.test('once a mailing is sent its text is shown as sent and cannot be changed', async (t) => {
  const { app, c, round, templates } = await setup(t)
  const before = await c.get('/admin/utskick/invitation')
  t.match(before.body, 'Spara texten')
  const subject = /<strong>Ämne:<\/strong> ([^<]*)</.exec(before.body)?.[1]
  t.ok((await startMailing(app.db, await round(), 'invitation', new Date(), false)).ok)
  const after = await c.get('/admin/utskick/invitation')
  t.notMatch(after.body, 'Spara texten', 'the form is gone')
  t.notMatch(after.body, 'kan ändras')
  t.match(after.body, 'Utskicket har skickats med den här texten.')
  const csrf = /name="_csrf" value="([^"]*)"/.exec(after.body)?.[1] ?? ''
  const changed = await c.post('/admin/utskick/invitation/mall', [['_csrf', csrf], ['subject', 'Ett ämne som aldrig skickades'], ['body', 'Ny text']])
  t.equal(changed.statusCode, 409)
  t.match(changed.body, 'Inbjudan har redan skickats. Texten som skickades kan inte ändras i efterhand.')
  t.notMatch(changed.body, 'Ett ämne som aldrig skickades')
  t.equal(await templates(), 0, 'nothing saved')
  t.equal(/<strong>Ämne:<\/strong> ([^<]*)</.exec((await c.get('/admin/utskick/invitation')).body)?.[1], subject, 'the preview shows the subject that was sent')
})

t.test('an invitation before the round opens needs an explicit confirmation, and cannot be planned before it', async (t) => {
  const { app, c, today, mailing } = await setup(t)
  await app.db.updateTable('round').set({ opens_on: addDays(today, 3) }).execute()
  const page = await c.get('/admin/utskick/invitation')
  t.match(page.body, 'öppnar först')
  t.match(page.body, 'Skicka ändå, fast omgången inte har öppnat än.')
  const refused = await c.postFrom('/admin/utskick/invitation', '/admin/utskick/invitation/skicka', [['confirm', 'yes']])
  t.equal(refused.statusCode, 422)
  t.match(refused.body, /Omgång \d{4} öppnar först/)
  t.equal(await mailing('invitation'), undefined, 'nothing sent')

  const early = await c.postFrom('/admin/utskick/invitation', '/admin/utskick/invitation/planera', [['date', addDays(today, 2)], ['time', '09:00']])
  t.equal(early.statusCode, 422)
  t.match(early.body, 'Planera inbjudan till den dagen eller senare.')
  t.match(early.body, `value="${addDays(today, 2)}"`, 'the date typed is kept')
  t.equal(await mailing('invitation'), undefined, 'nothing planned')
  t.equal((await c.postFrom('/admin/utskick/invitation', '/admin/utskick/invitation/planera', [['date', addDays(today, 3)]])).statusCode, 303, 'the opening day is fine')
  await c.postFrom('/admin/utskick/invitation', '/admin/utskick/invitation/planera', [['action', 'remove']])

  const confirmed = await c.postFrom('/admin/utskick/invitation', '/admin/utskick/invitation/skicka', [['confirm', 'yes'], ['override', 'yes']])
  t.equal(confirmed.statusCode, 303)
  t.equal((await mailing('invitation'))?.status, 'queued')
  const entry = await app.db.selectFrom('audit_log').select('detail').where('action', '=', 'mailing_started').executeTakeFirstOrThrow()
  t.match(entry.detail, '(skickad före öppningsdagen)')
})

t.test('reminders are planned in order: each after the one before it', async (t) => {
  const { app, c, today, round, mailing } = await setup(t)
  const plan = async (kind: string, days: number) => await c.postFrom(`/admin/utskick/${kind}`, `/admin/utskick/${kind}/planera`, [['date', addDays(today, days)], ['time', '09:00']])
  const none = await plan('reminder-1', 8)
  t.equal(none.statusCode, 422)
  t.match(none.body, 'Planera eller skicka inbjudan först')
  t.ok((await startMailing(app.db, await round(), 'invitation', new Date(), false)).ok)
  t.equal((await plan('reminder-1', 8)).statusCode, 303)
  t.equal((await plan('reminder-2', 16)).statusCode, 303)
  const third = await plan('reminder-3', 12)
  t.equal(third.statusCode, 422)
  t.match(third.body, 'Påminnelse 2 är planerad till')
  t.match(third.body, 'Påminnelse 3 måste planeras till en senare tidpunkt.')
  t.equal(await mailing('reminder-3'), undefined, 'nothing planned')
  const sameDay = await c.postFrom('/admin/utskick/reminder-3', '/admin/utskick/reminder-3/planera', [['date', addDays(today, 16)], ['time', '08:00']])
  t.equal(sameDay.statusCode, 422, 'an earlier hour of the same day is before it too')
  t.equal((await plan('reminder-3', 20)).statusCode, 303)
  const moved = await plan('reminder-1', 17)
  t.equal(moved.statusCode, 422)
  t.match(moved.body, 'flytta påminnelse 2 först')
  t.equal((await mailing('reminder-1'))?.scheduled_for, addDays(today, 8), 'the plan is unchanged')
})

t.test('a planned date that is not in the calendar says so', async (t) => {
  const { c, mailing } = await setup(t)
  const year = Number(swedishDate(new Date()).slice(0, 4)) + 1
  const res = await c.postFrom('/admin/utskick/invitation', '/admin/utskick/invitation/planera', [['date', `${year}-02-30`], ['time', '09:00']])
  t.equal(res.statusCode, 422)
  t.match(res.body, `Datumet ${year}-02-30 finns inte i kalendern.`)
  t.notMatch(res.body, 'redan passerat')
  t.match(res.body, `value="${year}-02-30"`)
  t.equal(await mailing('invitation'), undefined)
})
