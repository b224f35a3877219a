import type { FastifyInstance } from 'fastify'
import type { Answers } from '../../server/questionnaire/answers.js'
import { writeSectionAnswers } from '../../server/survey/responses.js'
import { roundQuestionnaire } from '../../server/survey/round-questionnaire.js'
import { currentRound } from '../../server/survey/rounds.js'
import { tallyResponse } from '../../server/survey/tallies.js'

/** Stores a response for an organisation directly (answers by question id), submitted at a given time or left as a draft. */
export async function storeResponse (app: FastifyInstance, code: string, answers: Answers, submittedAt: Date | null, openedAt = submittedAt ?? new Date()): Promise<number> {
  const round = (await currentRound(app.db))!
  const org = await app.db.selectFrom('organisation').select('id').where('code', '=', code).executeTakeFirstOrThrow()
  const saved = Object.keys(answers).length > 0 ? openedAt.toISOString() : null
  const { id } = await app.db.insertInto('response').values({
    round_id: round.id, organisation_id: org.id, first_opened_at: openedAt.toISOString(), first_saved_at: saved, last_saved_at: saved,
    status: submittedAt === null ? 'draft' : 'submitted', submitted_at: submittedAt?.toISOString() ?? null
  }).returning('id').executeTakeFirstOrThrow()
  for (const section of (await roundQuestionnaire(app.db, round.id)).sections) {
    if (!section.questions.some((q) => answers[q.id] !== undefined)) continue
    await writeSectionAnswers(app.db, id, section, answers)
    await app.db.insertInto('response_section').values({ response_id: id, section: section.id, version: 1, saved_at: openedAt.toISOString() }).execute()
  }
  await tallyResponse(app.db, id)
  return id
}
