import type { Round } from '../survey/rounds.js'
import { roundState } from '../survey/rounds.js'
import { formatDate } from '../survey/clock.js'
import { checkReopen, closeRoundNow, reopenRound } from '../survey/round-dates.js'
import { prepareDatabase } from '../plugins/database.js'
import { cliActor, cliCurrentRound, type CliIo, type Command } from './types.js'

/**
 * Shows warnings about dates before anything is saved and asks to go on: --yes goes on, a terminal is asked, and
 * without either nothing is saved. True when there is nothing to warn about or the operator agreed.
 */
export async function confirmWarnings (io: CliIo, args: string[], warnings: string[], question = 'Spara ändå? (ja/nej) '): Promise<boolean> {
  if (warnings.length === 0) return true
  for (const w of warnings) io.out(`Observera: ${w}`)
  if (args.includes('--yes')) return true
  if (io.confirm !== null && await io.confirm(question)) return true
  io.err(io.confirm === null ? 'Ingenting sparades. Välj en vardag, eller bekräfta datumen med --yes.' : 'Ingenting sparades.')
  return false
}

async function openRound (db: Parameters<Command>[0], config: Parameters<Command>[1], io: CliIo, slug: string | null): Promise<Round | null> {
  await prepareDatabase(db, config, new Date())
  return await cliCurrentRound(db, slug, io)
}

/** round close and round reopen: the round's life from the command line, each audited like the admin's buttons. */
export const roundCommands: Record<string, Command> = {
  'round close': async (db, config, args, io, slug) => {
    const round = await openRound(db, config, io, slug)
    if (round === null) return 1
    if (roundState(round, new Date()) !== 'open') {
      io.err(roundState(round, new Date()) === 'closed' ? `Omgång ${round.name} är redan stängd.` : `Omgång ${round.name} har inte öppnat än; ändra datumen i stället (round set-dates).`)
      return 1
    }
    io.out(`Omgång ${round.name} stänger i dag i stället för ${formatDate(round.closes_on)}. Ingen kan svara efter det; inskickade svar finns kvar.`)
    if (!args.includes('--yes')) {
      if (io.confirm === null) { io.err('Ingenting ändrades. Bekräfta med --yes för att stänga omgången nu.'); return 1 }
      if (!(await io.confirm('Stäng omgången nu? (ja/nej) '))) { io.err('Ingenting ändrades.'); return 1 }
    }
    const closed = await closeRoundNow(db, round.id, cliActor(), new Date())
    if (!closed.ok) { io.err(closed.reason); return 1 }
    io.out(`Omgång ${round.name} är stängd.`)
    return 0
  },
  'round reopen': async (db, config, args, io, slug) => {
    const [closes] = args.filter((a) => !a.startsWith('--'))
    if (closes === undefined) { io.err('Ange den nya stängningsdagen: npm run survey -- round reopen <stänger> [--yes], till exempel 2027-04-12'); return 1 }
    const round = await openRound(db, config, io, slug)
    if (round === null) return 1
    const checked = checkReopen(round, closes, new Date())
    if (!checked.ok) { io.err(checked.problem); return 1 }
    if (!(await confirmWarnings(io, args, checked.warnings, 'Öppna omgången igen ändå? (ja/nej) '))) return 1
    const reopened = await reopenRound(db, round.id, checked.closes_on, cliActor(), new Date())
    if (!reopened.ok) { io.err(reopened.reason); return 1 }
    io.out(`Omgång ${round.name} är öppen igen och tar emot svar till och med ${formatDate(checked.closes_on)}.`)
    return 0
  }
}
