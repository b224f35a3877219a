import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Answers } from '../../questionnaire/answers.js'
import type { OrganisationKind } from '../../questionnaire/types.js'
import { loadAnswers, openResponse, sectionVersions, type Response } from '../../survey/responses.js'
import { roundState, type Round, type RoundState } from '../../survey/rounds.js'

export interface Organisation { id: number, code: string, name: string, kind: OrganisationKind }

export interface RespondentContext {
  linkId: number
  round: Round
  roundState: RoundState
  organisation: Organisation
  response: Response
  answers: Answers
  versions: Record<string, { version: number, saved_at: string }>
}

/** Everything a respondent page needs, from the session; null when there is no valid respondent session. */
export async function respondentContext (app: FastifyInstance, request: FastifyRequest): Promise<RespondentContext | null> {
  const session = request.session
  if (session === null || session.kind !== 'respondent' || session.link_id === null) return null
  const link = await app.db.selectFrom('personal_link as l')
    .innerJoin('round as r', 'r.id', 'l.round_id')
    .innerJoin('organisation as o', 'o.id', 'l.organisation_id')
    .select(['l.id as link_id', 'l.round_id', 'l.organisation_id', 'o.code', 'o.name', 'o.kind'])
    .where('l.id', '=', session.link_id).where('l.revoked_at', 'is', null)
    .executeTakeFirst()
  if (link === undefined) return null
  const round = await app.db.selectFrom('round').selectAll().where('id', '=', link.round_id).executeTakeFirstOrThrow()
  const now = new Date()
  const existing = await app.db.selectFrom('response').selectAll().where('round_id', '=', link.round_id).where('organisation_id', '=', link.organisation_id).executeTakeFirst()
  const response = existing ?? await openResponse(app.db, link.round_id, link.organisation_id, now)
  const [answers, versions] = await Promise.all([loadAnswers(app.db, response.id), sectionVersions(app.db, response.id)])
  return {
    linkId: link.link_id,
    round,
    roundState: roundState(round, now),
    organisation: { id: link.organisation_id, code: link.code, name: link.name, kind: link.kind },
    response,
    answers,
    versions
  }
}

