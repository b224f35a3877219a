import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { findAdmin } from '../../admin/accounts.js'
import { currentRound } from '../../survey/rounds.js'
import { firstSurvey, type Survey, surveyBySlug } from '../../survey/surveys.js'
import { requestBase, requestedSlug } from './survey-scope.js'

declare module 'fastify' {
  interface FastifyRequest {
    admin: { id: number, email: string } | null
    /** The survey an admin page is of: the one its URL names (/admin/<slug>/…), else the first survey. */
    survey: Survey | null
  }
  interface FastifyContextConfig {
    /** 'public' pages need no login; 'manual' routes check CSRF themselves (multipart). */
    adminAccess?: 'public'
    csrf?: 'manual'
  }
}

/** Renders an admin page with the admin's name, the nav and a CSRF token. */
export function adminView (app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, name: string, data: Record<string, unknown>): FastifyReply {
  const survey = surveyOf(request)
  return reply.view(`admin/${name}`, { ...data, admin: request.admin, csrf: app.csrfToken(request), nav: data.nav ?? name, survey, base: requestBase(request) })
}

/** The survey of an admin request the guard let through. */
export function surveyOf (request: FastifyRequest): Survey {
  if (request.survey === null) throw new Error('No survey on a request the admin guard let through')
  return request.survey
}

/** An address among the pages of the request's survey, under the base its own URL had (/admin/<slug>, or /admin). */
export function surveyPath (request: FastifyRequest, path: string): string {
  return requestBase(request) + path
}

/** The signed-in admin of a request the guard let through (every /admin route but the login page). */
export function signedIn (request: FastifyRequest): { id: number, email: string } {
  if (request.admin === null) throw new Error('No admin on a request the admin guard let through')
  return request.admin
}

/** The survey pages that work before a survey has its first round: the round page, which creates it. */
const ROUNDLESS_ROUTES: ReadonlySet<string> = new Set(['/admin/omgang', '/admin/omgang/ny'])

/** Whether a request is for a file (its route ends in an extension such as .csv, .xlsx or .:format), not a page. */
function isDownload (request: FastifyRequest): boolean {
  return /\.(?:[a-z0-9]+|:[a-z]+)$/i.test(request.routeOptions.url ?? '')
}

/** Every /admin route needs an admin session (GET redirects to login), and every POST a valid CSRF token. */
export const adminGuard = fp(async (app) => {
  app.decorateRequest('admin', null)
  app.decorateRequest('survey', null)
  app.addHook('preHandler', async (request, reply) => {
    const config = request.routeOptions.config
    if (config.adminAccess === 'public') return
    const session = request.session
    if (session?.kind === 'admin' && session.admin_id !== null) {
      const admin = await findAdmin(app.db, session.admin_id)
      if (admin !== undefined) request.admin = admin
    }
    if (request.admin === null) {
      if (request.method === 'GET' || request.method === 'HEAD') return await reply.redirect(`/admin/logga-in?till=${encodeURIComponent(request.originalUrl)}`, 303)
      return await reply.code(401).view('error', { title: 'Du är inte inloggad', text: 'Logga in igen. Ingenting har ändrats.', status: 401 })
    }
    const slug = requestedSlug(request)
    const survey = slug === null ? await firstSurvey(app.db) : await surveyBySlug(app.db, slug)
    if (survey === undefined) return await reply.callNotFound()
    request.survey = survey
    if (slug !== null && !ROUNDLESS_ROUTES.has(request.routeOptions.url ?? '') && (await currentRound(app.db, survey.id)) === undefined) {
      // A page explains what to do; a file (results.csv, svar-….xlsx) does not exist yet, which a 200 would hide.
      if (request.method === 'GET' || request.method === 'HEAD') {
        if (isDownload(request)) return await reply.code(409).view('error', { title: 'Enkäten har ingen omgång', text: 'Det finns ingen fil att ladda ner förrän enkätens första omgång är skapad (på sidan Omgång).', status: 409 })
        return await adminView(app, request, reply, 'no-round', { title: `${survey.title}: ingen omgång än`, nav: 'overview' })
      }
      return await reply.code(409).view('error', { title: 'Enkäten har ingen omgång', text: 'Skapa enkätens första omgång på sidan Omgång. Ingenting har ändrats.', status: 409 })
    }
    if (request.method !== 'GET' && request.method !== 'HEAD' && config.csrf !== 'manual') {
      const body = request.body as Record<string, unknown> | undefined
      if (!app.csrfValid(request, body?._csrf)) {
        return await reply.code(403).view('error', { title: 'Formuläret har gått ut', text: 'Sidan hade varit öppen för länge eller kom från en annan webbplats. Ingenting har ändrats. Gå tillbaka, ladda om sidan och försök igen.', status: 403 })
      }
      // A form about one round names it (hidden field "omgang"): once another round is the survey's current one, a
      // page left open from before would act on the new round, so it is refused instead.
      if (typeof body?.omgang === 'string' && body.omgang !== String((await currentRound(app.db, survey.id))?.id ?? '')) {
        return await reply.code(409).view('error', { title: 'Omgången har bytts', text: 'Sidan gällde en annan omgång än den som nu är enkätens aktuella. Ingenting har ändrats. Ladda om sidan och försök igen.', status: 409 })
      }
    }
  })
})
