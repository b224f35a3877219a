import { rmSync } from 'node:fs'
import { addAdmin } from './admin/accounts.js'
import { buildApp } from './app.js'
import { ConfigError, loadConfig } from './config.js'
import { prepareDemoSeason } from './demo-season.js'

const DEMO_PASSWORD = 'demo-losenord-2018'

/** `npm run demo`: a fresh demo database (data/demo/) with a closed round shaped like the 2018 report and an open one whose links it prints; the real database is never opened. */
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
  const links = await prepareDemoSeason(app.db, app.linkKey, config.publicUrl, new Date())
  await addAdmin(app.db, 'demo@skr.se', DEMO_PASSWORD, new Date())
  process.once('SIGTERM', () => { void app.close().then(() => process.exit(0)) })
  process.once('SIGINT', () => { void app.close().then(() => process.exit(0)) })
  await app.listen({ port: config.port, host: config.host })
  console.log(`\nDemo: ${config.publicUrl}/admin\n  e-post:   demo@skr.se\n  lösenord: ${DEMO_PASSWORD}\nOmgång 2018 är stängd och har svaren; omgång ${new Date().getFullYear()} är öppen. Prova att svara med de här personliga länkarna:`)
  for (const l of links) console.log(`  ${l.name}: ${l.url}`)
  console.log('Demodatabasen ligger i data/demo/ och skapas om vid varje start; den riktiga databasen rörs inte.\n')
}

await main()
