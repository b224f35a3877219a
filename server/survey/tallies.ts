import { createHash } from 'node:crypto'
import { sql } from 'kysely'
import type { Db } from '../db/database.js'
import { roundClassification } from '../db/reference-data.js'
import type { Answers } from '../questionnaire/answers.js'
import { isAnswered, kindOf } from '../questionnaire/kinds/index.js'
import type { Questionnaire } from '../questionnaire/questionnaire.js'
import { surveyTally } from '../questionnaire/survey-figures.js'
import { isQuestionVisible } from '../questionnaire/visibility.js'
import { loadAnswersMany } from './responses.js'
import { roundQuestionnaire } from './round-questionnaire.js'
import { roundSurveyModule } from './surveys.js'

// Results and item non-response read counts of the submitted answers instead of every answer: each submission
// adds the keys its answers give (per question: "applies", "answered" and what its kind counts, plus the survey's
// own), and a change after submission takes the response's old keys away before adding the new ones, in the same
// transaction as the answers. A round's counts are made again from the answers when the questionnaire or the
// classification of organisations has changed since they were made.

/** Bumped whenever the keys a response gives change meaning, so stored counts are made again. */
const TALLY_FORMAT = 4

/** The keys one submitted response adds to the counts; the survey module's own (`own`) only in a round of its survey. */
export function responseKeys (qn: Questionnaire, answers: Answers, own: boolean): string[] {
  const keys: string[] = []
  const visible = new Set<string>()
  for (const s of qn.sections) {
    for (const q of s.questions) {
      if (!isQuestionVisible(s, q, answers)) continue
      visible.add(q.id)
      keys.push(`${q.id}|applies`)
      const value = answers[q.id]
      if (value === undefined || value === null || !isAnswered(q, value)) continue
      keys.push(`${q.id}|answered`)
      kindOf(q).tally(q, value, (key) => { keys.push(`${q.id}|${key}`) })
    }
  }
  if (own) surveyTally(answers, (id) => visible.has(id), (key) => { keys.push(key) })
  return keys
}

function countKeys (keys: string[], sign: 1 | -1, into = new Map<string, number>()): Map<string, number> {
  for (const k of keys) into.set(k, (into.get(k) ?? 0) + sign)
  return into
}

async function addCounts (trx: Db, roundId: number, kind: string, grp: string, counts: Map<string, number>): Promise<void> {
  const rows = [...counts].filter(([, n]) => n !== 0).map(([key, n]) => ({ round_id: roundId, kind, grp, key, n }))
  // Five columns a row: 1,000 rows stay below SQLite's limit on parameters.
  for (let i = 0; i < rows.length; i += 1000) {
    await trx.insertInto('result_tally').values(rows.slice(i, i + 1000))
      .onConflict((oc) => oc.columns(['round_id', 'kind', 'grp', 'key']).doUpdateSet((eb) => ({ n: eb('result_tally.n', '+', eb.ref('excluded.n')) })))
      .execute()
  }
}

/**
 * Brings the counts up to date with a submitted response's answers (after its submission or a change after it);
 * runs inside the caller's transaction, which must be the one that wrote the answers.
 */
export async function tallyResponse (trx: Db, responseId: number): Promise<void> {
  // The kommungrupp in the round's own classification.
  const r = await trx.selectFrom('response as r').innerJoin('organisation as o', 'o.id', 'r.organisation_id').innerJoin('round as rd', 'rd.id', 'r.round_id')
    .leftJoin('organisation_group as g', (j) => j.onRef('g.organisation_id', '=', 'o.id').onRef('g.classification', '=', 'rd.classification'))
    .select(['r.round_id', 'r.status', 'o.kind', 'g.group_code as grp']).where('r.id', '=', responseId).executeTakeFirstOrThrow()
  if (r.status !== 'submitted') return
  const old = await trx.selectFrom('response_tally').select(['kind', 'grp', 'keys']).where('response_id', '=', responseId).executeTakeFirst()
  const qn = await roundQuestionnaire(trx, r.round_id)
  const own = (await roundSurveyModule(trx, r.round_id)) !== null
  const keys = responseKeys(qn, (await loadAnswersMany(trx, qn, [responseId])).get(responseId) ?? {}, own)
  const grp = r.grp ?? ''
  if (old !== undefined && old.kind === r.kind && old.grp === grp) {
    await addCounts(trx, r.round_id, r.kind, grp, countKeys(keys, 1, countKeys(JSON.parse(old.keys) as string[], -1)))
  } else {
    if (old !== undefined) await addCounts(trx, r.round_id, old.kind, old.grp, countKeys(JSON.parse(old.keys) as string[], -1))
    await addCounts(trx, r.round_id, r.kind, grp, countKeys(keys, 1))
  }
  await trx.insertInto('response_tally').values({ response_id: responseId, kind: r.kind, grp, keys: JSON.stringify(keys) })
    .onConflict((oc) => oc.column('response_id').doUpdateSet({ kind: r.kind, grp, keys: JSON.stringify(keys) })).execute()
}

