import formbody from '@fastify/formbody'
import fastifyStatic from '@fastify/static'
import Fastify, { type FastifyInstance } from 'fastify'
import type { DestinationStream } from 'pino'
import type { Config } from './config.js'
import { fromRoot } from './paths.js'
import { databasePlugin } from './plugins/database.js'
import { errorsPlugin } from './plugins/errors.js'
import { mailerPlugin } from './plugins/mailer.js'
import { securityPlugin } from './plugins/security.js'
import { sessionsPlugin } from './plugins/sessions.js'
import { viewsPlugin } from './plugins/views.js'
import { healthRoutes } from './routes/health.js'
import { infoRoutes } from './routes/info.js'
import { respondentRoutes } from './routes/respondent/index.js'
import { adminRoutes } from './routes/admin/index.js'

export interface AppOptions {
  /** Where log lines go; stdout when not given. */
  logStream?: DestinationStream
  /** How often the background mail sender runs; null (the default) leaves it off, as in tests. */
  mailIntervalMs?: number | null
  /** Failed link openings allowed per client address and window (default 30 per 10 minutes). */
  linkLimit?: { limit: number, windowMs: number }
  /** Slow clients are cut off: the whole request within requestMs, its headers within headersMs. */
  timeouts?: { requestMs: number, headersMs: number }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route as registered, for tests that walk them all. */
    routeList: Array<{ method: string, url: string }>
  }
}

/** Hides personal-link tokens in anything that logs a URL. */
export function redactUrl (url: string): string {
  return url.replace(/\/s\/[^/?#]*/g, '/s/[dold]')
}

/** Builds the application from a config; never listens. */
export async function buildApp (config: Config, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      ...(options.logStream !== undefined ? { stream: options.logStream } : {}),
      serializers: {
        req: (req) => ({ method: req.method, url: redactUrl(req.url), remoteAddress: req.ip }),
        res: (res) => ({ statusCode: res.statusCode })
      }
    },
    bodyLimit: 512 * 1024,
    requestTimeout: options.timeouts?.requestMs ?? 30_000,
    http: {
      headersTimeout: options.timeouts?.headersMs ?? 10_000,
      connectionsCheckingInterval: Math.min(1000, Math.floor((options.timeouts?.headersMs ?? 10_000) / 2))
    },
    connectionTimeout: 60_000,
    keepAliveTimeout: 10_000,
    routerOptions: { maxParamLength: 200 }
  })
  const routeList: Array<{ method: string, url: string }> = []
  app.decorate('routeList', routeList)
  app.addHook('onRoute', (route) => {
    for (const method of Array.isArray(route.method) ? route.method : [route.method]) routeList.push({ method, url: route.url })
  })
  const https = config.publicUrl.startsWith('https:')
  await app.register(databasePlugin, { config })
  await app.register(mailerPlugin, { config, intervalMs: options.mailIntervalMs ?? null })
  await app.register(viewsPlugin, { cache: config.env !== 'development' })
  await app.register(errorsPlugin)
  await app.register(securityPlugin, { https })
  await app.register(formbody, { bodyLimit: 512 * 1024 })
  await app.register(sessionsPlugin, {
    secret: config.sessionSecret,
    secure: https,
    idleSeconds: { respondent: 12 * 3600, admin: 30 * 60 },
    maxSeconds: { respondent: 7 * 24 * 3600, admin: 12 * 3600 }
  })
  await app.register(fastifyStatic, { root: fromRoot('public'), prefix: '/public/', maxAge: 3600 * 1000, index: false })
  await app.register(healthRoutes)
  await app.register(infoRoutes)
  await app.register(respondentRoutes, { linkLimit: options.linkLimit ?? { limit: 30, windowMs: 10 * 60_000 } })
  await app.register(adminRoutes, { secure: https })
  return app
}
