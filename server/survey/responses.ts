import { sql, type Selectable } from 'kysely'
import { preparedQuery, type Db } from '../db/database.js'
import type { ResponseTable } from '../db/schema.js'
import type { Answers, ContactAnswer, MultiAnswer, RowAnswer } from '../questionnaire/answers.js'
import { question } from '../questionnaire/definition.js'
import type { Section } from '../questionnaire/types.js'

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
 * opening) and section versions as "section version saved_at" triples separated by spaces. Made on every
 * respondent page, so built once.
 */
export const findRespondentHead = preparedQuery((db: Db, linkId: number) => db.selectFrom('personal_link as l')
  .innerJoin('round as r', 'r.id', 'l.round_id')
  .innerJoin('organisation as o', 'o.id', 'l.organisation_id')
  .leftJoin('response as s', (join) => join.onRef('s.round_id', '=', 'l.round_id').onRef('s.organisation_id', '=', 'l.organisation_id'))
  .select(['l.id as link_id', 'l.round_id', 'l.organisation_id', 'o.code', 'o.name', 'o.kind'])
  .select(['r.name as round_name', 'r.opens_on', 'r.deadline_on', 'r.closes_on', 'r.created_at as round_created_at', 'r.purged_at as round_purged_at'])
  .select(['s.id as response_id', 's.status', 's.first_opened_at', 's.first_saved_at', 's.last_saved_at', 's.submitted_at'])
  .select((eb) => eb.selectFrom('response_section as v')
    .select(sql<string | null>`group_concat(v.section || ' ' || v.version || ' ' || v.saved_at, ' ')`.as('v'))
    .whereRef('v.response_id', '=', 's.id').as('versions'))
  .where('l.id', '=', linkId).where('l.revoked_at', 'is', null))

const findChoices = preparedQuery((db: Db, responseId: number) => db.selectFrom('answer_choice').select(['question_id', 'option_id']).where('response_id', '=', responseId))

/**
 * The stored single-choice answers of a response: all that decides which sections and questions are shown, as
 * every visibility condition is an option of a single-choice question.
 */
export async function loadSingleChoices (db: Db, responseId: number): Promise<Answers> {
  const out: Answers = {}
  for (const c of await findChoices(db, responseId)) if (question(c.question_id).type === 'single') out[c.question_id] = c.option_id
  return out
}

/** Every stored answer of a response, by question id. */
export async function loadAnswers (db: Db, responseId: number): Promise<Answers> {
  return (await loadAnswersMany(db, [responseId])).get(responseId) ?? {}
}

/** Stored answers of many responses at once (five queries for the whole batch), by response id. */
export async function loadAnswersMany (db: Db, ids: number[]): Promise<Map<number, Answers>> {
  const out = new Map<number, Answers>(ids.map((id) => [id, {}]))
  if (ids.length === 0) return out
  const [choices, texts, partnerships, collaborations, countries] = await Promise.all([
    db.selectFrom('answer_choice').select(['response_id', 'question_id', 'option_id']).where('response_id', 'in', ids).execute(),
    db.selectFrom('answer_text').select(['response_id', 'question_id', 'field', 'value']).where('response_id', 'in', ids).execute(),
    db.selectFrom('partnership').select(['response_id', 'partner', 'country', 'form', 'activity']).where('response_id', 'in', ids).orderBy('response_id').orderBy('position').execute(),
    db.selectFrom('collaboration').select(['response_id', 'id', 'name', 'kind', 'activity']).where('response_id', 'in', ids).orderBy('response_id').orderBy('position').execute(),
    db.selectFrom('collaboration_country as cc').innerJoin('collaboration as c', 'c.id', 'cc.collaboration_id')
      .select(['cc.collaboration_id', 'cc.country']).where('c.response_id', 'in', ids).orderBy(sql`cc.rowid`).execute()
  ])
  for (const c of choices) {
    const answers = out.get(c.response_id) as Answers
    const q = question(c.question_id)
    if (q.type === 'single') answers[q.id] = c.option_id
    else {
      const m = (answers[q.id] ?? { selected: [], other: null }) as MultiAnswer
      m.selected.push(c.option_id)
      answers[q.id] = m
    }
  }
  for (const answers of out.values()) {
    for (const q of Object.keys(answers)) {
      const def = question(q)
      if (def.type === 'multi') (answers[q] as MultiAnswer).selected.sort((a, b) => def.options.findIndex((o) => o.id === a) - def.options.findIndex((o) => o.id === b))
    }
  }
  for (const t of texts) {
    const answers = out.get(t.response_id) as Answers
    const q = question(t.question_id)
    if (q.type === 'text') answers[q.id] = t.value
    else if (q.type === 'multi') {
      const m = answers[q.id] as MultiAnswer | undefined
      if (m !== undefined) m.other = t.value
    } else if (q.type === 'contact') {
      const c = (answers[q.id] ?? Object.fromEntries(q.fields.map((f) => [f.id, null]))) as ContactAnswer
      c[t.field] = t.value
      answers[q.id] = c
    }
  }
  for (const p of partnerships) {
    const answers = out.get(p.response_id) as Answers
    const rows = (answers.q04 ?? []) as RowAnswer[]
    rows.push({ partner: p.partner, country: p.country, form: p.form, activity: p.activity })
    answers.q04 = rows
  }
  const countriesOf = new Map<number, string[]>()
  for (const c of countries) countriesOf.set(c.collaboration_id, [...(countriesOf.get(c.collaboration_id) ?? []), c.country])
  for (const c of collaborations) {
    const answers = out.get(c.response_id) as Answers
    const rows = (answers.q10 ?? []) as RowAnswer[]
    rows.push({ name: c.name, kind: c.kind, activity: c.activity, countries: countriesOf.get(c.id) ?? [] })
    answers.q10 = rows
  }
  return out
}

