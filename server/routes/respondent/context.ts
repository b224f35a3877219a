import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Answers } from '../../questionnaire/answers.js'
import type { Questionnaire } from '../../questionnaire/questionnaire.js'
import type { OrganisationKind } from '../../questionnaire/types.js'
import { questionnaireByHash } from '../../survey/round-questionnaire.js'
import { findRespondentHead, loadCommittedAnswers, openResponse, type Response } from '../../survey/responses.js'
import { currentRound, roundState, type Round, type RoundState } from '../../survey/rounds.js'
import { listSurveys } from '../../survey/surveys.js'
import type { PageOwner } from '../../survey/section-save.js'
import { shownAnswers } from '../../questionnaire/prefill.js'

export interface Organisation { id: number, code: string, name: string, kind: OrganisationKind }

export type SectionVersions = Record<string, { version: number, saved_at: string }>

/** What a respondent's session leads to, read in one query: link, round, organisation, response and section versions. */
export interface RespondentHead {
  linkId: number
  round: Round
  /** The questionnaire version of the round, which every page, save and review of it reads. */
  questionnaire: Questionnaire
  roundState: RoundState
  organisation: Organisation
  /** Null until the link has been used to open the survey. */
  response: Response | null
  versions: SectionVersions
  /** The organisation's submitted response of the latest earlier round, which unsaved pages start from; null when none. */
  previous: { responseId: number, roundName: string } | null
}

export interface RespondentContext extends RespondentHead {
  response: Response
  answers: Answers
  /** Last round's submitted answers as this round's version reads them (only questions and options it still has), which unsaved pages start from; null when the organisation has none. */
  previousAnswers: Answers | null
  /** The answers that decide which parts are shown: this round's, and last round's for parts not yet saved. */
  shown: Answers
}

/**
 * The head of a respondent page from the session, or null when there is no valid respondent session. Every saved
 * change to the answers raises a section's version, so the head also tells whether a page made earlier is still right.
 */
export async function respondentHead (app: FastifyInstance, request: FastifyRequest, now: Date): Promise<RespondentHead | null> {
  const session = request.session
  if (session === null || session.kind !== 'respondent' || session.link_id === null) return null
  const [row] = await findRespondentHead(app.db, session.link_id)
  if (row === undefined) return null
  const round: Round = { id: row.round_id, survey_id: row.survey_id, name: row.round_name, opens_on: row.opens_on, deadline_on: row.deadline_on, closes_on: row.closes_on, created_at: row.round_created_at, purged_at: row.round_purged_at, classification: row.classification, register_published_at: row.register_published_at, register_published_by: row.register_published_by, questionnaire_hash: row.questionnaire_hash, closed_at: row.closed_at, name_set: row.name_set }
  if (row.questionnaire_hash === null) throw new Error(`Round ${row.round_name} has no questionnaire version`)
  // SQLite hands JSON back as text: the section versions as an array, the earlier round's response as an object.
  const versions: SectionVersions = {}
  for (const v of fromJson(row.versions) ?? []) versions[v.section] = { version: Number(v.version), saved_at: v.saved_at }
  return {
    linkId: row.link_id,
    round,
    questionnaire: await questionnaireByHash(app.db, row.questionnaire_hash),
    roundState: roundState(round, now),
    organisation: { id: row.organisation_id, code: row.code, name: row.name, kind: row.kind },
    response: row.response_id === null
      ? null
      : {
          id: row.response_id,
          round_id: row.round_id,
          organisation_id: row.organisation_id,
          status: row.status as Response['status'],
          first_opened_at: row.first_opened_at as string,
          first_saved_at: row.first_saved_at,
          last_saved_at: row.last_saved_at,
          submitted_at: row.submitted_at
        },
    versions,
    previous: fromJson(row.previous)
  }
}

/** A JSON column as the query typed it (SQLite returns JSON as text; a driver or plugin may already have parsed it). */
function fromJson<T> (raw: T | string | null): T | null {
  return typeof raw === 'string' ? JSON.parse(raw) as T : raw
}

/** Everything a respondent page needs, from the session; null when there is no valid respondent session. */
export async function respondentContext (app: FastifyInstance, request: FastifyRequest): Promise<RespondentContext | null> {
  const now = new Date()
  const head = await respondentHead(app, request, now)
  if (head === null) return null
  return await withAnswers(app, head, now)
}

/** The head completed with the stored answers; opens the response (as a draft) when the link is used for the first time. */
export async function withAnswers (app: FastifyInstance, head: RespondentHead, now: Date): Promise<RespondentContext> {
  const response = head.response ?? await openResponse(app.db, head.round.id, head.organisation.id, now)
  const [answers, previous] = await Promise.all([loadCommittedAnswers(app.db, head.questionnaire, response.id), previousAnswers(app, head)])
  return { ...head, response, answers, previousAnswers: previous, shown: shownAnswers(head.questionnaire, answers, head.versions, previous) }
}

/**
 * The questionnaire a page is read with: the head's round's, or without a head (no session, so no survey) that of the
 * first survey whose current round has the part asked for (which decides between "not found" and "session ended").
 */
export async function pageQuestionnaire (app: FastifyInstance, head: RespondentHead | null, sectionId: string): Promise<Questionnaire> {
  if (head !== null) return head.questionnaire
  let first: Questionnaire | undefined
  for (const survey of await listSurveys(app.db)) {
    const round = await currentRound(app.db, survey.id)
    if (round?.questionnaire_hash == null) continue
    const qn = await questionnaireByHash(app.db, round.questionnaire_hash)
    if (qn.findSection(sectionId) !== undefined) return qn
    first ??= qn
  }
  if (first === undefined) throw new Error('No survey has a round with a questionnaire version')
  return first
}

/** Whose answers a save or a row removal on a page of this head writes: the round's organisation and its response. */
export function pageOwner (head: RespondentHead): PageOwner {
  return { questionnaire: head.questionnaire, roundId: head.round.id, organisationId: head.organisation.id, responseId: head.response?.id ?? null, versions: head.versions, previousResponseId: head.previous?.responseId ?? null }
}

/** The id hash of the respondent session of a request whose page head was found (which needs a session). */
export function sessionHash (request: FastifyRequest): string {
  if (request.session === null) throw new Error('No session on a request with a respondent page head')
  return request.session.id_hash
}

/**
 * The organisation's answers of the latest earlier round it submitted, which unsaved pages start from, read with
 * this round's version: only answers whose question and option ids still exist carry over. Null when none.
 */
export async function previousAnswers (app: FastifyInstance, head: RespondentHead): Promise<Answers | null> {
  return head.previous === null ? null : await loadCommittedAnswers(app.db, head.questionnaire, head.previous.responseId)
}
