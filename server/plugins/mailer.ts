import fp from 'fastify-plugin'
import type { Config } from '../config.js'
import { startMailWorker, type MailWorker } from '../mail/worker.js'
import { recordServerSettings } from '../survey/server-state.js'

declare module 'fastify' {
  interface FastifyInstance {
    mailer: { kick: () => void, health: () => 'ok' | 'stalled' | 'off' }
  }
}

/** The background mail sender of a running server; off (kick does nothing) when intervalMs is null. */
export const mailerPlugin = fp(async (app, opts: { config: Config, intervalMs: number | null }) => {
  if (opts.intervalMs === null) {
    app.decorate('mailer', { kick: () => {}, health: () => 'off' as const })
    return
  }
  let worker: MailWorker | null = null
  app.addHook('onReady', async () => {
    await recordServerSettings(app.db, opts.config)
    worker = startMailWorker(app.db, opts.config, app.linkKey, app.log, opts.intervalMs as number)
  })
  app.addHook('onClose', async () => { await worker?.stop() })
  app.decorate('mailer', { kick: () => { worker?.kick() }, health: () => worker?.health() ?? 'ok' })
}, { name: 'mailer', dependencies: ['database'] })
