import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import type { Config } from '../config.js'
import type { Db } from '../db/database.js'
import { importContacts, importSummary, organisationCodes, parseContactsCsv, type Problem } from '../mail/contacts.js'
import { surveyById } from '../survey/surveys.js'
import { DEFAULT_SEND_TIME, mailingNames, parseMailingKind, previewMailing, retryMailing, scheduleMailing, startMailing } from '../mail/mailings.js'
import { maskedLinkUrl, renderFor, templateFor } from '../mail/templates.js'
import { releaseSenderLease, serverState, takeSenderLease, transportText } from '../survey/server-state.js'
import { transportFor } from '../mail/transport.js'
import { runDueMail, senderOptions } from '../mail/worker.js'
import { prepareDatabase } from '../plugins/database.js'
import { findActiveLinkByCode, linkKey, sampleLink, tokenFor } from '../survey/links.js'
import type { Round } from '../survey/rounds.js'
import { formatDate, formatTime } from '../survey/clock.js'
import { counted } from '../statistics/format.js'
import { fail } from './links.js'
import { cliActor, cliCurrentRound, type CliIo, cliSurveyId, type Command } from './types.js'

/** Prepares the database and finds the current round of the command's survey; null (reason printed) when there is none to tell. */
async function ready (db: Db, config: Config, io: CliIo, slug: string | null): Promise<Round | null> {
  await prepareDatabase(db, config, new Date())
  return await cliCurrentRound(db, slug, io)
}

/** Says that nothing was imported and lists the problems by row; the exit code 1. */
function importProblems (io: CliIo, problems: Problem[]): number {
  io.err(`Ingenting importerades. Rätta ${problems.length === 1 ? 'problemet' : `de ${problems.length} problemen`} och försök igen:`)
  for (const p of problems) io.err(p.line > 0 ? `  rad ${p.line}: ${p.message}` : `  ${p.message}`)
  return 1
}

