import type { Selectable } from 'kysely'
import { jsonArrayFrom, jsonObjectFrom } from 'kysely/helpers/sqlite'
import { preparedQuery, type Database, type Db } from '../db/database.js'
import { nameInRound } from '../db/reference-data.js'
import type { ResponseTable } from '../db/schema.js'
import type { Answers } from '../questionnaire/answers.js'
import { kindOf } from '../questionnaire/kinds/index.js'
import type { Stored } from '../questionnaire/kinds/kind.js'
import type { Questionnaire } from '../questionnaire/questionnaire.js'
import type { Section } from '../questionnaire/types.js'
import { roundQuestionnaire } from './round-questionnaire.js'

export type Response = Selectable<ResponseTable>

/** The organisation's response in the round, created (as a draft) the first time its link is opened. */
export async function openResponse (db: Db, roundId: number, organisationId: number, now: Date): Promise<Response> {
  await db.insertInto('response')
    .values({ round_id: roundId, organisation_id: organisationId, first_opened_at: now.toISOString() })
    .onConflict((oc) => oc.columns(['round_id', 'organisation_id']).doNothing())
    .execute()
  return await db.selectFrom('response').selectAll()
    .where('round_id', '=', roundId).where('organisation_id', '=', organisationId)
    .executeTakeFirstOrThrow()
}

/** A response by id. */
export async function findResponse (db: Db, id: number): Promise<Response | undefined> {
  return await db.selectFrom('response').selectAll().where('id', '=', id).executeTakeFirst()
}

/**
 * What an active link leads to, in one row: its round, organisation, response (null columns before the first
 * opening), its section versions (a JSON array) and the organisation's submitted response of the latest earlier
 * round (a JSON object). Made on every respondent page, so built once (findRespondentHead).
 */
export const respondentHeadQuery = (db: Db, linkId: number) => db.selectFrom('personal_link as l')
  .innerJoin('round as r', 'r.id', 'l.round_id')
  .innerJoin('organisation as o', 'o.id', 'l.organisation_id')
  .leftJoin('response as s', (join) => join.onRef('s.round_id', '=', 'l.round_id').onRef('s.organisation_id', '=', 'l.organisation_id'))
  .select(['l.id as link_id', 'l.round_id', 'l.organisation_id', 'o.code', 'o.kind'])
  .select(nameInRound('o', 'l.round_id').as('name'))
  .select(['r.survey_id', 'r.name as round_name', 'r.opens_on', 'r.deadline_on', 'r.closes_on', 'r.created_at as round_created_at', 'r.purged_at as round_purged_at'])
  .select(['r.classification', 'r.register_published_at', 'r.register_published_by', 'r.questionnaire_hash', 'r.closed_at', 'r.name_set'])
  // The organisation's submitted response of the latest earlier round: what a new round's pages start from.
  .select((eb) => jsonObjectFrom(eb.selectFrom('response as p').innerJoin('round as pr', 'pr.id', 'p.round_id')
    .select(['p.id as responseId', 'pr.name as roundName'])
    .whereRef('p.organisation_id', '=', 'l.organisation_id').where('p.status', '=', 'submitted').whereRef('pr.survey_id', '=', 'r.survey_id').whereRef('pr.opens_on', '<', 'r.opens_on')
    .orderBy('pr.opens_on', 'desc').limit(1)).as('previous'))
  .select(['s.id as response_id', 's.status', 's.first_opened_at', 's.first_saved_at', 's.last_saved_at', 's.submitted_at'])
  .select((eb) => jsonArrayFrom(eb.selectFrom('response_section as v').select(['v.section', 'v.version', 'v.saved_at']).whereRef('v.response_id', '=', 's.id')).as('versions'))
  .where('l.id', '=', linkId).where('l.revoked_at', 'is', null)

/** The page head of a link, as a prepared query. */
export const findRespondentHead = preparedQuery(respondentHeadQuery)

const findChoiceRows = preparedQuery((db: Db, responseId: number) => db.selectFrom('answer_choice').select(['response_id', 'question_id', 'option_id']).where('response_id', '=', responseId))
const findTextRows = preparedQuery((db: Db, responseId: number) => db.selectFrom('answer_text').select(['response_id', 'question_id', 'field', 'value']).where('response_id', '=', responseId))
const findRowRows = preparedQuery((db: Db, responseId: number) => db.selectFrom('answer_row').select(['response_id', 'question_id', 'data']).where('response_id', '=', responseId).orderBy('question_id').orderBy('position'))

/**
 * The stored single-choice answers of a response: all that decides which sections and questions are shown, as
 * every visibility condition is an option of a single-choice question.
 */
export async function loadSingleChoices (db: Database, qn: Questionnaire, responseId: number): Promise<Answers> {
  const out: Answers = {}
  for (const c of await findChoiceRows(db, responseId)) {
    if (!qn.hasQuestion(c.question_id)) continue
    const q = qn.question(c.question_id)
    if (kindOf(q).conditionOption !== undefined) out[c.question_id] = c.option_id
  }
  return out
}

/** Every stored answer of a response, by question id, read with its round's questionnaire version. */
export async function loadAnswers (db: Db, responseId: number): Promise<Answers> {
  const r = await db.selectFrom('response').select('round_id').where('id', '=', responseId).executeTakeFirst()
  if (r === undefined) return {}
  return (await loadAnswersMany(db, await roundQuestionnaire(db, r.round_id), [responseId])).get(responseId) ?? {}
}

function emptyStored (): Stored {
  return { choices: [], texts: {}, rows: [] }
}