/** Replaces the stored answers of one section's questions; runs inside the caller's transaction. */
export async function writeSectionAnswers (trx: Db, responseId: number, section: Section, answers: Answers): Promise<void> {
  const ids = section.questions.map((q) => q.id)
  await trx.deleteFrom('answer_choice').where('response_id', '=', responseId).where('question_id', 'in', ids).execute()
  await trx.deleteFrom('answer_text').where('response_id', '=', responseId).where('question_id', 'in', ids).execute()
  const choices: Array<{ response_id: number, question_id: string, option_id: string }> = []
  const texts: Array<{ response_id: number, question_id: string, field: string, value: string }> = []
  for (const q of section.questions) {
    const value = answers[q.id]
    if (value === undefined || value === null) continue
    if (q.type === 'single') choices.push({ response_id: responseId, question_id: q.id, option_id: value as string })
    if (q.type === 'text') texts.push({ response_id: responseId, question_id: q.id, field: 'text', value: value as string })
    if (q.type === 'multi') {
      const m = value as MultiAnswer
      for (const o of m.selected) choices.push({ response_id: responseId, question_id: q.id, option_id: o })
      if (m.other !== null) texts.push({ response_id: responseId, question_id: q.id, field: 'other', value: m.other })
    }
    if (q.type === 'contact') {
      for (const [field, v] of Object.entries(value as ContactAnswer)) {
        if (v !== null) texts.push({ response_id: responseId, question_id: q.id, field, value: v })
      }
    }
  }
  if (choices.length > 0) await trx.insertInto('answer_choice').values(choices).execute()
  if (texts.length > 0) await trx.insertInto('answer_text').values(texts).execute()
  if (ids.includes('q04')) await writePartnerships(trx, responseId, (answers.q04 ?? []) as RowAnswer[])
  if (ids.includes('q10')) await writeCollaborations(trx, responseId, (answers.q10 ?? []) as RowAnswer[])
}

async function writePartnerships (trx: Db, responseId: number, rows: RowAnswer[]): Promise<void> {
  await trx.deleteFrom('partnership').where('response_id', '=', responseId).execute()
  if (rows.length === 0) return
  await trx.insertInto('partnership').values(rows.map((r, i) => ({
    response_id: responseId,
    position: i + 1,
    partner: r.partner as string,
    country: r.country as string | null,
    form: r.form as string | null,
    activity: r.activity as string | null
  }))).execute()
}

async function writeCollaborations (trx: Db, responseId: number, rows: RowAnswer[]): Promise<void> {
  await trx.deleteFrom('collaboration').where('response_id', '=', responseId).execute()
  for (const [i, r] of rows.entries()) {
    const inserted = await trx.insertInto('collaboration').values({
      response_id: responseId, position: i + 1, name: r.name as string, kind: r.kind as string | null, activity: r.activity as string | null
    }).returning('id').executeTakeFirstOrThrow()
    const countries = (r.countries ?? []) as string[]
    if (countries.length > 0) {
      await trx.insertInto('collaboration_country').values(countries.map((country) => ({ collaboration_id: inserted.id, country }))).execute()
    }
  }
}

/** The newest changes made to answers after they were submitted, with their organisation, for the audit page. */
export async function changesAfterSubmission (db: Db, limit: number): Promise<Array<{ at: string, section: string | null, name: string, code: string }>> {
  return await db.selectFrom('response_event as e').innerJoin('response as r', 'r.id', 'e.response_id').innerJoin('organisation as o', 'o.id', 'r.organisation_id')
    .select(['e.at', 'e.section', 'o.name', 'o.code']).where('e.kind', '=', 'changed_after_submission').orderBy('e.id', 'desc').limit(limit).execute()
}