/** contacts import, mail preview | send | send-due | schedule | status. */
export const mailCommands: Record<string, Command> = {
  'contacts import': async (db, config, [file], io, slug) => {
    if (file === undefined) return fail(io, 'Ange en fil: npm run survey -- contacts import kontakter.csv [--enkat=<slug>]')
    await prepareDatabase(db, config, new Date())
    // Without --enkat the contacts are the organisations' own for every survey; with it, for that survey only.
    const surveyId = slug === null ? null : await cliSurveyId(db, slug, io)
    if (slug !== null && surveyId === null) return 1
    const survey = surveyId === null ? null : await surveyById(db, surveyId)
    let bytes: Buffer
    try {
      bytes = readFileSync(file)
    } catch {
      return fail(io, `Filen ${file} kunde inte läsas.`)
    }
    const parsed = parseContactsCsv(bytes, await organisationCodes(db))
    if (!parsed.ok) return importProblems(io, parsed.problems)
    const result = await importContacts(db, parsed.rows, new Date(), cliActor(), survey)
    if (!result.ok) return importProblems(io, result.problems)
    io.out(importSummary(result, survey))
    return 0
  },
  'mail preview': async (db, config, args, io, slug) => {
    const kind = parseMailingKind(args[0])
    if (!kind.ok) return fail(io, kind.reason)
    const round = await ready(db, config, io, slug)
    if (round === null) return 1
    const count = await previewMailing(db, round.id, kind.kind)
    io.out(`${mailingNames[kind.kind]} skulle gå till ${counted(count.organisations, 'organisation', 'organisationer')} och ${counted(count.addresses, 'adress', 'adresser')}.`)
    // The organisation is named as the round names it (its name set), as in the mail that will be sent.
    const code = args[1] ?? '0180'
    const org = await findActiveLinkByCode(db, round.id, code)
    if (org === undefined) return fail(io, `Ingen organisation med koden ${code} har en giltig länk i omgång ${round.name}.`)
    const message = renderFor({
      kind: kind.kind, template: await templateFor(db, round.id, kind.kind), organisationName: org.name, contactName: null, nonce: org.nonce, deadlineOn: round.deadline_on, roundName: round.name
    }, { ...senderOptions(config, linkKey(config.sessionSecret)), maskLink: true })
    io.out(`\nÄmne: ${message.subject}\n\n${message.text}`)
    return 0
  },
  'mail send': async (db, config, args, io, slug) => {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { yes: { type: 'boolean' }, 'override-interval': { type: 'boolean' } } })
    const kind = parseMailingKind(positionals[0])
    if (!kind.ok) return fail(io, kind.reason)
    const round = await ready(db, config, io, slug)
    if (round === null) return 1
    const count = await previewMailing(db, round.id, kind.kind)
    const state = await serverState(db, new Date())
    const sample = await sampleLink(db, round.id)
    const publicUrl = state.publicUrl ?? config.publicUrl
    io.out(`${mailingNames[kind.kind]} går till ${counted(count.organisations, 'organisation', 'organisationer')} och ${counted(count.addresses, 'adress', 'adresser')}.`)
    io.out(`E-posten skickas av ${state.senderActive ? `servern (${state.senderOwner ?? ''})` : 'den server eller det "mail send-due" som körs härnäst'} via ${state.transport ?? transportText(config)}.`)
    if (sample !== undefined) io.out(`Länkarna ser ut så här (${sample.name}): ${maskedLinkUrl(publicUrl, tokenFor(linkKey(config.sessionSecret), sample.nonce))}`)
    if (values.yes !== true) {
      if (io.confirm === null) return fail(io, 'Bekräfta med --yes för att skicka.')
      if (!(await io.confirm('Köa utskicket nu? (ja/nej) '))) return fail(io, 'Inget köades.')
    }
    const started = await startMailing(db, round, kind.kind, new Date(), values['override-interval'] === true, cliActor())
    if (!started.ok) return fail(io, started.reason + (started.overridable ? ' Lägg till --override-interval för att skicka ändå.' : ''))
    io.out(state.senderActive
      ? `Köat: ${started.addresses} meddelanden. Servern skickar dem inom en halv minut; följ dem med "mail status".`
      : `Köat: ${started.addresses} meddelanden. Ingen server skickar just nu: starta servern (npm start) eller kör "npm run survey -- mail send-due".`)
    return 0
  },
  'mail send-due': async (db, config, _args, io) => {
    await prepareDatabase(db, config, new Date())
    if (!(await takeSenderLease(db, new Date(), 10 * 60_000))) {
      const state = await serverState(db, new Date())
      return fail(io, `En server skickar redan e-posten (${state.senderOwner ?? ''}, via ${state.transport ?? '?'}); "mail send-due" behövs inte medan den kör.`)
    }
    const transport = transportFor(config)
    try {
      const r = await runDueMail(db, transport, senderOptions(config, linkKey(config.sessionSecret)))
      if (r.started.length > 0) io.out(`Startade: ${r.started.join(', ')}`)
      io.out(`Skickade ${r.sent}, misslyckade ${r.failed}, väntar på nytt försök ${r.retried}, stoppade (har svarat) ${r.cancelled}, återupptagna ${r.recovered}.`)
      for (const p of r.paused) io.err(`Utskicket är pausat: ${p.reason} (${p.detail})`)
    } finally {
      transport.close()
      await releaseSenderLease(db)
    }
    return 0
  },
  'mail schedule': async (db, config, [rawKind, date, time], io, slug) => {
    const kind = parseMailingKind(rawKind)
    if (!kind.ok) return fail(io, kind.reason)
    if (date === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return fail(io, 'Ange ett datum som ÅÅÅÅ-MM-DD, och om ni vill ett klockslag TT:MM (annars 09:00).')
    const round = await ready(db, config, io, slug)
    if (round === null) return 1
    const at = time ?? DEFAULT_SEND_TIME
    const r = await scheduleMailing(db, round, kind.kind, date, new Date(), at, cliActor())
    if (!r.ok) return fail(io, r.reason)
    io.out(`${mailingNames[kind.kind]} skickas ${formatDate(date)} kl. ${at.replace(':', '.')} (svensk tid).`)
    return 0
  },
  'mail status': async (db, config, _args, io, slug) => {
    const round = await ready(db, config, io, slug)
    if (round === null) return 1
    const mailings = await db.selectFrom('mailing').selectAll().where('round_id', '=', round.id).orderBy('id').execute()
    if (mailings.length === 0) io.out('Inga utskick ännu.')
    const statusNames = { scheduled: 'planerat', queued: 'skickas', done: 'klart' } as const
    const messageNames: Record<string, string> = { sent: 'skickade', queued: 'i kö', sending: 'skickas nu', failed: 'misslyckade', cancelled: 'stoppade (har svarat)' }
    for (const m of mailings) {
      const counts = await db.selectFrom('outbox_message').select(['status']).select((eb) => eb.fn.countAll<number>().as('n')).where('mailing_id', '=', m.id).groupBy('status').execute()
      const when = m.queued_at !== null ? `startade ${formatTime(m.queued_at)}` : m.scheduled_for !== null ? `planerat ${formatDate(m.scheduled_for)} kl. ${(m.scheduled_time ?? DEFAULT_SEND_TIME).replace(':', '.')}` : ''
      io.out(`${mailingNames[m.kind]}: ${statusNames[m.status]}, ${when}${counts.length > 0 ? ` – ${counts.map((c) => `${c.n} ${messageNames[c.status] ?? c.status}`).join(', ')}` : ''}`)
      if (m.paused_since !== null) io.out(`  PAUSAT sedan ${formatTime(m.paused_since)}: ${m.pause_reason ?? ''}${m.paused_until !== null ? ` Nästa försök ${formatTime(m.paused_until)}.` : ''} (${m.pause_detail ?? ''})`)
      const next = await db.selectFrom('outbox_message').select((eb) => eb.fn.min('next_attempt_at').as('next')).where('mailing_id', '=', m.id).where('status', '=', 'queued').where('attempts', '>', 0).executeTakeFirst()
      if (next?.next != null) io.out(`  Nästa nya försök för enskilda meddelanden: ${formatTime(String(next.next))}.`)
      if (m.schedule_error !== null) io.out(`  Kunde inte starta: ${m.schedule_error}`)
    }
    return 0
  },
  'mail retry': async (db, config, [rawKind], io, slug) => {
    const kind = parseMailingKind(rawKind)
    if (!kind.ok) return fail(io, kind.reason)
    const round = await ready(db, config, io, slug)
    if (round === null) return 1
    const requeued = await retryMailing(db, round.id, kind.kind, cliActor(), new Date())
    io.out(`${mailingNames[kind.kind]}: ${requeued} misslyckade meddelanden köade igen och en eventuell paus hävd. Servern skickar dem inom en halv minut.`)
    return 0
  }
}