/** What the counts of a round depend on besides the answers: its questionnaire version and the organisations in its classification. */
async function fingerprint (db: Db, classification: string, qn: Questionnaire): Promise<string> {
  const orgs = await sql<{ v: string | null }>`select group_concat(o.id || ':' || o.kind || ':' || coalesce(g.group_code, ''), ',') as v
    from (select * from organisation order by id) o left join organisation_group g on g.organisation_id = o.id and g.classification = ${classification}`.execute(db)
  return createHash('sha256').update(JSON.stringify({ format: TALLY_FORMAT, questionnaire: qn.hash, classification, orgs: orgs.rows[0]?.v ?? '' })).digest('hex')
}


/** Makes a round's counts again from its submitted answers, in one transaction (with the fingerprint when the caller has it). */
export async function rebuildTallies (db: Db, roundId: number, print?: string): Promise<void> {
  const classification = await roundClassification(db, roundId)
  const qn = await roundQuestionnaire(db, roundId)
  const own = (await roundSurveyModule(db, roundId)) !== null
  print ??= await fingerprint(db, classification, qn)
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('result_tally').where('round_id', '=', roundId).execute()
    await trx.deleteFrom('response_tally').where('response_id', 'in', (eb) => eb.selectFrom('response').select('id').where('round_id', '=', roundId)).execute()
    const totals = new Map<string, Map<string, number>>()
    let lastId = 0
    for (;;) {
      const batch = await trx.selectFrom('response as r').innerJoin('organisation as o', 'o.id', 'r.organisation_id')
        .leftJoin('organisation_group as g', (j) => j.onRef('g.organisation_id', '=', 'o.id').on('g.classification', '=', classification))
        .select(['r.id', 'o.kind', 'g.group_code as grp'])
        .where('r.round_id', '=', roundId).where('r.status', '=', 'submitted').where('r.id', '>', lastId).orderBy('r.id').limit(500).execute()
      if (batch.length === 0) break
      const answers = await loadAnswersMany(trx, qn, batch.map((b) => b.id))
      const stored: Array<{ response_id: number, kind: string, grp: string, keys: string }> = []
      for (const b of batch) {
        const keys = responseKeys(qn, answers.get(b.id) ?? {}, own)
        const who = `${b.kind}\n${b.grp ?? ''}`
        totals.set(who, countKeys(keys, 1, totals.get(who)))
        stored.push({ response_id: b.id, kind: b.kind, grp: b.grp ?? '', keys: JSON.stringify(keys) })
        lastId = b.id
      }
      for (let i = 0; i < stored.length; i += 200) await trx.insertInto('response_tally').values(stored.slice(i, i + 200)).execute()
    }
    for (const [who, counts] of totals) {
      const [kind = '', grp = ''] = who.split('\n')
      await addCounts(trx, roundId, kind, grp, counts)
    }
    await trx.insertInto('tally_state').values({ round_id: roundId, fingerprint: print })
      .onConflict((oc) => oc.column('round_id').doUpdateSet({ fingerprint: print })).execute()
  })
}

/** Makes the counts of every round whose counts are missing or were made with another questionnaire or classification; returns those rounds. */
export async function ensureTallies (db: Db): Promise<number[]> {
  const prints = new Map<string, string>()
  const stale = await db.selectFrom('round as r').leftJoin('tally_state as t', 't.round_id', 'r.id').select(['r.id', 'r.classification', 'r.questionnaire_hash', 't.fingerprint']).execute()
  const rebuilt: number[] = []
  for (const r of stale) {
    const key = `${r.classification}\n${r.questionnaire_hash ?? ''}`
    const print = prints.get(key) ?? await fingerprint(db, r.classification, await roundQuestionnaire(db, r.id))
    prints.set(key, print)
    if (r.fingerprint === print) continue
    await rebuildTallies(db, r.id, print)
    rebuilt.push(r.id)
  }
  return rebuilt
}

/** One count of a round: organisation kind, kommungrupp ('' for regions), key and number. */
export interface TallyCell { kind: 'municipality' | 'region', grp: string, key: string, n: number }

/** Every count of a round. */
export async function loadTallies (db: Db, roundId: number): Promise<TallyCell[]> {
  const rows = await db.selectFrom('result_tally').select(['kind', 'grp', 'key', 'n']).where('round_id', '=', roundId).where('n', '!=', 0).execute()
  return rows as TallyCell[]
}
