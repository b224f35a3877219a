import type { ExpressionBuilder, Selectable, SelectQueryBuilder } from 'kysely'
import type { Db } from '../db/database.js'
import type { RoundTable, Tables } from '../db/schema.js'
import { addDays, swedishDate } from './clock.js'
import { dayOffReason } from './holidays.js'
import { newestShippedContent, storeQuestionnaire } from './round-questionnaire.js'
import { FIRST_SURVEY_SLUG, firstSurvey } from './surveys.js'

export type Round = Selectable<RoundTable>
export type RoundState = 'not_open' | 'open' | 'closed'

/**
 * A survey's current round: of its rounds, the one that opens last (the one taking answers, or about to). Without a
 * survey id it is the first survey's (Internationella samarbeten), as callers from before there were several surveys ask.
 */
export async function currentRound (db: Db, surveyId?: number): Promise<Round | undefined> {
  return await db.selectFrom('round').selectAll().where('survey_id', '=', surveyIdOrFirst(surveyId))
    .orderBy('opens_on', 'desc').orderBy('id', 'desc').executeTakeFirst()
}

/** A survey's current round (see currentRound), whose absence is named with the survey. */
export async function requireCurrentRound (db: Db, surveyId?: number): Promise<Round> {
  const round = await currentRound(db, surveyId)
  if (round === undefined) throw new Error(`Survey ${surveyId ?? FIRST_SURVEY_SLUG} has no round: the first start makes the first survey's (npm start); create others with npm run survey -- round create`)
  return round
}

/** A survey id, or (a subquery for) the first survey's when none is given. */
// biome-ignore lint/suspicious/noExplicitAny: the subquery fits a where on round under any alias
export function surveyIdOrFirst (surveyId: number | undefined): number | ((eb: ExpressionBuilder<Tables, any>) => SelectQueryBuilder<Tables, 'survey', { id: number }>) {
  return surveyId ?? ((eb) => eb.selectFrom('survey').select('id').where('slug', '=', FIRST_SURVEY_SLUG))
}

/** A survey's round by its name (names are unique within a survey), or undefined. */
export async function roundByName (db: Db, surveyId: number, name: string): Promise<Round | undefined> {
  return await db.selectFrom('round').selectAll().where('survey_id', '=', surveyId).where('name', '=', name).executeTakeFirst()
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
  const survey = await firstSurvey(db)
  const existing = await currentRound(db, survey.id)
  if (existing !== undefined) return existing
  const today = swedishDate(now)
  const questionnaireHash = await storeQuestionnaire(db, newestShippedContent(), now)
  await db.insertInto('round').values({
    survey_id: survey.id,
    name: today.slice(0, 4),
    opens_on: today,
    deadline_on: workingDayFrom(addDays(today, 28)),
    closes_on: workingDayFrom(addDays(today, 56)),
    created_at: now.toISOString(),
    questionnaire_hash: questionnaireHash
  }).onConflict((oc) => oc.columns(['survey_id', 'name']).doNothing()).execute()
  return await requireCurrentRound(db, survey.id)
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

/** The latest round of this round's survey when it is a later one (whose links then lead to a page about it); otherwise undefined. */
export async function laterRound (db: Db, roundId: number): Promise<Round | undefined> {
  const round = await db.selectFrom('round').select('survey_id').where('id', '=', roundId).executeTakeFirstOrThrow()
  const latest = await currentRound(db, round.survey_id)
  return latest === undefined || latest.id === roundId ? undefined : latest
}

/** The latest round of the same survey before this one whose personal data has not been deleted; undefined when none. */
export async function previousUnpurgedRound (db: Db, round: Round): Promise<Round | undefined> {
  return await db.selectFrom('round').selectAll().where('survey_id', '=', round.survey_id).where('opens_on', '<', round.opens_on).where('purged_at', 'is', null).orderBy('opens_on', 'desc').executeTakeFirst()
}
