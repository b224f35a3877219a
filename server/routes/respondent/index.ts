import type { FastifyInstance } from 'fastify'
import { icldCountries } from '../../db/reference-data.js'
import { linkRoutes } from './link.js'
import { pageRoutes } from './pages.js'
import { sectionRoutes } from './sections.js'

/** Everything a respondent sees: the link, the five sections, review, submit and receipt. */
export async function respondentRoutes (app: FastifyInstance): Promise<void> {
  const icld = icldCountries()
  await app.register(linkRoutes)
  await app.register(pageRoutes, { icld })
  await app.register(sectionRoutes, { icld })
}
