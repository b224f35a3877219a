import type { FastifyInstance } from 'fastify'
import { auditRoutes } from './audit-log.js'
import { authRoutes } from './auth.js'
import { contactsImportRoutes } from './contacts-import.js'
import { adminGuard } from './guard.js'
import { mailingRoutes } from './mailings.js'
import { newSurveyRoutes } from './new-survey.js'
import { organisationRoutes } from './organisations.js'
import { overviewRoutes } from './overview.js'
import { questionnaireRoutes } from './questionnaire.js'
import { resultRoutes } from './results.js'
import { roundRoutes } from './round.js'
import { surveyRoutes } from './surveys.js'

/** Everything under /admin, behind the login guard. */
export async function adminRoutes (app: FastifyInstance, opts: { secure: boolean, secret: string }): Promise<void> {
  await app.register(adminGuard)
  await app.register(authRoutes, { secure: opts.secure, secret: opts.secret })
  await app.register(overviewRoutes)
  await app.register(surveyRoutes)
  await app.register(newSurveyRoutes)
  await app.register(roundRoutes)
  await app.register(organisationRoutes)
  await app.register(mailingRoutes)
  await app.register(contactsImportRoutes)
  await app.register(questionnaireRoutes)
  await app.register(resultRoutes)
  await app.register(auditRoutes)
}
