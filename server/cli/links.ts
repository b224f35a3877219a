import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Config } from '../config.js'
import { writePrivateFile } from '../files.js'
import { audit } from '../admin/audit.js'
import type { Db } from '../db/database.js'
import { prepareDatabase } from '../plugins/database.js'
import { toCsv } from '../survey/csv.js'
import { activeLinks, linkKey, linkUrl, reissueLink, revokeLink } from '../survey/links.js'
import { roundQuestionnaire } from '../survey/round-questionnaire.js'
import { serverState } from '../survey/server-state.js'
import { currentRound, previousUnpurgedRound, type Round, roundState } from '../survey/rounds.js'
import { formatDate, formatTime } from '../survey/clock.js'
import { finishPurge, purgePersonalData, purgePreview, retentionDate, unfinishedPurgeText } from '../survey/privacy.js'
import { checkRoundDates, roundDateWarnings, setRoundDates } from '../survey/round-dates.js'
import { confirmWarnings } from './rounds.js'
import { checkNewRound, checkVersion, createRound, RoundExists } from '../survey/new-round.js'
import { classificationOf } from '../reference/classifications.js'
import { cliActor, cliCurrentRound, type CliIo, cliSurveyId, type Command } from './types.js'
import { questionnaireText } from '../questionnaire/questionnaire.js'

