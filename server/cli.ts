import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { createInterface } from 'node:readline/promises'
import { ConfigError, loadConfig, type Config } from './config.js'
import { adminCommands } from './cli/admin.js'
import { linkCommands } from './cli/links.js'
import { mailCommands } from './cli/mail.js'
import { roundCommands } from './cli/rounds.js'
import { surveyCommands } from './cli/surveys.js'
import { type CliIo, cliActor, type Command } from './cli/types.js'
import { audit } from './admin/audit.js'
import { backupDatabase, migrateToLatest, openDatabase } from './db/database.js'

const usage = `Användning: npm run survey -- <kommando>

  migrate                               uppdatera databasens schema
  backup <fil>                          säkerhetskopiera databasen medan servern kör (kontrolleras med integrity_check)
  links export <fil.csv> [--force]      skriv personliga länkar för aktuell omgång (KONFIDENTIELLT, filen blir 0600)
  links reissue <kod>                   ersätt en organisations länk med en ny och skriv ut den
  links revoke <kod>                    spärra en organisations länk
  round show                            visa aktuell omgång
  privacy purge [--yes]                 radera personuppgifterna för en stängd omgång (visar först vad som raderas)
  privacy finish                        skriv om databasens filer efter en radering som en annan process hindrade
  round set-dates <öppnar> <sista-svarsdag> <stänger> [--yes]
                                        ändra en öppen eller kommande omgångs datum (ÅÅÅÅ-MM-DD); varnar för
                                        helger och helgdagar innan något sparas (--yes sparar ändå)
  round close [--yes]                   stäng omgången nu (stängningsdagen blir i dag)
  round reopen <stänger> [--yes]        öppna en stängd omgång igen till och med en ny stängningsdag
  round create <år> <öppnar> <sista-svarsdag> <stänger> [--kommungrupper=skl-2017] [--frageformular=FIL] [--samma-fraga=ID,…] [--yes]
                                        skapa nästa omgång (när den förra har stängt) med nya länkar
  contacts import <fil.csv>             importera kontakter (kod; e-post; namn) – allt eller inget
  mail preview <utskick> [kod]          visa mottagare och meddelandet för en organisation
  mail send <utskick> [--yes] [--override-interval]
                                        skicka invitation, reminder-1, reminder-2 eller reminder-3
  mail schedule <utskick> <ÅÅÅÅ-MM-DD>  planera ett utskick
  mail send-due                         starta planerade utskick och skicka det som väntar (för cron)
  mail status                           visa utskicken (svensk tid), pauser och nya försök
  mail retry <utskick>                  köa misslyckade meddelanden igen och häv en paus
  survey create <slug> <fil.json>       skapa en ny enkät från ett frågeformulär (slug: små bokstäver, siffror, bindestreck)
  survey list                           visa enkäterna med aktuell omgång

  Med flera enkäter anger --enkat=<slug> vilken enkät round-, links-, mail- och privacy-kommandona gäller.

  admin add <e-post> [--stdin]          skapa en administratör (lösenordet skapas och visas en gång, eller läses från stdin)
  admin reset-password <e-post> [--stdin]  sätt ett nytt lösenord`

const commands: Record<string, Command> = {
  migrate: async (db, _config, _args, io) => {
    const result = await migrateToLatest(db)
    const names = (result.results ?? []).map((r) => r.migrationName)
    io.out(names.length === 0 ? 'Databasen är redan uppdaterad.' : `Körde migreringar: ${names.join(', ')}`)
    return 0
  },
  backup: async (db, config, [file], io) => {
    if (file === undefined) { io.err('Ange en fil: npm run survey -- backup backup.db'); return 1 }
    if (existsSync(file)) { io.err(`Filen ${file} finns redan; välj ett nytt namn.`); return 1 }
    const result = await backupDatabase(config.databasePath, file)
    if (result.integrity !== 'ok') { io.err(`Kopian är skadad: ${result.integrity}`); return 1 }
    // A copy holds every answer and contact: who made one, and where, is in the log.
    await audit(db, cliActor(), 'backup', `${resolve(file)} (${result.responses} svar)`)
    io.out(`Säkerhetskopia skriven till ${file} (integrity_check: ok, ${result.responses} svar).`)
    return 0
  },
  ...linkCommands,
  ...roundCommands,
  ...surveyCommands,
  ...mailCommands,
  ...adminCommands
}

/** Standard output and error, and a yes/no prompt only when a person sits at a terminal. */
export const consoleIo: CliIo = {
  out: (line) => { console.log(line) },
  err: (line) => { console.error(line) },
  confirm: process.stdin.isTTY === true
    ? async (question) => {
      const rl = createInterface({ input: process.stdin, output: process.stdout })
      try {
        return /^(j|ja|y|yes)$/i.test((await rl.question(question)).trim())
      } finally {
        rl.close()
      }
    }
    : null
}

/** Runs one CLI command and returns the process exit code. */
export async function runCli (argv: string[], env: NodeJS.ProcessEnv = process.env, io: CliIo = consoleIo): Promise<number> {
  const two = argv.slice(0, 2).join(' ')
  const name = commands[two] !== undefined ? two : argv[0]
  const command = name === undefined ? undefined : commands[name]
  if (command === undefined || name === undefined) {
    io.err(usage)
    return argv.length === 0 || argv[0] === 'help' ? 0 : 2
  }
  let config: Config
  try {
    config = loadConfig(env)
  } catch (err) {
    if (err instanceof ConfigError) {
      io.err(err.message)
      return 1
    }
    throw err
  }
  const db = openDatabase(config.databasePath)
  const args = argv.slice(name.split(' ').length)
  const survey = args.find((a) => a.startsWith('--enkat='))?.slice('--enkat='.length) ?? null
  try {
    return await command(db, config, args.filter((a) => !a.startsWith('--enkat=')), io, survey)
  } catch (err) {
    if (err instanceof ConfigError) {
      io.err(err.message)
      return 1
    }
    throw err
  } finally {
    await db.destroy()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.umask(0o077)
  process.exitCode = await runCli(process.argv.slice(2))
}
