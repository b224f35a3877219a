import { rmSync } from 'node:fs'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { addAdmin } from './admin/accounts.js'
import { buildApp } from './app.js'
import { ConfigError, loadConfig } from './config.js'
import { prepareDemoExample } from './demo-example.js'
import { prepareDemoSeason } from './demo-season.js'

const DEMO_PASSWORD = 'demo-losenord-2018'

/**
 * Starts the demo on a fresh database in dataDir (its own folder: the real database is never opened), listening on
 * PORT (default 3001); returns the app and the lines to print: where to log in, personal links of the first survey's
 * open round, and one of the example survey's open round.
 */
export async function startDemo (env: NodeJS.ProcessEnv, dataDir: string, now: Date): Promise<{ app: FastifyInstance, lines: string[] }> {
  const port = env.PORT ?? '3001'
  const config = loadConfig({ ...env, DATABASE_PATH: join(dataDir, 'survey.db'), MAIL_OUTBOX_DIR: join(dataDir, 'outbox'), PORT: port, PUBLIC_URL: env.PUBLIC_URL ?? `http://localhost:${port}` })
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${config.databasePath}${suffix}`, { force: true })
  const app = await buildApp(config)
  const links = await prepareDemoSeason(app.db, app.linkKey, config.publicUrl, now)
  const example = await prepareDemoExample(app.db, app.linkKey, config.publicUrl, now)
  await addAdmin(app.db, 'demo@skr.se', DEMO_PASSWORD, now)
  await app.listen({ port: config.port, host: config.host })
  const lines = [
    '', `Demo: ${config.publicUrl}/admin`, '  e-post:   demo@skr.se', `  lösenord: ${DEMO_PASSWORD}`,
    `Internationella samarbeten: omgång 2018 är stängd och har svaren; omgång ${now.getFullYear()} är öppen. Prova att svara med de här personliga länkarna:`,
    ...links.map((l) => `  ${l.name}: ${l.url}`),
    `Enkäten ${example.survey.title} (${config.publicUrl}/admin/${example.survey.slug}) har också en öppen omgång, där några kommuner och regioner har svarat. Prova med en kommun som inte har svarat:`,
    `  ${example.link.name}: ${example.link.url}`,
    `Demodatabasen ligger i ${dataDir}/ och skapas om vid varje start; den riktiga databasen rörs inte.`, ''
  ]
  return { app, lines }
}

/** `npm run demo`: the demo in data/demo/, stopped cleanly by SIGTERM or Ctrl-C. */
async function main (): Promise<void> {
  try {
    const { app, lines } = await startDemo(process.env, 'data/demo', new Date())
    process.once('SIGTERM', () => { void app.close().then(() => process.exit(0)) })
    process.once('SIGINT', () => { void app.close().then(() => process.exit(0)) })
    console.log(lines.join('\n'))
  } catch (err) {
    if (err instanceof ConfigError) { console.error(err.message); process.exit(1) }
    throw err
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main()
