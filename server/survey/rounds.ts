import type { Selectable } from 'kysely'
import type { Db } from '../db/database.js'
import type { RoundTable } from '../db/schema.js'
import { addDays, swedishDate } from './clock.js'
import { dayOffReason } from './holidays.js'
import { newestShippedContent, storeQuestionnaire } from './round-questionnaire.js'

export type Round = Selectable<RoundTable>
export type RoundState = 'not_open' | 'open' | 'closed'

/** The round respondents answer now: the one that opened last. */
export async function currentRound (db: Db): Promise<Round | undefined> {
  return await db.selectFrom('round').selectAll().orderBy('opens_on', 'desc').orderBy('id', 'desc').executeTakeFirst()
}

/** The current round; every started server has one (the first start makes it), so its absence is a broken database. */
export async function requireCurrentRound (db: Db): Promise<Round> {
  const round = await currentRound(db)
  if (round === undefined) throw new Error('The database has no survey round: it was not prepared by a start of the server (npm start).')
  return round
}

/** The first working day on or after a date (not a weekend, not a Swedish public holiday or eve). */
export function workingDayFrom (isoDate: string): string {
  let day = isoDate
  while (dayOffReason(day) !== null) day = addDays(day, 1)
  return day
}

/**
 * Creates the first round if none exists: named after the year, the deadline four weeks on and closing eight
 * weeks on, each moved to the next working day (a start on 28 November would otherwise end on annandag jul), on
 * the newest shipped questionnaire version.
 */
export async function ensureFirstRound (db: Db, now: Date): Promise<Round> {
  const existing = await currentRound(db)
  if (existing !== undefined) return existing
  const today = swedishDate(now)
  const questionnaireHash = await storeQuestionnaire(db, newestShippedContent(), now)
  await db.insertInto('round').values({
    name: today.slice(0, 4),
    opens_on: today,
    deadline_on: workingDayFrom(addDays(today, 28)),
    closes_on: workingDayFrom(addDays(today, 56)),
    created_at: now.toISOString(),
    questionnaire_hash: questionnaireHash
  }).onConflict((oc) => oc.column('name').doNothing()).execute()
  return (await currentRound(db)) as Round
}

/** Whether the round takes answers on this day (Swedish time); the closing day itself is open unless closed at once. */
export function roundState (round: Pick<Round, 'opens_on' | 'closes_on' | 'closed_at'>, now: Date): RoundState {
  const today = swedishDate(now)
  if (round.closed_at !== null && round.closed_at <= now.toISOString()) return 'closed'
  if (today < round.opens_on) return 'not_open'
  if (today > round.closes_on) return 'closed'
  return 'open'
}

/** Changes a round's dates; the caller checks that they are in order. */
export async function updateRoundDates (db: Db, roundId: number, dates: { opens_on: string, deadline_on: string, closes_on: string }): Promise<void> {
  await db.updateTable('round').set(dates).where('id', '=', roundId).execute()
}

/** The latest round when it is a later one than this round (whose links then lead to a page about it); otherwise undefined. */
export async function laterRound (db: Db, roundId: number): Promise<Round | undefined> {
  const latest = await currentRound(db)
  return latest === undefined || latest.id === roundId ? undefined : latest
}

/** The latest round before this one whose personal data has not been deleted; undefined when none. */
export async function previousUnpurgedRound (db: Db, round: Round): Promise<Round | undefined> {
  return await db.selectFrom('round').selectAll().where('opens_on', '<', round.opens_on).where('purged_at', 'is', null).orderBy('opens_on', 'desc').executeTakeFirst()
}
