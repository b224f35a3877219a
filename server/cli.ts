import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { ConfigError, loadConfig, type Config } from './config.js'
import { migrateToLatest, openDatabase, type Db } from './db/database.js'
import { prepareDatabase } from './plugins/database.js'
import { activeLinks, linkKey, linkUrl, reissueLink, revokeLink } from './survey/links.js'
import { currentRound } from './survey/rounds.js'
import { toCsv } from './survey/csv.js'

const usage = `Användning: npm run survey -- <kommando>

  migrate                       uppdatera databasens schema
  links export <fil.csv>        skriv personliga länkar för aktuell omgång (KONFIDENTIELLT)
  links reissue <kod>           ersätt en organisations länk med en ny och skriv ut den
  links revoke <kod>            spärra en organisations länk
  round show                    visa aktuell omgång`

type Command = (db: Db, config: Config, args: string[]) => Promise<number>

const commands: Record<string, Command> = {
  migrate: async (db) => {
    const result = await migrateToLatest(db)
    const names = (result.results ?? []).map((r) => r.migrationName)
    console.log(names.length === 0 ? 'Databasen är redan uppdaterad.' : `Körde migreringar: ${names.join(', ')}`)
    return 0
  },
  'links export': async (db, config, [file]) => {
    if (file === undefined) return fail('Ange en fil: npm run survey -- links export links.csv')
    await prepareDatabase(db, config, new Date())
    const round = await currentRound(db)
    if (round === undefined) return fail('Det finns ingen enkätomgång.')
    const links = await activeLinks(db, linkKey(config.sessionSecret), round.id, config.publicUrl)
    const rows = links.map((l) => [l.code, l.name, l.kind === 'municipality' ? 'kommun' : 'region', l.url])
    writeFileSync(resolve(file), toCsv(['kod', 'namn', 'typ', 'lank'], rows), { mode: 0o600 })
    console.log(`Skrev ${links.length} länkar för omgång ${round.name} till ${file}.`)
    console.warn('VARNING: filen är konfidentiell. Var och en som har en länk kan svara för organisationen. Radera filen när den inte behövs.')
    return 0
  },
  'links reissue': async (db, config, [code]) => await changeLink(db, config, code, 'reissue'),
  'links revoke': async (db, config, [code]) => await changeLink(db, config, code, 'revoke'),
  'round show': async (db) => {
    const round = await currentRound(db)
    if (round === undefined) return fail('Det finns ingen enkätomgång.')
    console.log(`Omgång ${round.name}: öppnar ${round.opens_on}, sista svarsdag ${round.deadline_on}, stänger ${round.closes_on}`)
    return 0
  }
}

async function changeLink (db: Db, config: Config, code: string | undefined, action: 'reissue' | 'revoke'): Promise<number> {
  if (code === undefined) return fail('Ange organisationens kod (kommunkod eller länskod).')
  await prepareDatabase(db, config, new Date())
  const round = await currentRound(db)
  const org = await db.selectFrom('organisation').select(['id', 'name']).where('code', '=', code).executeTakeFirst()
  if (round === undefined || org === undefined) return fail(`Ingen organisation har koden ${code}.`)
  if (action === 'revoke') {
    const revoked = await revokeLink(db, round.id, org.id, new Date())
    console.log(revoked ? `Länken för ${org.name} är spärrad.` : `${org.name} hade ingen aktiv länk.`)
    return 0
  }
  const token = await reissueLink(db, linkKey(config.sessionSecret), round.id, org.id, new Date())
  console.log(`Ny länk för ${org.name} (den gamla fungerar inte längre):\n${linkUrl(config.publicUrl, token)}`)
  return 0
}

function fail (message: string): number {
  console.error(message)
  return 1
}

/** Runs one CLI command and returns the process exit code. */
export async function runCli (argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const two = argv.slice(0, 2).join(' ')
  const name = commands[two] !== undefined ? two : argv[0]
  const command = name === undefined ? undefined : commands[name]
  if (command === undefined) {
    console.error(usage)
    return argv.length === 0 || argv[0] === 'help' ? 0 : 2
  }
  let config: Config
  try {
    config = loadConfig(env)
  } catch (err) {
    if (err instanceof ConfigError) return fail(err.message)
    throw err
  }
  const db = openDatabase(config.databasePath)
  try {
    return await command(db, config, argv.slice(name.split(' ').length))
  } finally {
    await db.destroy()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await runCli(process.argv.slice(2))
}
