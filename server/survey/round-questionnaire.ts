import type { Db } from '../db/database.js'
import { parseQuestionnaire, type Questionnaire, questionnaireOf, shippedContent, shippedVersions } from '../questionnaire/questionnaire.js'

// A round's questionnaire is the version it was created with, stored in the database (content and hash), so a
// later change to a shipped file or a new version for the next round never changes an earlier round.

const byHash = new Map<string, Questionnaire>()

/** Stores a version's text (once per hash) and returns its hash; runs in the caller's transaction. */
export async function storeQuestionnaire (db: Db, content: string, now: Date): Promise<string> {
  const q = questionnaireOf(content)
  await db.insertInto('questionnaire_version').values({ hash: q.hash, name: q.name, content, created_at: now.toISOString() })
    .onConflict((oc) => oc.column('hash').doNothing()).execute()
  return q.hash
}

/** The text of the newest shipped version: what a new round takes unless given another file. */
export function newestShippedContent (): string {
  return shippedContent(shippedVersions[shippedVersions.length - 1] as string)
}

/** Gives every round made before versions were stored the shipped 2018 version; safe to run at every start. */
export async function freezeRoundQuestionnaires (db: Db, now: Date): Promise<void> {
  const missing = await db.selectFrom('round').select('id').where('questionnaire_hash', 'is', null).execute()
  if (missing.length === 0) return
  const hash = await storeQuestionnaire(db, shippedContent('2018'), now)
  await db.updateTable('round').set({ questionnaire_hash: hash }).where('questionnaire_hash', 'is', null).execute()
}

/** A stored version by its hash, parsed once per process. */
export async function questionnaireByHash (db: Db, hash: string): Promise<Questionnaire> {
  const hit = byHash.get(hash)
  if (hit !== undefined) return hit
  const row = await db.selectFrom('questionnaire_version').select('content').where('hash', '=', hash).executeTakeFirst()
  if (row === undefined) throw new Error(`Questionnaire version ${hash} is not stored in the database`)
  const q = questionnaireOf(row.content)
  if (q.hash !== hash) throw new Error(`Questionnaire version ${hash} was changed in the database`)
  byHash.set(hash, q)
  return q
}

/** The text of a stored version by its hash (an uploaded version for the next round, or a round's), or undefined. */
export async function storedVersion (db: Db, hash: string): Promise<string | undefined> {
  return (await db.selectFrom('questionnaire_version').select('content').where('hash', '=', hash).executeTakeFirst())?.content
}

/** A stored version by its hash that passes every check of the file format, or null (unknown hash or a bad file). */
export async function storedQuestionnaire (db: Db, hash: string): Promise<Questionnaire | null> {
  const content = await storedVersion(db, hash)
  const parsed = content === undefined ? undefined : parseQuestionnaire(content)
  return parsed === undefined || !parsed.ok ? null : parsed.questionnaire
}

/** The questionnaire version a round was created with. */
export async function roundQuestionnaire (db: Db, roundId: number): Promise<Questionnaire> {
  const round = await db.selectFrom('round').select(['name', 'questionnaire_hash']).where('id', '=', roundId).executeTakeFirst()
  if (round === undefined) throw new Error(`No round ${roundId}`)
  if (round.questionnaire_hash === null) throw new Error(`Round ${round.name} has no questionnaire version: the database was not prepared by a start of the server (npm start)`)
  return await questionnaireByHash(db, round.questionnaire_hash)
}

/** The stored text of a round's version (for a download, or as the start of the next round's). */
export async function roundQuestionnaireContent (db: Db, roundId: number): Promise<string> {
  const row = await db.selectFrom('round as r').innerJoin('questionnaire_version as v', 'v.hash', 'r.questionnaire_hash')
    .select('v.content').where('r.id', '=', roundId).executeTakeFirst()
  if (row === undefined) throw new Error(`Round ${roundId} has no stored questionnaire version`)
  return row.content
}
