import { rmSync } from 'node:fs'
import { addAdmin } from './admin/accounts.js'
import { buildApp } from './app.js'
import { ConfigError, loadConfig } from './config.js'
import { mailingKinds } from './mail/mailings.js'
import { fillSyntheticRound } from './results/synthetic.js'
import { addDays } from './survey/clock.js'
import { requireCurrentRound } from './survey/rounds.js'

const DEMO_PASSWORD = 'demo-losenord-2018'

/** `npm run demo`: a fresh demo database (data/demo/) with a round shaped like the 2018 report; the real database is never opened. */
async function main (): Promise<void> {
  let config: ReturnType<typeof loadConfig>
  try {
    config = loadConfig({ ...process.env, DATABASE_PATH: 'data/demo/survey.db', MAIL_OUTBOX_DIR: 'data/demo/outbox', PORT: process.env.PORT ?? '3001', PUBLIC_URL: process.env.PUBLIC_URL ?? `http://localhost:${process.env.PORT ?? '3001'}` })
  } catch (err) {
    if (err instanceof ConfigError) { console.error(err.message); process.exit(1) }
    throw err
  }
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${config.databasePath}${suffix}`, { force: true })
  const app = await buildApp(config)
  const round = await requireCurrentRound(app.db)
  const opens = '2018-02-12'
  await app.db.updateTable('round').set({ name: '2018', opens_on: opens, deadline_on: '2018-03-16', closes_on: '2018-04-13' }).where('id', '=', round.id).execute()
  const spread = [0, 0, 1, 1, 2, 3, 4, 7, 14, 14, 15, 16, 21, 22, 23, 28, 29, 30, 31, 35]
  await fillSyntheticRound(app.db, round.id, { at: (i) => new Date(`${addDays(opens, spread[(i * 7) % spread.length] ?? 0)}T${String(8 + (i % 9)).padStart(2, '0')}:15:00Z`) })
  // One contact per organisation and the four mailings as they went out: the invitation to all, each reminder to
  // those that had not submitted by then, so the mailing pages show their real counts.
  const orgs = await app.db.selectFrom('organisation as o').leftJoin('response as r', (j) => j.onRef('r.organisation_id', '=', 'o.id').on('r.round_id', '=', round.id))
    .select(['o.id', 'o.code', 'o.name', 'r.submitted_at']).orderBy('o.id').execute()
  const created = `${opens}T07:00:00.000Z`
  for (const o of orgs) {
    await app.db.insertInto('contact').values({ organisation_id: o.id, email: `registrator.${o.code}@demo.example`, name: `Registrator, ${o.name}`, created_at: created, updated_at: created }).execute()
  }
  const contacts = new Map((await app.db.selectFrom('contact').select(['id', 'organisation_id', 'email', 'name']).execute()).map((c) => [c.organisation_id, c]))
  const mailingDays = [opens, '2018-02-26', '2018-03-07', '2018-03-14']
  for (const [i, kind] of mailingKinds.entries()) {
    const at = new Date(`${mailingDays[i]}T08:00:00Z`).toISOString()
    const { id } = await app.db.insertInto('mailing').values({ round_id: round.id, kind, status: 'done', queued_at: at, finished_at: at, created_at: at }).returning('id').executeTakeFirstOrThrow()
    const to = orgs.filter((o) => kind === 'invitation' || o.submitted_at === null || o.submitted_at > at)
    for (const o of to) {
      const c = contacts.get(o.id)
      if (c === undefined) continue
      await app.db.insertInto('outbox_message').values({
        mailing_id: id, contact_id: c.id, organisation_id: o.id, to_address: c.email, to_name: c.name, message_id: `<demo-${id}-${o.id}@demo.example>`,
        status: 'sent', next_attempt_at: at, sent_at: at, created_at: at, smtp_response: '250 2.0.0 OK (demo)'
      }).execute()
    }
  }
  await addAdmin(app.db, 'demo@skr.se', DEMO_PASSWORD, new Date())
  process.once('SIGTERM', () => { void app.close().then(() => process.exit(0)) })
  process.once('SIGINT', () => { void app.close().then(() => process.exit(0)) })
  await app.listen({ port: config.port, host: config.host })
  console.log(`\nDemo: ${config.publicUrl}/admin\n  e-post:   demo@skr.se\n  lösenord: ${DEMO_PASSWORD}\nDemodatabasen ligger i data/demo/ och skapas om vid varje start; den riktiga databasen rörs inte.\n`)
}

await main()
