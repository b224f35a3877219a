// One contact address from configuration (CONTACT_EMAIL, else the address in MAIL_FROM) on every page and e-mail
// that names one; no view holds an address of its own.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { loadConfig } from '../../server/config.js'
import { startMailing } from '../../server/mail/mailings.js'
import { deliverDue } from '../../server/mail/sender.js'
import { fileTransport } from '../../server/mail/transport.js'
import { senderOptions } from '../../server/mail/worker.js'
import { fromRoot } from '../../server/paths.js'
import { addDays, swedishDate } from '../../server/survey/clock.js'
import { createRound } from '../../server/survey/new-round.js'
import { requireCurrentRound } from '../../server/survey/rounds.js'
import { buildTestApp, tempDir, testEnv } from '../helpers/app.js'
import { addContacts } from '../helpers/mail.js'
import { AdminClient, createAdmin } from '../helpers/admin.js'

const contact = 'enkatfragor@region.example'
const mailto = `<a href="mailto:${contact}">${contact}</a>`

t.test('CONTACT_EMAIL is the address on the home, accessibility, privacy, invalid-link and old-link pages', async (t) => {
  const { app, tokenFor } = await buildTestApp(t, { env: { CONTACT_EMAIL: contact } })
  const oldToken = await tokenFor('0180')
  const pages: Array<[string, number]> = [['/', 200], ['/tillganglighet', 200], ['/personuppgifter', 200], [`/s/${'A'.repeat(43)}`, 404]]
  const first = await requireCurrentRound(app.db)
  const today = swedishDate(new Date())
  await app.db.updateTable('round').set({ opens_on: addDays(today, -60), deadline_on: addDays(today, -40), closes_on: addDays(today, -30) }).where('id', '=', first.id).execute()
  await createRound(app.db, app.linkKey, { name: String(Number(first.name) + 1), opens_on: today, deadline_on: addDays(today, 20), closes_on: addDays(today, 40), classification: 'skl-2017' }, 'test', new Date())
  pages.push([`/s/${oldToken}`, 410])
  for (const [url, status] of pages) {
    const res = await app.inject({ method: 'GET', url })
    t.equal(res.statusCode, status, url)
    t.match(res.body, mailto, `${url} names CONTACT_EMAIL`)
    t.notMatch(res.body, 'enkat@skr.se', `${url} names no other address`)
  }
})

t.test('e-mails name CONTACT_EMAIL in the text and as Reply-To; the admin preview shows the same', async (t) => {
  const { app, config } = await buildTestApp(t, { env: { CONTACT_EMAIL: contact } })
  await addContacts(app, [['0180', 'anna@stockholm.se']])
  await startMailing(app.db, await requireCurrentRound(app.db), 'invitation', new Date(), false)
  const report = await deliverDue(app.db, fileTransport(config.outboxDir), senderOptions(config, app.linkKey))
  t.equal(report.sent, 1)
  const eml = readFileSync(join(config.outboxDir, readdirSync(config.outboxDir).find((f) => f.endsWith('.eml'))!), 'utf8')
  t.match(eml, new RegExp(`^Reply-To: ${contact}`, 'm'))
  t.match(eml, `skriv till ${contact}`)
  t.notMatch(eml.slice(eml.indexOf('\r\n\r\n')), 'enkat@skr.se', 'the sender (MAIL_FROM) only in From')
  await createAdmin(app)
  const admin = new AdminClient(app)
  await admin.login()
  const preview = await admin.get('/admin/utskick/invitation')
  t.match(preview.body, contact)
})

t.test('without CONTACT_EMAIL the address comes from MAIL_FROM; a MAIL_FROM without one asks for CONTACT_EMAIL', async (t) => {
  const dir = tempDir(t)
  t.equal(loadConfig(testEnv(dir, { MAIL_FROM: 'SKR Enkäter <enkater@skr.example>' })).contactEmail, 'enkater@skr.example')
  t.equal(loadConfig(testEnv(dir, { MAIL_FROM: 'enkater@skr.example' })).contactEmail, 'enkater@skr.example')
  t.equal(loadConfig(testEnv(dir)).contactEmail, 'enkat@skr.se', 'the default MAIL_FROM')
  t.throws(() => loadConfig(testEnv(dir, { MAIL_FROM: 'SKR' })), /CONTACT_EMAIL: required because MAIL_FROM \(SKR\) holds no e-mail address/)
  t.throws(() => loadConfig(testEnv(dir, { CONTACT_EMAIL: 'inte en adress' })), /CONTACT_EMAIL/)
})

t.test('no view writes an e-mail address of its own', async (t) => {
  const found: string[] = []
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name)
      if (e.isDirectory()) walk(path)
      else for (const m of readFileSync(path, 'utf8').matchAll(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g)) found.push(`${path}: ${m[0]}`)
    }
  }
  walk(fromRoot('views'))
  t.same(found, [], 'addresses come from configuration (CONTACT_EMAIL, DPO_CONTACT)')
})
