import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { runCli } from '../../server/cli.js'
import { startMailing } from '../../server/mail/mailings.js'
import { deliverDue } from '../../server/mail/sender.js'
import { fileTransport } from '../../server/mail/transport.js'
import { purgeDueRounds } from '../../server/mail/worker.js'
import { addDays, swedishDate } from '../../server/survey/clock.js'
import { retentionDate } from '../../server/survey/privacy.js'
import { currentRound } from '../../server/survey/rounds.js'
import { AdminClient, createAdmin } from '../helpers/admin.js'
import { buildTestApp, testEnv } from '../helpers/app.js'
import { capture } from '../helpers/cli.js'
import { addContacts } from '../helpers/mail.js'
import { Respondent, submitFromReview } from '../helpers/respondent.js'

const addresses = ['anna.kontakt@stockholm.se', 'eva.kontakt@goteborg.se', 'olle.kontakt@malmo.se']
const q18 = { name: 'Qvintus Artonsson', title: 'Internationell strateg', email: 'qvintus.arton@kommun.se', phone: '070-181 81 81' }


t.test('privacy purge of a closed round: counts first, then no address or q18 answer left in the database files, results unchanged', async (t) => {
  const { app, config, dir, tokenFor } = await buildTestApp(t)
  await addContacts(app, [['0180', addresses[0]!, 'Anna Kontakt'], ['1480', addresses[1]!], ['1280', addresses[2]!]])
  const round = (await currentRound(app.db))!
  await startMailing(app.db, round, 'invitation', new Date(), false)
  await deliverDue(app.db, fileTransport(config.outboxDir), { linkKey: app.linkKey, publicUrl: config.publicUrl, mailFrom: config.mailFrom })
  t.equal(readdirSync(config.outboxDir).filter((f) => f.endsWith('.eml')).length, 3)
  for (const code of ['0180', '1480']) {
    const r = new Respondent(app)
    await r.open(await tokenFor(code))
    await r.saveSection('a', [['q01', 'no'], ['q02', 'no'], ['q03', 'lack_of_time']])
    await r.saveSection('e', [['q17', 'Ingen tid i år.'], ['q18.name', q18.name], ['q18.title', q18.title], ['q18.email', q18.email], ['q18.phone', q18.phone]])
    await submitFromReview(r)
  }
  await createAdmin(app)
  const admin = new AdminClient(app)
  await admin.login()
  const resultsBefore = (await admin.get('/admin/resultat/results.csv')).body
  const env = testEnv(dir)
  const open = await capture(async (io) => await runCli(['privacy', 'purge', '--yes'], env, io))
  t.equal(open.code, 1, 'an open round is not purged')
  t.match(open.text, 'är inte stängd än')
  const yesterday = addDays(swedishDate(new Date()), -1)
  await app.db.updateTable('round').set({ opens_on: addDays(yesterday, -60), deadline_on: addDays(yesterday, -30), closes_on: yesterday }).execute()
  const asked = await capture(async (io) => await runCli(['privacy', 'purge'], env, io))
  t.equal(asked.code, 1, 'without --yes nothing is deleted')
  t.match(asked.text, '3 kontakter (e-post och namn), 8 svar på fråga 18, 3 e-postadresser i utskicken, 3 e-postfiler')
  const purged = await capture(async (io) => await runCli(['privacy', 'purge', '--yes'], env, io))
  t.equal(purged.code, 0, purged.text)
  t.equal((await admin.get('/admin/resultat/results.csv')).body, resultsBefore, 'the aggregated results are identical')
  t.same(readdirSync(config.outboxDir).filter((f) => f.endsWith('.eml')), [], 'the .eml files are gone')
  for (const file of [config.databasePath, `${config.databasePath}-wal`]) {
    if (!existsSync(file)) continue
    const bytes = readFileSync(file).toString('latin1')
    for (const secret of [...addresses, q18.email, q18.name, q18.phone, 'Anna Kontakt']) t.notOk(bytes.includes(secret), `${secret} is not in ${file.split('/').pop()}`)
  }
  const entry = await app.db.selectFrom('audit_log').selectAll().where('action', '=', 'privacy_purged').executeTakeFirstOrThrow()
  t.match(entry.actor, /^cli:/)
  t.equal((await capture(async (io) => await runCli(['privacy', 'purge', '--yes'], env, io))).code, 1, 'a second purge is refused')
})

