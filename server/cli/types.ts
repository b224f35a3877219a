import { userInfo } from 'node:os'
import type { Config } from '../config.js'
import type { Db } from '../db/database.js'
import { currentRound, type Round } from '../survey/rounds.js'
import { listSurveys, surveyById } from '../survey/surveys.js'

export interface CliIo {
  out: (line: string) => void
  err: (line: string) => void
  /** Asks a yes/no question on a terminal; null when there is none to ask. */
  confirm: ((question: string) => Promise<boolean>) | null
}

/** One CLI command: returns the process exit code. `survey` is the slug given with --enkat=<slug>, or null. */
export type Command = (db: Db, config: Config, args: string[], io: CliIo, survey: string | null) => Promise<number>

/**
 * The survey a command is about: the one named with --enkat=<slug>, or the only one there is. Null (with the reason
 * on standard error) when the slug is unknown or there are several surveys and none was named.
 */
export async function cliSurveyId (db: Db, slug: string | null, io: CliIo): Promise<number | null> {
  const surveys = await listSurveys(db)
  const names = surveys.map((s) => s.slug).join(', ')
  if (slug !== null) {
    const survey = surveys.find((s) => s.slug === slug)
    if (survey === undefined) io.err(`Det finns ingen enkät ${slug}. Enkäter: ${names}.`)
    return survey?.id ?? null
  }
  if (surveys.length === 1) return surveys[0]?.id ?? null
  io.err(`Det finns flera enkäter: ange vilken med --enkat=<slug> (${names}).`)
  return null
}

/**
 * The current round of the command's survey (see cliSurveyId). Null, with a one-line Swedish reason on standard error,
 * when there is no survey to tell or the survey has no round yet.
 */
export async function cliCurrentRound (db: Db, slug: string | null, io: CliIo): Promise<Round | null> {
  const surveyId = await cliSurveyId(db, slug, io)
  if (surveyId === null) return null
  const round = await currentRound(db, surveyId)
  if (round !== undefined) return round
  const survey = await surveyById(db, surveyId)
  io.err(`Enkäten ${survey.slug} har ingen omgång än. Skapa den första med: npm run survey -- round create <år> <öppnar> <sista-svarsdag> <stänger> --enkat=${survey.slug}`)
  return null
}

/** The audit actor of a command-line action: `cli:` and the operating-system user who ran it. */
export function cliActor (): string {
  try {
    return `cli:${userInfo().username}`
  } catch {
    return `cli:uid ${process.getuid?.() ?? '?'}`
  }
}
