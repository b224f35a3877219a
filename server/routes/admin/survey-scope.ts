import type { IncomingMessage } from 'node:http'
import type { FastifyRequest } from 'fastify'
import { RESERVED_SLUGS, type Survey, SURVEY_SLUG } from '../../survey/surveys.js'

type ScopedMessage = IncomingMessage & { surveySlug?: string }

/**
 * Fastify's rewriteUrl: /admin/<slug>/<page> is routed as /admin/<page> with the slug kept on the request, where the
 * admin guard turns it into the request's survey (an unknown slug is a 404 there).
 */
export function rewriteSurveyUrl (req: IncomingMessage): string {
  const url = req.url ?? '/'
  const match = /^\/admin\/([^/?#]+)(.*)$/s.exec(url)
  if (match === null) return url
  const [, segment = '', rest = ''] = match
  // The first segments of the admin's own pages are never a slug (RESERVED_SLUGS): /admin/<page> stays the first survey's.
  if (RESERVED_SLUGS.has(segment) || !SURVEY_SLUG.test(segment)) return url
  ;(req as ScopedMessage).surveySlug = segment
  return `/admin${rest}`
}

/** The slug the URL of an admin request named, or null for /admin/<page> (the first survey's) and /admin itself. */
export function requestedSlug (request: FastifyRequest): string | null {
  return (request.raw as ScopedMessage).surveySlug ?? null
}

/** Where a survey's admin pages live: /admin/<slug>. */
export function surveyBase (survey: Pick<Survey, 'slug'>): string {
  return `/admin/${survey.slug}`
}

/** The base of the request's survey pages as its URL had it: /admin/<slug>, or /admin for the first survey's old addresses. */
export function requestBase (request: FastifyRequest): string {
  const slug = requestedSlug(request)
  return slug === null ? '/admin' : `/admin/${slug}`
}