/**
 * The committed answers of one response, for showing a page: three queries compiled once and run on the read
 * connection. Never inside a transaction that must see its own writes (use loadAnswers there).
 */
export async function loadCommittedAnswers (db: Database, qn: Questionnaire, responseId: number): Promise<Answers> {
  const [choices, texts, rows] = await Promise.all([findChoiceRows(db, responseId), findTextRows(db, responseId), findRowRows(db, responseId)])
  return assemble(qn, [responseId], choices, texts, rows).get(responseId) ?? {}
}

type ChoiceRow = { response_id: number, question_id: string, option_id: string }
type TextRow = { response_id: number, question_id: string, field: string, value: string }
type RowRow = { response_id: number, question_id: string, data: string }

/**
 * Stored answers of many responses at once (three queries for the whole batch), by response id, as this
 * questionnaire version reads them: each kind reads its own, and questions and options the version does not have
 * are left out (so an earlier round's answers read with a new version carry over only what still exists).
 */
export async function loadAnswersMany (db: Db, qn: Questionnaire, ids: number[]): Promise<Map<number, Answers>> {
  if (ids.length === 0) return new Map()
  const [choices, texts, rows] = await Promise.all([
    db.selectFrom('answer_choice').select(['response_id', 'question_id', 'option_id']).where('response_id', 'in', ids).execute(),
    db.selectFrom('answer_text').select(['response_id', 'question_id', 'field', 'value']).where('response_id', 'in', ids).execute(),
    db.selectFrom('answer_row').select(['response_id', 'question_id', 'data']).where('response_id', 'in', ids).orderBy('response_id').orderBy('question_id').orderBy('position').execute()
  ])
  return assemble(qn, ids, choices, texts, rows)
}

function assemble (qn: Questionnaire, ids: number[], choices: readonly ChoiceRow[], texts: readonly TextRow[], rows: readonly RowRow[]): Map<number, Answers> {
  const stored = new Map<number, Map<string, Stored>>(ids.map((id) => [id, new Map()]))
  const of = (responseId: number, questionId: string): Stored | undefined => {
    if (!qn.hasQuestion(questionId)) return undefined
    const byQuestion = stored.get(responseId)
    let s = byQuestion?.get(questionId)
    if (s === undefined) { s = emptyStored(); byQuestion?.set(questionId, s) }
    return s
  }
  for (const c of choices) of(c.response_id, c.question_id)?.choices.push(c.option_id)
  for (const t of texts) { const s = of(t.response_id, t.question_id); if (s !== undefined) s.texts[t.field] = t.value }
  for (const r of rows) of(r.response_id, r.question_id)?.rows.push(JSON.parse(r.data) as Record<string, unknown>)
  const out = new Map<number, Answers>()
  for (const [responseId, byQuestion] of stored) {
    const answers: Answers = {}
    for (const [questionId, s] of byQuestion) {
      const q = qn.question(questionId)
      const value = kindOf(q).fromStored(q, s)
      if (value !== undefined) answers[questionId] = value
    }
    out.set(responseId, answers)
  }
  return out
}

/** Replaces the stored answers of one section's questions; runs inside the caller's transaction. */
export async function writeSectionAnswers (trx: Db, responseId: number, section: Section, answers: Answers): Promise<void> {
  const ids = section.questions.map((q) => q.id)
  await trx.deleteFrom('answer_choice').where('response_id', '=', responseId).where('question_id', 'in', ids).execute()
  await trx.deleteFrom('answer_text').where('response_id', '=', responseId).where('question_id', 'in', ids).execute()
  await trx.deleteFrom('answer_row').where('response_id', '=', responseId).where('question_id', 'in', ids).execute()
  const choices: Array<{ response_id: number, question_id: string, option_id: string }> = []
  const texts: Array<{ response_id: number, question_id: string, field: string, value: string }> = []
  const rows: Array<{ response_id: number, question_id: string, position: number, data: string }> = []
  for (const q of section.questions) {
    const value = answers[q.id]
    if (value === undefined || value === null) continue
    const s = kindOf(q).toStored(q, value)
    for (const o of s.choices) choices.push({ response_id: responseId, question_id: q.id, option_id: o })
    for (const [field, v] of Object.entries(s.texts)) texts.push({ response_id: responseId, question_id: q.id, field, value: v })
    for (const [i, r] of s.rows.entries()) rows.push({ response_id: responseId, question_id: q.id, position: i + 1, data: JSON.stringify(r) })
  }
  if (choices.length > 0) await trx.insertInto('answer_choice').values(choices).execute()
  if (texts.length > 0) await trx.insertInto('answer_text').values(texts).execute()
  // SQLite takes at most 32,766 parameters a statement; 100 rows of four columns are far below.
  if (rows.length > 0) await trx.insertInto('answer_row').values(rows).execute()
}

/** The newest changes made to answers after they were submitted, with their organisation (named as its round names it) and survey, for the audit page. */
export async function changesAfterSubmission (db: Db, limit: number): Promise<Array<{ at: string, section: string | null, name: string, code: string, survey: string, slug: string, roundId: number }>> {
  return await db.selectFrom('response_event as e').innerJoin('response as r', 'r.id', 'e.response_id').innerJoin('organisation as o', 'o.id', 'r.organisation_id')
    .innerJoin('round as rd', 'rd.id', 'r.round_id').innerJoin('survey as s', 's.id', 'rd.survey_id')
    .select(['e.at', 'e.section', nameInRound('o', 'r.round_id').as('name'), 'o.code', 's.title as survey', 's.slug', 'r.round_id as roundId']).where('e.kind', '=', 'changed_after_submission').orderBy('e.id', 'desc').limit(limit).execute()
}
