import { groupCommit, type Database, type Db } from '../db/database.js'
import type { Answers } from '../questionnaire/answers.js'
import type { Section } from '../questionnaire/types.js'
import { writeSectionAnswers } from './responses.js'
import { tallyResponse } from './tallies.js'

export type SaveResult = { ok: true, version: number } | { ok: false, reason: 'conflict' }

/**
 * Stores one section's answers in one transaction (committed together with saves arriving at the same time), only
 * if the page was made from the version now stored; otherwise nothing is written and the caller shows the conflict.
 */
export async function saveSection (db: Database, responseId: number, section: Section, answers: Answers, expectedVersion: number, now: Date, actor: string): Promise<SaveResult> {
  const at = now.toISOString()
  return await groupCommit(db, async (trx): Promise<SaveResult> => {
    const claimed = expectedVersion === 0
      ? Number((await trx.insertInto('response_section')
        .values({ response_id: responseId, section: section.id, version: 1, saved_at: at })
        .onConflict((oc) => oc.doNothing()).executeTakeFirst()).numInsertedOrUpdatedRows ?? 0n)
      : Number((await trx.updateTable('response_section')
        .set({ version: expectedVersion + 1, saved_at: at })
        .where('response_id', '=', responseId).where('section', '=', section.id).where('version', '=', expectedVersion)
        .executeTakeFirst()).numUpdatedRows)
    if (claimed === 0) return { ok: false, reason: 'conflict' }
    await writeSectionAnswers(trx, responseId, section, answers)
    const response = await trx.updateTable('response')
      .set((eb) => ({ last_saved_at: at, first_saved_at: eb.fn.coalesce('first_saved_at', eb.val(at)) }))
      .where('id', '=', responseId)
      .returning('status').executeTakeFirstOrThrow()
    await trx.insertInto('response_event').values({
      response_id: responseId, kind: response.status === 'submitted' ? 'changed_after_submission' : 'saved', section: section.id, at, actor
    }).execute()
    if (response.status === 'submitted') await tallyResponse(trx, responseId)
    return { ok: true, version: expectedVersion + 1 }
  })
}

/** Marks a response submitted; a repeated submit changes nothing and returns false. */
export async function submitResponse (db: Db, responseId: number, now: Date, actor: string): Promise<boolean> {
  const at = now.toISOString()
  return await db.transaction().execute(async (trx) => {
    const r = await trx.updateTable('response').set({ status: 'submitted', submitted_at: at })
      .where('id', '=', responseId).where('status', '=', 'draft').executeTakeFirst()
    if (Number(r.numUpdatedRows) === 0) return false
    await trx.insertInto('response_event').values({ response_id: responseId, kind: 'submitted', section: null, at, actor }).execute()
    await tallyResponse(trx, responseId)
    return true
  })
}

/** The actor recorded for a respondent's change: the session, by a short prefix of its stored hash. */
export function respondentActor (sessionHash: string): string {
  return `respondent:${sessionHash.slice(0, 8)}`
}

/** How an actor is shown to admins, in Swedish. */
export function actorName (actor: string | null): string {
  if (actor === null) return 'okänd (före loggning av vem)'
  const [kind, ...rest] = actor.split(':')
  const who = rest.join(':')
  if (kind === 'respondent') return `svarande via länken (session ${who})`
  if (kind === 'admin') return `administratör ${who}`
  if (kind === 'cli') return `kommandoraden (${who})`
  return actor
}