/** links export | reissue | revoke, and round show. */
export const linkCommands: Record<string, Command> = {
  'links export': async (db, config, args, io, slug) => {
    const file = args.find((a) => !a.startsWith('--'))
    if (file === undefined) return fail(io, 'Ange en fil: npm run survey -- links export links.csv [--force]')
    if (existsSync(resolve(file)) && !args.includes('--force')) return fail(io, `Filen ${file} finns redan. Välj ett nytt namn, eller skriv över den med --force.`)
    await prepareDatabase(db, config, new Date())
    const round = await cliCurrentRound(db, slug, io)
    if (round === null) return 1
    const links = await activeLinks(db, linkKey(config.sessionSecret), round.id, await linkBase(db, config, io))
    const rows = links.map((l) => [l.code, l.name, l.kind === 'municipality' ? 'kommun' : 'region', l.url])
    writePrivateFile(resolve(file), toCsv(['kod', 'namn', 'typ', 'lank'], rows))
    await audit(db, cliActor(), 'links_exported', `${links.length} länkar för omgång ${round.name} till ${resolve(file)}`, new Date(), { roundId: round.id })
    io.out(`Skrev ${links.length} länkar för omgång ${round.name} till ${file}.`)
    io.err('VARNING: filen är konfidentiell. Var och en som har en länk kan svara för organisationen. Radera filen när den inte behövs.')
    return 0
  },
  'links reissue': async (db, config, [code], io, slug) => await changeLink(db, config, code, 'reissue', io, slug),
  'links revoke': async (db, config, [code], io, slug) => await changeLink(db, config, code, 'revoke', io, slug),
  'round show': async (db, _config, _args, io, slug) => {
    const round = await cliCurrentRound(db, slug, io)
    if (round === null) return 1
    io.out(`Omgång ${round.name}: öppnar ${formatDate(round.opens_on)}, sista svarsdag ${formatDate(round.deadline_on)}, stänger ${formatDate(round.closes_on)}`)
    for (const w of roundDateWarnings(round)) io.out(`Observera: ${w}`)
    return 0
  },
  'privacy purge': async (db, config, args, io, slug) => {
    await prepareDatabase(db, config, new Date())
    // The survey's current round, or once a next round is under way, the latest earlier round whose data is still kept.
    const current = await cliCurrentRound(db, slug, io)
    if (current === null) return 1
    const round = roundState(current, new Date()) === 'closed' && current.purged_at === null ? current : await previousUnpurgedRound(db, current) ?? current
    if (round.purged_at !== null) return fail(io, `Personuppgifterna för omgång ${round.name} raderades redan ${formatTime(round.purged_at)}.`)
    const c = await purgePreview(db, round, config.outboxDir)
    io.out(`Radering av personuppgifter för omgång ${round.name} (stängde ${formatDate(round.closes_on)}; senast ${formatDate(retentionDate(round))} enligt personuppgiftssidan):`)
    io.out(`  ${c.contacts} kontakter (e-post och namn), ${c.contactAnswers} svar på ${(await roundQuestionnaire(db, round.id)).contactNaming()?.question ?? 'kontaktfrågan'}, ${c.outboxAddresses} e-postadresser i utskicken, ${c.emlFiles} e-postfiler, ${c.auditDetails} loggdetaljer.`)
    io.out('  Resultaten (alla andra svar) påverkas inte. Raderingen går inte att ångra.')
    if (!args.includes('--yes')) {
      if (io.confirm === null) return fail(io, 'Bekräfta med --yes för att radera.')
      if (!(await io.confirm('Radera nu? (ja/nej) '))) return fail(io, 'Ingenting raderades.')
    }
    const done = await purgePersonalData(db, round, config.outboxDir, cliActor(), new Date())
    if ('refused' in done) return fail(io, done.refused)
    if (!done.finished) return fail(io, unfinishedPurgeText(done))
    io.out('Raderat, även ur databasens filer.')
    return 0
  },
  'privacy finish': async (db, config, _args, io) => {
    await prepareDatabase(db, config, new Date())
    const done = await finishPurge(db)
    if (!done.finished) return fail(io, unfinishedPurgeText(done))
    io.out('Databasens filer är omskrivna: inga kopior av raderade uppgifter finns kvar i dem.')
    return 0
  },
  'round set-dates': async (db, config, args, io, slug) => {
    const [opens, deadline, closes] = args.filter((a) => !a.startsWith('--'))
    if (closes === undefined) return fail(io, 'Ange tre datum: npm run survey -- round set-dates <öppnar> <sista-svarsdag> <stänger>, till exempel 2027-02-01 2027-03-01 2027-03-29')
    await prepareDatabase(db, config, new Date())
    const round = await cliCurrentRound(db, slug, io)
    if (round === null) return 1
    const checked = checkRoundDates({ opens_on: opens, deadline_on: deadline, closes_on: closes }, new Date(), round)
    if (!checked.ok) return fail(io, checked.problems.map((p) => p.message).join('\n'))
    if (roundState(round, new Date()) === 'closed') return fail(io, `Omgång ${round.name} är stängd. Datumen kan inte ändras på en stängd omgång; öppna den igen med round reopen <stänger>.`)
    if (!(await confirmWarnings(io, args, checked.warnings))) return 1
    const saved = await setRoundDates(db, round.id, checked.dates, cliActor(), new Date())
    if (!saved.ok) return fail(io, saved.reason)
    io.out(`Omgång ${round.name}: öppnar ${formatDate(checked.dates.opens_on)}, sista svarsdag ${formatDate(checked.dates.deadline_on)}, stänger ${formatDate(checked.dates.closes_on)}.`)
    return 0
  },
  'round create': async (db, config, args, io, slug) => {
    const [name, opens, deadline, closes] = args.filter((a) => !a.startsWith('--'))
    if (closes === undefined) return fail(io, 'Ange år och tre datum: npm run survey -- round create <år> <öppnar> <sista-svarsdag> <stänger> [--kommungrupper=skl-2017] [--frageformular=FIL] [--samma-fraga=ID,…], till exempel 2027 2027-02-01 2027-03-01 2027-03-29')
    const option = (name: string): string | undefined => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3)
    const classification = option('kommungrupper') ?? 'skl-2017'
    const file = option('frageformular')
    let questionnaire: string | undefined
    if (file !== undefined) {
      const path = resolve(file)
      if (!existsSync(path)) return fail(io, `Frågeformuläret ${path} finns inte.`)
      questionnaire = questionnaireText(readFileSync(path))
    }
    const now = new Date()
    await prepareDatabase(db, config, now)
    const surveyId = await cliSurveyId(db, slug, io)
    if (surveyId === null) return 1
    const input = { name: name ?? '', opens_on: opens ?? '', deadline_on: deadline ?? '', closes_on: closes, classification, questionnaire, sameQuestion: (option('samma-fraga') ?? '').split(',').filter((x) => x !== ''), surveyId }
    const checked = await checkNewRound(db, input, now)
    if (!checked.ok) {
      const changes = file === undefined ? [] : (await checkVersion(db, questionnaire ?? '', await currentRound(db, surveyId), input.sameQuestion, surveyId)).changes
      return fail(io, [...checked.problems.map((p) => p.message), ...(changes.length > 0 ? ['Ändringar mot förra omgångens frågeformulär:', ...changes.map((c) => `  ${c}`)] : [])].join('\n'))
    }
    if (!(await confirmWarnings(io, args, checked.warnings, 'Skapa omgången ändå? (ja/nej) '))) return 1
    let round: Round
    try {
      round = await createRound(db, linkKey(config.sessionSecret), { ...input, ...checked.dates }, cliActor(), now)
    } catch (err) {
      if (err instanceof RoundExists) return fail(io, err.message)
      throw err
    }
    io.out(`Omgång ${round.name} är skapad: öppnar ${formatDate(round.opens_on)}, sista svarsdag ${formatDate(round.deadline_on)}, stänger ${formatDate(round.closes_on)}.`)
    if (checked.changes.length > 0) io.out(['Ändringar mot förra omgångens frågeformulär:', ...checked.changes.map((c) => `  ${c}`)].join('\n'))
    io.out(`Kommungrupper: ${classificationOf(round.classification).name}. Varje organisation har fått en ny personlig länk; de gamla länkarna visar en sida om den nya omgången.`)
    io.out('Nästa steg: skicka inbjudan för den nya omgången under Utskick i administrationen (eller med kommandot mail send).')
    return 0
  }
}

