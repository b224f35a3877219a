import { z } from 'zod'
import { audit } from '../admin/audit.js'
import type { Db } from '../db/database.js'
import { formatDate, isCalendarDate, swedishDate } from './clock.js'
import { dayOffReason } from './holidays.js'
import { type Round, roundState } from './rounds.js'

export interface RoundDates { opens_on: string, deadline_on: string, closes_on: string }
export interface DateProblem { id: 'opens_on' | 'deadline_on' | 'closes_on', message: string }

const labels: Record<DateProblem['id'], string> = { opens_on: 'Öppnar', deadline_on: 'Sista svarsdag', closes_on: 'Stänger' }

const isoDate = z.string().trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2027-02-15.' })
  .refine(isCalendarDate, { error: 'Datumet finns inte i kalendern.' })

const schema = z.object({ opens_on: isoDate, deadline_on: isoDate, closes_on: isoDate })

/** How far ahead a round's dates may lie: a year typed wrong (9999) is refused rather than warned about. */
export const MAX_YEARS_AHEAD = 2

function yearsAfter (isoDate: string, years: number): string {
  return `${String(Number(isoDate.slice(0, 4)) + years)}${isoDate.slice(4)}`
}

/**
 * Checks a round's new dates: real dates, opens ≤ deadline ≤ closes, none in the past unless kept from the stored
 * dates (an open round keeps its opening day), none more than two years ahead. Returns the dates and warnings for a
 * deadline or closing day that is a weekend or a Swedish public holiday, or the problems by field.
 */
export function checkRoundDates (input: Record<string, unknown>, now: Date, stored?: RoundDates): { ok: true, dates: RoundDates, warnings: string[] } | { ok: false, problems: DateProblem[] } {
  const parsed = schema.safeParse(input)
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.map((i) => ({ id: i.path[0] as DateProblem['id'], message: `${labels[i.path[0] as DateProblem['id']] ?? 'Datum'}: ${i.message}` })) }
  }
  const d = parsed.data
  const problems: DateProblem[] = []
  if (d.deadline_on < d.opens_on) problems.push({ id: 'deadline_on', message: 'Sista svarsdag: kan inte vara före dagen enkäten öppnar.' })
  if (d.closes_on < d.deadline_on) problems.push({ id: 'closes_on', message: 'Stänger: kan inte vara före sista svarsdag.' })
  const today = swedishDate(now)
  for (const id of ['opens_on', 'deadline_on', 'closes_on'] as const) {
    if (d[id] < today && d[id] !== stored?.[id]) problems.push({ id, message: `${labels[id]}: ${formatDate(d[id])} har redan passerat. Välj i dag eller en senare dag.` })
  }
  if (d.opens_on > yearsAfter(today, MAX_YEARS_AHEAD)) {
    problems.push({ id: 'opens_on', message: `Öppnar: ${formatDate(d.opens_on)} ligger mer än ${MAX_YEARS_AHEAD} år fram i tiden. Kontrollera årtalet.` })
  } else if (d.closes_on > yearsAfter(d.opens_on, MAX_YEARS_AHEAD)) {
    problems.push({ id: 'closes_on', message: `Stänger: ${formatDate(d.closes_on)} ligger mer än ${MAX_YEARS_AHEAD} år efter att enkäten öppnar. Kontrollera årtalet.` })
  }
  if (problems.length > 0) return { ok: false, problems }
  return { ok: true, dates: d, warnings: roundDateWarnings(d) }
}

/** Warnings for dates that fall on a weekend or a Swedish public holiday, in Swedish. */
export function roundDateWarnings (d: RoundDates): string[] {
  const out: string[] = []
  for (const id of ['opens_on', 'deadline_on', 'closes_on'] as const) {
    const reason = dayOffReason(d[id])
    if (reason !== null) out.push(`${labels[id]} ${formatDate(d[id])} är ${reason}.`)
  }
  return out
}

/** Why a closed round's dates cannot be saved: saving them would open it again without anyone saying so. */
export const closedRoundDates = 'Omgången är stängd. Datumen kan inte ändras på en stängd omgång; använd "Öppna omgången igen" om den ska ta emot svar igen.'

/**
 * Changes a round's dates and writes the audit entry in the same transaction, or refuses (the reason in Swedish)
 * when the round is closed: new dates would silently reopen it. Mailings already sent keep their text.
 */
export async function setRoundDates (db: Db, roundId: number, dates: RoundDates, actor: string, now: Date): Promise<{ ok: true } | { ok: false, reason: string }> {
  return await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('round').selectAll().where('id', '=', roundId).executeTakeFirstOrThrow()
    if (roundState(before, now) === 'closed') return { ok: false as const, reason: closedRoundDates }
    await trx.updateTable('round').set(dates).where('id', '=', roundId).execute()
    await audit(trx, actor, 'round_dates_changed', `Omgång ${before.name}: ${before.opens_on}/${before.deadline_on}/${before.closes_on} → ${dates.opens_on}/${dates.deadline_on}/${dates.closes_on}`, now, { roundId })
    return { ok: true as const }
  })
}

