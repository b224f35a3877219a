import type { FastifyInstance } from 'fastify'
import { icldCountries } from '../../db/reference-data.js'
import { linkRoutes, type LinkLimit } from './link.js'
import { pageRoutes } from './pages.js'
import { removeRowRoutes } from './remove-row.js'
import { sectionRoutes } from './sections.js'

/** Everything a respondent sees: the link, the five sections, review, submit and receipt. */
export async function respondentRoutes (app: FastifyInstance, opts: { linkLimit: LinkLimit }): Promise<void> {
  const icld = icldCountries()
  await app.register(linkRoutes, { limit: opts.linkLimit })
  await app.register(pageRoutes, { icld })
  await app.register(sectionRoutes, { icld })
  await app.register(removeRowRoutes, { icld })
}
