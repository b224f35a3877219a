import { readdirSync } from 'node:fs'
import t from 'tap'
import { runCli } from '../../server/cli.js'
import { startMailing } from '../../server/mail/mailings.js'
import { deliverDue } from '../../server/mail/sender.js'
import { fileTransport } from '../../server/mail/transport.js'
import { addDays, swedishDate } from '../../server/survey/clock.js'
import { createRound } from '../../server/survey/new-round.js'
import { requireCurrentRound } from '../../server/survey/rounds.js'
import { buildTestApp, testEnv } from '../helpers/app.js'
import { capture } from '../helpers/cli.js'
import { addContacts } from '../helpers/mail.js'

t.test('purging an earlier round once the next one runs keeps the contacts, mail and log the new round uses', async (t) => {
  const { app, config, dir } = await buildTestApp(t)
  const send = async (): Promise<void> => {
    await startMailing(app.db, await requireCurrentRound(app.db), 'invitation', new Date(), false, 'admin@skr.se')
    await deliverDue(app.db, fileTransport(config.outboxDir), { linkKey: app.linkKey, publicUrl: config.publicUrl, mailFrom: config.mailFrom })
  }
  await addContacts(app, [['0180', 'anna@stockholm.se', 'Anna'], ['1480', 'bo@goteborg.se']])
  await send()
  const round1 = await requireCurrentRound(app.db)
  const today = swedishDate(new Date())
  await app.db.updateTable('round').set({ opens_on: addDays(today, -60), deadline_on: addDays(today, -40), closes_on: addDays(today, -30) }).where('id', '=', round1.id).execute()
  const round2 = await createRound(app.db, app.linkKey, { name: String(Number(round1.name) + 1), opens_on: addDays(today, -2), deadline_on: addDays(today, 20), closes_on: addDays(today, 40), classification: 'skl-2017' }, 'admin@skr.se', new Date())
  await send()
  const filesBefore = readdirSync(config.outboxDir).filter((f) => f.endsWith('.eml'))
  t.equal(filesBefore.length, 4, 'two invitations in each round')

  const purged = await capture(async (io) => await runCli(['privacy', 'purge', '--yes'], testEnv(dir), io))
  t.equal(purged.code, 0, purged.text)
  t.match(purged.out, `omgång ${round1.name}`, 'the CLI purges the closed earlier round, not the running one')
  t.match(purged.out, '0 kontakter')
  const contacts = await app.db.selectFrom('contact').select('email').orderBy('email').execute()
  t.same(contacts.map((c) => c.email), ['anna@stockholm.se', 'bo@goteborg.se'], 'the contacts of the running round stay')
  const addresses = await app.db.selectFrom('outbox_message as o').innerJoin('mailing as m', 'm.id', 'o.mailing_id').select(['m.round_id', 'o.to_address']).execute()
  t.same(addresses.filter((a) => a.round_id === round1.id).map((a) => a.to_address), ['[raderad]', '[raderad]'], 'round 1’s message addresses are gone')
  t.same(addresses.filter((a) => a.round_id === round2.id).map((a) => a.to_address).sort(), ['anna@stockholm.se', 'bo@goteborg.se'], 'round 2’s stay')
  const round2Ids = new Set((await app.db.selectFrom('outbox_message as o').innerJoin('mailing as m', 'm.id', 'o.mailing_id').select('o.id').where('m.round_id', '=', round2.id).execute()).map((r) => String(r.id)))
  const filesAfter = readdirSync(config.outboxDir).filter((f) => f.endsWith('.eml'))
  t.equal(filesAfter.length, 2)
  t.ok(filesAfter.every((f) => round2Ids.has(/-(\d+)\.eml$/.exec(f)?.[1] ?? '')), 'only round 2’s .eml files are left')
  t.ok((await app.db.selectFrom('round').select('purged_at').where('id', '=', round1.id).executeTakeFirstOrThrow()).purged_at)
})
