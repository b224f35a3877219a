import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { responseCounts } from '../../statistics/response-rates.js'
import { ofText } from '../../statistics/format.js'
import { formatDate } from '../../survey/clock.js'
import { currentRound, roundState } from '../../survey/rounds.js'
import { listSurveys } from '../../survey/surveys.js'
import { adminView } from './guard.js'
import { surveyBase } from './survey-scope.js'

const stateNames = { not_open: 'Har inte öppnat', open: 'Öppen', closed: 'Stängd' } as const

/** The list of surveys: each with its current round, the round's state and its response rate, linking to its pages. */
export async function surveyList (app: FastifyInstance, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const now = new Date()
  const surveys = await Promise.all((await listSurveys(app.db)).map(async (survey) => {
    const round = await currentRound(app.db, survey.id)
    const counts = round === undefined ? null : await responseCounts(app.db, round.id)
    const submitted = counts === null ? 0 : counts.municipality.submitted + counts.region.submitted
    const population = counts === null ? 0 : counts.municipality.population + counts.region.population
    return {
      title: survey.title,
      slug: survey.slug,
      href: surveyBase(survey),
      round: round === undefined ? null : { name: round.name, state: stateNames[roundState(round, now)], deadline: formatDate(round.deadline_on), closes: formatDate(round.closes_on) },
      rate: counts === null ? null : ofText(submitted, population, 'organisationer')
    }
  }))
  const created = (request.query as { skapad?: unknown } | undefined)?.skapad
  const createdSurvey = typeof created === 'string' ? surveys.find((s) => s.slug === created) : undefined
  return adminView(app, request, reply, 'surveys', { title: 'Enkäter', nav: 'surveys', surveys, created: createdSurvey?.title ?? null })
}

/** /admin/enkater: every survey with its open round and response rate (also /admin when there are several). */
export async function surveyRoutes (app: FastifyInstance): Promise<void> {
  app.get('/admin/enkater', async (request, reply) => await surveyList(app, request, reply))
}
