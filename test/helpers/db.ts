import type { Db } from '../../server/db/database.js'

/** A stable dump of every answer table, to show that a rejected request wrote nothing. */
export async function answerSnapshot (db: Db): Promise<string> {
  const tables = ['response', 'response_section', 'answer_choice', 'answer_text', 'answer_row', 'result_tally', 'response_tally'] as const
  const out: Record<string, unknown[]> = {}
  for (const table of tables) out[table] = await db.selectFrom(table).selectAll().orderBy((eb) => eb.lit(1)).execute()
  return JSON.stringify(out)
}
