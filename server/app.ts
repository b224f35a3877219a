import fastifyStatic from '@fastify/static'
import Fastify, { type FastifyInstance, type FastifyReply, LogController } from 'fastify'
import { type DestinationStream, stdTimeFunctions } from 'pino'
import { developmentLogStream, logRequest } from './http/request-log.js'
import type { Config } from './config.js'
import { ClientErrorPages } from './http/client-errors.js'
import { InputError, registerFormParser, urlIsReadable } from './http/form-body.js'
import { zodValidatorCompiler } from './http/schemas.js'
import { redactUrl } from './http/redact.js'
import { registerOriginCheck } from './http/origin.js'
import { PUBLIC_LIMIT, type PublicLimit, RateLimiter } from './http/rate-limit.js'
import { fromRoot, runningFromSources } from './paths.js'
import { errorMessages } from './plugins/errors.js'
import { rawSecurityHeaders } from './plugins/security.js'
import { databasePlugin } from './plugins/database.js'
import { errorsPlugin } from './plugins/errors.js'
import { mailerPlugin } from './plugins/mailer.js'
import { securityPlugin } from './plugins/security.js'
import { sessionsPlugin } from './plugins/sessions.js'
import { viewsPlugin } from './plugins/views.js'
import { healthRoutes } from './routes/health.js'
import { infoRoutes } from './routes/info.js'
import { publicRegisterRoutes } from './routes/public-register.js'
import { respondentRoutes } from './routes/respondent/index.js'
import { adminRoutes } from './routes/admin/index.js'
import { rewriteSurveyUrl } from './routes/admin/survey-scope.js'

export interface AppOptions {
  /** Where log lines go; stdout when not given. */
  logStream?: DestinationStream
  /** How often the background mail sender runs; null (the default) leaves it off, as in tests. */
  mailIntervalMs?: number | null
  /** Failed link openings allowed per client address and window (default 30 per 10 minutes). */
  linkLimit?: { limit: number, windowMs: number }
  /** Requests a client may make to the public pages (front page, information, register): default 60 at once, then 2 a second. */
  publicLimit?: PublicLimit
  /** Register pages not yet kept that may be made, all clients together (default 50 at once, then 40 a second). */
  registerFreshLimit?: PublicLimit
  /** Slow clients are cut off: the whole request within requestMs, its headers within headersMs. */
  timeouts?: { requestMs: number, headersMs: number }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route as registered, for tests that walk them all. */
    routeList: Array<{ method: string, url: string, schema: Array<'params' | 'querystring' | 'body'> }>
  }
}

/** Form bodies larger than this get 413 (the largest legitimate page, a full section C in Swedish text, is 165 kB). */
export const FORM_BODY_LIMIT = 384 * 1024
/** The most fields a form may have (a full section C has about 420). */
const FORM_MAX_FIELDS = 2000

/** Builds the application from a config; never listens. */
export async function buildApp (config: Config, options: AppOptions = {}): Promise<FastifyInstance> {
  const https = config.publicUrl.startsWith('https:')
  const clientErrors = new ClientErrorPages(https)
  const logStream = options.logStream ?? (config.env === 'development' ? await developmentLogStream() : undefined)
  const app = Fastify({
    trustProxy: config.trustProxy.length > 0 ? config.trustProxy : false,
    clientErrorHandler: (err, socket) => { clientErrors.handle(err, socket) },
    frameworkErrors: (error, request, reply) => {
      request.log.info({ code: error.code }, 'request rejected before routing')
      const m = errorMessages[400]
      // Fastify answers these before any hook runs, so the security headers are set here.
      void (reply as unknown as FastifyReply).code(400).headers(rawSecurityHeaders(https)).type('text/html; charset=utf-8').send(app.renderView('error', { title: m?.title, text: m?.text, status: 400 }))
    },
    // One line per request (logRequest, at the response), ISO 8601 times, and JSON except in development.
    logController: new LogController({ disableRequestLogging: true }),
    logger: {
      level: config.logLevel,
      timestamp: stdTimeFunctions.isoTime,
      ...(logStream !== undefined ? { stream: logStream } : {}),
      serializers: {
        req: (req) => ({ method: req.method, url: redactUrl(req.url), remoteAddress: req.ip }),
        res: (res) => ({ statusCode: res.statusCode })
      }
    },
    bodyLimit: FORM_BODY_LIMIT,
    requestTimeout: options.timeouts?.requestMs ?? 30_000,
    http: {
      headersTimeout: options.timeouts?.headersMs ?? 10_000,
      connectionsCheckingInterval: Math.min(1000, Math.floor((options.timeouts?.headersMs ?? 10_000) / 2))
    },
    connectionTimeout: 60_000,
    keepAliveTimeout: 10_000,
    // A path parameter as long as a URL can be (Node refuses headers over 16 kB): each route's schema limits its own,
    // so a mangled personal link of thousands of characters gets the "link does not work" page, not a bare 400.
    routerOptions: { maxParamLength: 16_384 },
    // A survey's admin pages, /admin/<slug>/…, are served by the /admin/… routes with the survey kept on the request.
    rewriteUrl: rewriteSurveyUrl
  })
  const routeList: FastifyInstance['routeList'] = []
  app.decorate('routeList', routeList)
  app.addHook('onRoute', (route) => {
    for (const method of Array.isArray(route.method) ? route.method : [route.method]) routeList.push({ method, url: route.url, schema: (['params', 'querystring', 'body'] as const).filter((k) => route.schema?.[k] !== undefined) })
  })
  app.addHook('onResponse', logRequest)
  app.setValidatorCompiler(zodValidatorCompiler)
  await app.register(databasePlugin, { config })
  await app.register(mailerPlugin, { config, intervalMs: options.mailIntervalMs ?? null })
  // Templates are read once, except while developing from the sources, where an edited view shows at once.
  await app.register(viewsPlugin, { cache: !(config.env === 'development' && runningFromSources), contactEmail: config.contactEmail })
  await app.register(errorsPlugin)
  await app.register(securityPlugin, { https })
  clientErrors.prepare(app)
  registerOriginCheck(app, config.publicUrl)
  registerFormParser(app, { bodyLimit: FORM_BODY_LIMIT, maxFields: FORM_MAX_FIELDS })
  app.addHook('onRequest', async (request) => {
    if (!urlIsReadable(request.raw.url ?? '/')) throw new InputError('the URL is not valid UTF-8 or has a broken %-escape', 400)
  })
  await app.register(sessionsPlugin, {
    secret: config.sessionSecret,
    secure: https,
    idleSeconds: { respondent: 12 * 3600, admin: 30 * 60 },
    maxSeconds: { respondent: 7 * 24 * 3600, admin: 12 * 3600 }
  })
  await app.register(fastifyStatic, { root: fromRoot('public'), prefix: '/public/', maxAge: 3600 * 1000, index: false })
  await app.register(healthRoutes)
  const publicLimiter = new RateLimiter(options.publicLimit ?? PUBLIC_LIMIT)
  await app.register(infoRoutes, { limiter: publicLimiter })
  await app.register(publicRegisterRoutes, { limiter: publicLimiter, ...(options.registerFreshLimit !== undefined ? { freshLimit: options.registerFreshLimit } : {}) })
  await app.register(respondentRoutes, { linkLimit: options.linkLimit ?? { limit: 30, windowMs: 10 * 60_000 } })
  await app.register(adminRoutes, { secure: https, secret: config.sessionSecret })
  return app
}
