import { audit } from '../admin/audit.js'
import type { Db } from '../db/database.js'
import { classifications, findClassification } from '../reference/classifications.js'
import { newestNameSet } from '../reference/name-sets.js'
import { problemText } from '../questionnaire/file-format.js'
import { parseQuestionnaire, type Questionnaire } from '../questionnaire/questionnaire.js'
import { missingFigureIds } from '../questionnaire/survey-figures.js'
import { diffLines, diffVersions, type OptionsChange, unconfirmed } from '../questionnaire/version-diff.js'
import { formatDate, isCalendarDate } from './clock.js'
import { insertLinks } from './links.js'
import { checkRoundDates, type RoundDates } from './round-dates.js'
import { newestShippedContent, roundQuestionnaire, roundQuestionnaireContent, storedVersion, storeQuestionnaire } from './round-questionnaire.js'
import { currentRound, type Round, roundState, surveyIdOrFirst } from './rounds.js'
import { firstSurvey, surveyById, surveyModuleOf } from './surveys.js'

/** The round was made by someone else between the check and the creation. */
export class RoundExists extends Error {
  constructor (readonly roundName: string) {
    super(`Omgång ${roundName} skapades nyss av någon annan.`)
    this.name = 'RoundExists'
  }
}

/**
 * What the new-round form and command give: the year, the three dates, the classification's id and optionally a
 * new questionnaire version (the file's text; without one the round takes the previous round's version), with the
 * ids of questions whose options changed that the operator confirmed as the same question.
 */
export interface NewRoundInput { name: string, opens_on: string, deadline_on: string, closes_on: string, classification: string, questionnaire?: string, sameQuestion?: string[], /** The survey the round is of; the first survey when not given. */ surveyId?: number }
/** A problem with the new round, by the field it belongs to, in Swedish. */
export interface NewRoundProblem { id: 'name' | 'opens_on' | 'deadline_on' | 'closes_on' | 'classification' | 'questionnaire', message: string }

/**
 * The text of the version a new round takes: the given file, else the previous round's version, else the version
 * its survey was created from, else (the first survey) the newest shipped one.
 */
async function versionText (db: Db, input: NewRoundInput, previous: Round | undefined): Promise<string> {
  if (input.questionnaire !== undefined) return input.questionnaire
  if (previous !== undefined) return await roundQuestionnaireContent(db, previous.id)
  const created = input.surveyId === undefined ? undefined : (await surveyById(db, input.surveyId)).questionnaire_hash
  return created == null ? newestShippedContent() : await storedVersion(db, created) ?? newestShippedContent()
}

/** A version checked for a new round: the parsed version (null when the file is broken), its problems, and its changes against the previous round's version. */
export interface VersionCheck { questionnaire: Questionnaire | null, problems: string[], changes: string[], optionChanges: OptionsChange[] }

/** What a questionnaire version for a new round is checked for: the file itself, the ids the figures read, and option lists changed under a kept id. */
export async function checkVersion (db: Db, content: string, previous: Round | undefined, sameQuestion: readonly string[], surveyId?: number): Promise<VersionCheck> {
  const parsed = parseQuestionnaire(content)
  if (!parsed.ok) return { questionnaire: null, problems: parsed.problems.slice(0, 30).map(problemText), changes: [], optionChanges: [] }
  const qn = parsed.questionnaire
  // Only a survey with a module has figures of its own that need particular ids.
  const problems = (await surveyModuleOf(db, surveyId)) === null ? [] : missingFigureIds(qn)
  if (previous === undefined) return { questionnaire: qn, problems, changes: [], optionChanges: [] }
  const diff = diffVersions(await roundQuestionnaire(db, previous.id), qn)
  for (const c of unconfirmed(diff, sameQuestion)) {
    problems.push(`Fråga ${c.number} (${c.id}) har andra svarsalternativ än i omgång ${previous.name} under samma id. Bekräfta att det är samma fråga, eller ge den ett nytt id om frågans innebörd har ändrats.`)
  }
  return { questionnaire: qn, problems, changes: diffLines(diff), optionChanges: diff.optionsChanged }
}

/**
 * Checks a new round: its name is a year not used before, the round before it has closed (only one round is open
 * at a time, and the new one opens after it), its dates are real and in order, and its classification is shipped.
 */