async function changeLink (db: Db, config: Config, code: string | undefined, action: 'reissue' | 'revoke', io: CliIo, slug: string | null): Promise<number> {
  if (code === undefined) return fail(io, 'Ange organisationens kod (kommunkod eller länskod).')
  await prepareDatabase(db, config, new Date())
  const round = await cliCurrentRound(db, slug, io)
  if (round === null) return 1
  const org = await db.selectFrom('organisation').select(['id', 'name']).where('code', '=', code).executeTakeFirst()
  if (org === undefined) return fail(io, `Ingen organisation har koden ${code}.`)
  if (action === 'revoke') {
    const revoked = await revokeLink(db, round.id, org.id, new Date(), { actor: cliActor(), detail: org.name })
    io.out(revoked ? `Länken för ${org.name} är spärrad.` : `${org.name} hade ingen aktiv länk.`)
    return 0
  }
  const token = await reissueLink(db, linkKey(config.sessionSecret), round.id, org.id, new Date(), { actor: cliActor(), detail: `${org.name} (den nya länken visades på kommandoraden)` })
  io.out(`Ny länk för ${org.name} (den gamla fungerar inte längre):\n${linkUrl(await linkBase(db, config, io), token)}`)
  return 0
}

/**
 * The address links written by the CLI start with: the PUBLIC_URL the server runs with (recorded at its start), so
 * that a shell without the server's settings still writes links that work; a different local one is pointed out.
 */
async function linkBase (db: Db, config: Config, io: CliIo): Promise<string> {
  const recorded = (await serverState(db, new Date())).publicUrl
  if (recorded !== null && recorded !== config.publicUrl) io.err(`Länkarna börjar med serverns adress ${recorded} (PUBLIC_URL här är ${config.publicUrl}).`)
  return recorded ?? config.publicUrl
}

/** Prints a message to standard error and returns exit code 1. */
export function fail (io: CliIo, message: string): number {
  io.err(message)
  return 1
}
