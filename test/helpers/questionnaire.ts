import type { FastifyInstance } from 'fastify'
import type { QuestionnaireFile } from '../../server/questionnaire/file-format.js'
import { shippedContent } from '../../server/questionnaire/questionnaire.js'
import { storeQuestionnaire } from '../../server/survey/round-questionnaire.js'
import { currentRound } from '../../server/survey/rounds.js'
import { rebuildTallies } from '../../server/survey/tallies.js'

/** The shipped 2018 questionnaire file as an object, to change in a test. */
export function file2018 (): QuestionnaireFile {
  return JSON.parse(shippedContent('2018')) as QuestionnaireFile
}

/** A questionnaire file's text as an operator would write it. */
export function fileText (file: unknown): string {
  return `${JSON.stringify(file, null, 2)}\n`
}

/** Puts the current round on another questionnaire version (as if it had been created with it); for tests only. */
export async function useRoundQuestionnaire (app: FastifyInstance, content: string): Promise<void> {
  const round = (await currentRound(app.db))!
  const hash = await storeQuestionnaire(app.db, content, new Date())
  await app.db.updateTable('round').set({ questionnaire_hash: hash }).where('id', '=', round.id).execute()
  await rebuildTallies(app.db, round.id)
}
