import fp from 'fastify-plugin'
import type { Config } from '../config.js'
import { migrateToLatest, openDatabase, type Database, type Db } from '../db/database.js'
import { loadReferenceData } from '../db/reference-data.js'
import { ensureLinks, linkKey } from '../survey/links.js'
import { checkLinkKey } from '../survey/server-state.js'
import { freezeRoundQuestionnaires } from '../survey/round-questionnaire.js'
import { ensureFirstRound } from '../survey/rounds.js'
import { ensureTallies } from '../survey/tallies.js'
import { ensureRegisterSnapshots } from '../results/register-snapshot.js'

declare module 'fastify' {
  interface FastifyInstance {
    db: Database
    linkKey: Buffer
    config: Config
  }
}

/** Opens the database, migrates it, loads reference data and makes sure a round with links exists. */
export const databasePlugin = fp(async (app, opts: { config: Config }) => {
  const db = openDatabase(opts.config.databasePath)
  app.addHook('onClose', async () => { await db.destroy() })
  await prepareDatabase(db, opts.config, new Date())
  app.decorate('db', db)
  app.decorate('linkKey', linkKey(opts.config.sessionSecret))
  app.decorate('config', opts.config)
}, { name: 'database' })

/** Everything a fresh or old database needs before use; safe to run at every start. */
export async function prepareDatabase (db: Db, config: Config, now: Date): Promise<void> {
  await migrateToLatest(db)
  await checkLinkKey(db, linkKey(config.sessionSecret))
  await loadReferenceData(db)
  // Rounds made before questionnaire versions were stored keep the 2018 questionnaire they were answered with.
  await freezeRoundQuestionnaires(db, now)
  const round = await ensureFirstRound(db, now)
  await ensureLinks(db, linkKey(config.sessionSecret), round.id, now)
  // Counts of submitted answers are made again when the questionnaire or the classification changed (or after the migration that introduced them).
  await ensureTallies(db)
  // Rounds published before publications were copies get their copy now; the register never reads live answers.
  await ensureRegisterSnapshots(db, now)
}
