import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Config } from '../config.js'
import { writePrivateFile } from '../files.js'
import type { Db } from '../db/database.js'
import { prepareDatabase } from '../plugins/database.js'
import { toCsv } from '../survey/csv.js'
import { activeLinks, linkKey, linkUrl, reissueLink, revokeLink } from '../survey/links.js'
import { currentRound } from '../survey/rounds.js'
import type { CliIo, Command } from './types.js'

/** links export | reissue | revoke, and round show. */
export const linkCommands: Record<string, Command> = {
  'links export': async (db, config, args, io) => {
    const file = args.find((a) => !a.startsWith('--'))
    if (file === undefined) return fail(io, 'Ange en fil: npm run survey -- links export links.csv [--force]')
    if (existsSync(resolve(file)) && !args.includes('--force')) return fail(io, `Filen ${file} finns redan. Välj ett nytt namn, eller skriv över den med --force.`)
    await prepareDatabase(db, config, new Date())
    const round = await currentRound(db)
    if (round === undefined) return fail(io, 'Det finns ingen enkätomgång.')
    const links = await activeLinks(db, linkKey(config.sessionSecret), round.id, config.publicUrl)
    const rows = links.map((l) => [l.code, l.name, l.kind === 'municipality' ? 'kommun' : 'region', l.url])
    writePrivateFile(resolve(file), toCsv(['kod', 'namn', 'typ', 'lank'], rows))
    io.out(`Skrev ${links.length} länkar för omgång ${round.name} till ${file}.`)
    io.err('VARNING: filen är konfidentiell. Var och en som har en länk kan svara för organisationen. Radera filen när den inte behövs.')
    return 0
  },
  'links reissue': async (db, config, [code], io) => await changeLink(db, config, code, 'reissue', io),
  'links revoke': async (db, config, [code], io) => await changeLink(db, config, code, 'revoke', io),
  'round show': async (db, _config, _args, io) => {
    const round = await currentRound(db)
    if (round === undefined) return fail(io, 'Det finns ingen enkätomgång.')
    io.out(`Omgång ${round.name}: öppnar ${round.opens_on}, sista svarsdag ${round.deadline_on}, stänger ${round.closes_on}`)
    return 0
  }
}

async function changeLink (db: Db, config: Config, code: string | undefined, action: 'reissue' | 'revoke', io: CliIo): Promise<number> {
  if (code === undefined) return fail(io, 'Ange organisationens kod (kommunkod eller länskod).')
  await prepareDatabase(db, config, new Date())
  const round = await currentRound(db)
  const org = await db.selectFrom('organisation').select(['id', 'name']).where('code', '=', code).executeTakeFirst()
  if (round === undefined || org === undefined) return fail(io, `Ingen organisation har koden ${code}.`)
  if (action === 'revoke') {
    const revoked = await revokeLink(db, round.id, org.id, new Date())
    io.out(revoked ? `Länken för ${org.name} är spärrad.` : `${org.name} hade ingen aktiv länk.`)
    return 0
  }
  const token = await reissueLink(db, linkKey(config.sessionSecret), round.id, org.id, new Date())
  io.out(`Ny länk för ${org.name} (den gamla fungerar inte längre):\n${linkUrl(config.publicUrl, token)}`)
  return 0
}

/** Prints a message to standard error and returns exit code 1. */
export function fail (io: CliIo, message: string): number {
  io.err(message)
  return 1
}