export async function checkNewRound (db: Db, input: NewRoundInput, now: Date): Promise<{ ok: true, dates: RoundDates, warnings: string[], changes: string[] } | { ok: false, problems: NewRoundProblem[] }> {
  const problems: NewRoundProblem[] = []
  const latest = await currentRound(db, input.surveyId)
  if (!/^\d{4}$/.test(input.name)) {
    problems.push({ id: 'name', message: 'Namn: skriv omgångens år med fyra siffror, till exempel 2027.' })
  } else if ((await db.selectFrom('round').select('id').where('survey_id', '=', surveyIdOrFirst(input.surveyId)).where('name', '=', input.name).executeTakeFirst()) !== undefined) {
    problems.push({ id: 'name', message: `Namn: det finns redan en omgång ${input.name}.` })
  }
  if (latest !== undefined && roundState(latest, now) !== 'closed') {
    problems.push({ id: 'opens_on', message: `Omgång ${latest.name} tar emot svar till och med ${formatDate(latest.closes_on)}. En ny omgång kan skapas när den har stängt (ändra dess datum under Omgång om den ska stänga tidigare).` })
  }
  const version = await checkVersion(db, await versionText(db, input, latest), latest, input.sameQuestion ?? [], input.surveyId)
  for (const p of version.problems) problems.push({ id: 'questionnaire', message: `Frågeformulär: ${p}` })
  if (findClassification(input.classification) === undefined) {
    problems.push({ id: 'classification', message: `Kommungrupper: välj en av ${classifications.map((c) => c.id).join(', ')}.` })
  }
  const checked = checkRoundDates(input as unknown as Record<string, unknown>, now)
  // An opening day before the last round closed is said so, rather than only that it has passed.
  const beforeLatest = latest !== undefined && isCalendarDate(input.opens_on) && input.opens_on <= latest.closes_on
  if (!checked.ok) problems.push(...checked.problems.filter((p) => !(beforeLatest && p.id === 'opens_on')))
  if (beforeLatest) problems.push({ id: 'opens_on', message: `Öppnar: måste vara efter ${formatDate(latest.closes_on)}, då omgång ${latest.name} ${roundState(latest, now) === 'closed' ? 'stängde' : 'stänger'}.` })
  if (problems.length > 0 || !checked.ok) return { ok: false, problems }
  return { ok: true, dates: checked.dates, warnings: checked.warnings, changes: version.changes }
}

/**
 * Creates the next round in one transaction: the round with its dates, classification and frozen questionnaire version, a new personal link for
 * every organisation (the old round's links then lead to a page about the new round), the previous round's edited
 * mail texts as a start, and the audit entry. The caller has checked the input with checkNewRound.
 */
export async function createRound (db: Db, key: Buffer, input: NewRoundInput & RoundDates, actor: string, now: Date): Promise<Round> {
  return await db.transaction().execute(async (trx) => {
    const surveyId = input.surveyId ?? (await firstSurvey(trx)).id
    const previous = await currentRound(trx, surveyId)
    // Two admins pressing the button at once: the second finds the first's round here (writes are serialised).
    if (previous !== undefined && (previous.name === input.name || previous.closes_on >= input.opens_on)) throw new RoundExists(previous.name)
    const questionnaireHash = await storeQuestionnaire(trx, await versionText(trx, input, previous), now)
    const round = await trx.insertInto('round').values({
      survey_id: surveyId,
      name: input.name,
      opens_on: input.opens_on,
      deadline_on: input.deadline_on,
      closes_on: input.closes_on,
      classification: input.classification,
      created_at: now.toISOString(),
      questionnaire_hash: questionnaireHash,
      name_set: newestNameSet
    }).returningAll().executeTakeFirstOrThrow()
    const organisations = await trx.selectFrom('organisation').select('id').orderBy('id').execute()
    await insertLinks(trx, key, round.id, organisations.map((o) => o.id), now)
    if (previous !== undefined) {
      const templates = await trx.selectFrom('mail_template').selectAll().where('round_id', '=', previous.id).execute()
      for (const t of templates) await trx.insertInto('mail_template').values({ ...t, round_id: round.id, updated_at: now.toISOString() }).execute()
    }
    await audit(trx, actor, 'round_created', `Omgång ${round.name}: öppnar ${round.opens_on}, sista svarsdag ${round.deadline_on}, stänger ${round.closes_on}, ${input.classification}; ${organisations.length} nya länkar; frågeformulär ${questionnaireHash.slice(0, 12)}`, now, { surveyId })
    return round
  })
}

/** A round in the list of rounds. */
export interface RoundSummary { id: number, name: string, opens_on: string, deadline_on: string, closes_on: string, closed_at: string | null, classification: string, submitted: number, register_published_at: string | null }

/** Every round of a survey (the first when not given), latest first, with its number of submitted responses. */
export async function roundSummaries (db: Db, surveyId?: number): Promise<RoundSummary[]> {
  const rows = await db.selectFrom('round as r')
    .select(['r.id', 'r.name', 'r.opens_on', 'r.deadline_on', 'r.closes_on', 'r.closed_at', 'r.classification', 'r.register_published_at'])
    .select((eb) => eb.selectFrom('response as s').select((e) => e.fn.countAll<number>().as('n')).whereRef('s.round_id', '=', 'r.id').where('s.status', '=', 'submitted').as('submitted'))
    .where('r.survey_id', '=', surveyIdOrFirst(surveyId))
    .orderBy('r.opens_on', 'desc').orderBy('r.id', 'desc').execute()
  return rows.map((r) => ({ ...r, submitted: Number(r.submitted ?? 0) }))
}
