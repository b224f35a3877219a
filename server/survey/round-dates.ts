import { z } from 'zod'
import { audit } from '../admin/audit.js'
import type { Db } from '../db/database.js'
import { formatDate, swedishDate } from './clock.js'
import { dayOffReason } from './holidays.js'

export interface RoundDates { opens_on: string, deadline_on: string, closes_on: string }
export interface DateProblem { id: 'opens_on' | 'deadline_on' | 'closes_on', message: string }

const labels: Record<DateProblem['id'], string> = { opens_on: 'Öppnar', deadline_on: 'Sista svarsdag', closes_on: 'Stänger' }

const isoDate = z.string().trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2027-02-15.' })
  .refine((s) => { const d = new Date(`${s}T00:00:00Z`); return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s }, { error: 'Datumet finns inte i kalendern.' })

const schema = z.object({ opens_on: isoDate, deadline_on: isoDate, closes_on: isoDate })

/**
 * Checks a round's new dates: real dates, opens ≤ deadline ≤ closes, closing not already past. Returns the dates
 * and warnings for a deadline or closing day that is a weekend or a Swedish public holiday, or the problems by field.
 */
export function checkRoundDates (input: Record<string, unknown>, now: Date): { ok: true, dates: RoundDates, warnings: string[] } | { ok: false, problems: DateProblem[] } {
  const parsed = schema.safeParse(input)
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.map((i) => ({ id: i.path[0] as DateProblem['id'], message: `${labels[i.path[0] as DateProblem['id']] ?? 'Datum'}: ${i.message}` })) }
  }
  const d = parsed.data
  const problems: DateProblem[] = []
  if (d.deadline_on < d.opens_on) problems.push({ id: 'deadline_on', message: 'Sista svarsdag: kan inte vara före dagen enkäten öppnar.' })
  if (d.closes_on < d.deadline_on) problems.push({ id: 'closes_on', message: 'Stänger: kan inte vara före sista svarsdag.' })
  if (d.closes_on < swedishDate(now)) problems.push({ id: 'closes_on', message: 'Stänger: dagen har redan passerat.' })
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

/** Changes a round's dates and writes the audit entry in the same transaction. Mailings already sent keep their text. */
export async function setRoundDates (db: Db, roundId: number, dates: RoundDates, actor: string, now: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('round').select(['name', 'opens_on', 'deadline_on', 'closes_on']).where('id', '=', roundId).executeTakeFirstOrThrow()
    await trx.updateTable('round').set(dates).where('id', '=', roundId).execute()
    await audit(trx, actor, 'round_dates_changed', `Omgång ${before.name}: ${before.opens_on}/${before.deadline_on}/${before.closes_on} → ${dates.opens_on}/${dates.deadline_on}/${dates.closes_on}`, now)
  })
}
