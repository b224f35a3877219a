import { readFileSync } from 'node:fs'
import type { FastifyInstance } from 'fastify'
import { fromRoot } from '../../server/paths.js'
import { addDays, swedishDate } from '../../server/survey/clock.js'
import { createRound } from '../../server/survey/new-round.js'
import { checkNewSurvey, createSurvey } from '../../server/survey/new-survey.js'
import { currentRound, type Round } from '../../server/survey/rounds.js'
import type { Survey } from '../../server/survey/surveys.js'
import { activeLinks } from '../../server/survey/links.js'
import { type Respondent, submitFromReview } from './respondent.js'

/** The example survey made from its file alone, with a round open beside the first survey's. */
export async function openExampleSurvey (app: FastifyInstance): Promise<{ survey: Survey, round: Round, first: Round }> {
  const now = new Date()
  const content = readFileSync(fromRoot('server', 'questionnaire', 'examples', 'digitalisering.json'), 'utf8')
  const checked = await checkNewSurvey(app.db, 'digitalisering', content)
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems))
  const survey = await createSurvey(app.db, 'digitalisering', content, checked.questionnaire, 'test', now)
  const first = (await currentRound(app.db))!
  const today = swedishDate(now)
  const round = await createRound(app.db, app.linkKey, { name: first.name, opens_on: today, deadline_on: addDays(today, 20), closes_on: addDays(today, 40), classification: 'skl-2017', surveyId: survey.id }, 'test', now)
  return { survey, round, first }
}


/** The token of an organisation's active link in a round, as the exported links carry it. */
export async function tokenOf (app: FastifyInstance, roundId: number, code: string): Promise<string> {
  const link = (await activeLinks(app.db, app.linkKey, roundId, 'http://x')).find((l) => l.code === code)
  if (link === undefined) throw new Error(`No active link for ${code} in round ${roundId}`)
  return link.url.split('/s/')[1] ?? ''
}

/** Answers every part of the example survey through its pages and sends it in; the location the submit led to. */
export async function answerExample (r: Respondent, code: string): Promise<string | undefined> {
  await r.saveSection('strategi', [['strategi', 'ja'], ['beslut', 'styrelse'], ['ansvar', 'it_avdelning'], ['ansvar', 'annat'], ['ansvar_annat', 'Kommunledningen']])
  await r.saveSection('tjanster', [['e_tjanster', 'skola'], ['hinder', code === '0180' ? 'pengar' : 'kompetens']])
  await r.saveSection('avslutning', [['kommentar', `Kommentar från ${code}`]])
  return (await submitFromReview(r)).location
}