/**
 * "Stäng omgången nu": the round stops taking answers at once and its closing day becomes today (its deadline too,
 * when that was later), audited. Refused, with the reason in Swedish, unless the round is open.
 */
export async function closeRoundNow (db: Db, roundId: number, actor: string, now: Date): Promise<{ ok: true } | { ok: false, reason: string }> {
  return await db.transaction().execute(async (trx) => {
    const round = await trx.selectFrom('round').selectAll().where('id', '=', roundId).executeTakeFirstOrThrow()
    const state = roundState(round, now)
    if (state !== 'open') return { ok: false as const, reason: state === 'closed' ? `Omgång ${round.name} är redan stängd.` : `Omgång ${round.name} har inte öppnat än; ändra datumen i stället.` }
    const today = swedishDate(now)
    const deadline = round.deadline_on > today ? today : round.deadline_on
    await trx.updateTable('round').set({ closed_at: now.toISOString(), closes_on: today, deadline_on: deadline }).where('id', '=', roundId).execute()
    await audit(trx, actor, 'round_closed', `Omgång ${round.name} stängd i förtid (skulle ha stängt ${round.closes_on}${deadline !== round.deadline_on ? `, sista svarsdag ${round.deadline_on} → ${deadline}` : ''})`, now, { roundId })
    return { ok: true as const }
  })
}

/**
 * Checks a new closing day for reopening a closed round: a real date, today or later, not before the deadline; and
 * the round must be closed, not purged of personal data and not published in the public register (that is a snapshot of a closed round). Returns
 * the closing day with warnings for a weekend or holiday, or the problem in Swedish.
 */
export function checkReopen (round: Round, input: unknown, now: Date): { ok: true, closes_on: string, warnings: string[] } | { ok: false, problem: string } {
  if (roundState(round, now) !== 'closed') return { ok: false, problem: `Omgång ${round.name} är inte stängd.` }
  // Its contacts, links and free texts are gone, and the purge is done once: answers taken after it would be kept for good.
  if (round.purged_at !== null) return { ok: false, problem: `Omgång ${round.name} har rensats från personuppgifter och kan inte öppnas igen. Skapa en ny omgång i stället.` }
  if (round.register_published_at !== null) return { ok: false, problem: `Omgång ${round.name} är publicerad i det offentliga vänortsregistret, som visar en stängd omgång. Avpublicera registret under Resultat → Vänortsregistret först, om omgången verkligen ska öppnas igen.` }
  const parsed = isoDate.safeParse(input)
  if (!parsed.success) return { ok: false, problem: `Stänger: ${parsed.error.issues[0]?.message ?? 'ogiltigt datum.'}` }
  const closes = parsed.data
  if (closes < swedishDate(now)) return { ok: false, problem: 'Stänger: dagen har redan passerat. Välj i dag eller en senare dag.' }
  const reason = dayOffReason(closes)
  return { ok: true, closes_on: closes, warnings: reason === null ? [] : [`Stänger ${formatDate(closes)} är ${reason}.`] }
}

/** "Öppna omgången igen": takes answers again until the new closing day (checked with checkReopen), audited. */
export async function reopenRound (db: Db, roundId: number, closesOn: string, actor: string, now: Date): Promise<{ ok: true } | { ok: false, reason: string }> {
  return await db.transaction().execute(async (trx) => {
    const round = await trx.selectFrom('round').selectAll().where('id', '=', roundId).executeTakeFirstOrThrow()
    const checked = checkReopen(round, closesOn, now)
    if (!checked.ok) return { ok: false as const, reason: checked.problem }
    // A deadline of today or before (closing early moves it to that day) would tell respondents of a reopened round
    // that it is too late: it becomes the new closing day.
    const deadline = round.deadline_on <= swedishDate(now) ? checked.closes_on : round.deadline_on
    await trx.updateTable('round').set({ closed_at: null, closes_on: checked.closes_on, deadline_on: deadline }).where('id', '=', roundId).execute()
    await audit(trx, actor, 'round_reopened', `Omgång ${round.name} öppnad igen, stänger ${checked.closes_on} (stängde ${round.closes_on})${deadline !== round.deadline_on ? `, sista svarsdag ${round.deadline_on} → ${deadline}` : ''}`, now, { roundId })
    return { ok: true as const }
  })
}

/** The dates as one string, kept in the form that confirmed their warnings, so changed dates are warned about again. */
export function datesKey (d: Partial<RoundDates>): string {
  return [d.opens_on, d.deadline_on, d.closes_on].map((x) => x ?? '').join('/')
}