t.test('the retention date passes: the server deletes the data by itself; the privacy page states it', async (t) => {
  const { app } = await buildTestApp(t)
  await addContacts(app, [['0180', addresses[0]!]])
  const round = (await currentRound(app.db))!
  const page = await app.inject({ method: 'GET', url: '/personuppgifter' })
  t.match(page.body, 'allmänt intresse')
  t.match(page.body, 'Integritetsskyddsmyndigheten (IMY)')
  t.match(page.body, 'dataskyddsombud: dataskyddsombud@skr.se')
  t.match(page.body, `för omgång ${round.name} senast <strong>`)
  const logs: string[] = []
  const log = { info: (_o: object, m: string) => { logs.push(m) }, error: (_o: object, m: string) => { logs.push(m) } }
  await purgeDueRounds(app.db, app.config.outboxDir, new Date(), log)
  t.equal((await currentRound(app.db))!.purged_at, null, 'not before the round has closed and the year has passed')
  const after = new Date(`${addDays(retentionDate(round), 1)}T12:00:00Z`)
  await purgeDueRounds(app.db, app.config.outboxDir, after, log)
  t.ok((await currentRound(app.db))!.purged_at !== null)
  t.equal((await app.db.selectFrom('contact').select('email').executeTakeFirstOrThrow()).email.includes('@'), false)
  t.match(logs, [/deleted at its retention date/])
})

t.test('an admin erases one contact on request: its address is gone from the contact list and the sent messages', async (t) => {
  const { app, config } = await buildTestApp(t)
  await addContacts(app, [['0180', addresses[0]!, 'Anna Kontakt'], ['0180', 'kvar@stockholm.se']])
  await startMailing(app.db, (await currentRound(app.db))!, 'invitation', new Date(), false)
  await deliverDue(app.db, fileTransport(config.outboxDir), { linkKey: app.linkKey, publicUrl: config.publicUrl, mailFrom: config.mailFrom })
  await createAdmin(app)
  const admin = new AdminClient(app)
  await admin.login()
  const contact = await app.db.selectFrom('contact').select('id').where('email', '=', addresses[0]!).executeTakeFirstOrThrow()
  const res = await admin.postFrom('/admin/organisationer/0180', `/admin/organisationer/0180/kontakter/${contact.id}/radera`, [])
  t.equal(res.statusCode, 303)
  const page = await admin.get('/admin/organisationer/0180')
  t.notMatch(page.body, addresses[0]!)
  t.match(page.body, 'kvar@stockholm.se', 'the other contact stays')
  t.equal((await app.db.selectFrom('outbox_message').select('id').where('to_address', '=', addresses[0]!).execute()).length, 0)
  const files = readdirSync(config.outboxDir).filter((f) => f.endsWith('.eml'))
  t.ok(files.length > 0, 'the other contact\'s message is still in the outbox')
  t.same(files.filter((f) => readFileSync(join(config.outboxDir, f), 'utf8').includes(addresses[0]!)), [], 'no file in the outbox holds the erased address')
  t.notMatch(page.body, `/kontakter/${contact.id}"`, 'the erased contact has no row to activate or edit')
  const again = await admin.postFrom('/admin/organisationer/0180', `/admin/organisationer/0180/kontakter/${contact.id}`, [['action', 'activate']])
  t.equal(again.statusCode, 404, 'and cannot be activated again')
  t.equal((await app.db.selectFrom('contact').select('active').where('id', '=', contact.id).executeTakeFirstOrThrow()).active, 0)
  const entry = await app.db.selectFrom('audit_log').selectAll().where('action', '=', 'contact_erased').executeTakeFirstOrThrow()
  t.notMatch(entry.detail, '@', 'the log does not keep the address either')
  t.equal((await admin.post(`/admin/organisationer/0180/kontakter/999999/radera`, [])).statusCode, 403, 'a forged form is refused')
})
