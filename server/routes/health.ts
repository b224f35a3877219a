import { statfs } from 'node:fs/promises'
import type { FastifyInstance } from 'fastify'
import { probeRead, probeWrite } from '../db/health.js'
import { mailProblem } from '../mail/readiness.js'

/** Free space below this in the data folder's file system makes the server not ready. */
const MIN_FREE_BYTES = 200 * 1024 * 1024

/**
 * GET /healthz (liveness: the process answers and the database can be read) and GET /readyz (readiness: a write
 * lands, the disk has room, the mail sender works and no mailing is paused or overdue). Both answer a short JSON body, 503 when not.
 */
export async function healthRoutes (app: FastifyInstance): Promise<void> {
  app.get('/healthz', async (request, reply) => {
    try {
      await probeRead(app.db)
      return await reply.type('application/json').send({ status: 'ok' })
    } catch (err) {
      request.log.error({ err }, 'health check failed')
      return await reply.code(503).type('application/json').send({ status: 'unavailable' })
    }
  })

  app.get('/readyz', async (request, reply) => {
    const checks: Record<string, string> = {}
    try {
      await probeWrite(app.db, new Date())
      checks.database = 'ok'
    } catch (err) {
      request.log.error({ err }, `readiness: the database does not take writes (${app.config.databasePath}, DATABASE_PATH)`)
      checks.database = `cannot write: ${(err as Error).message}`
    }
    try {
      const fs = await statfs(app.config.dataDir)
      const free = fs.bavail * fs.bsize
      checks.disk = free >= MIN_FREE_BYTES ? 'ok' : `only ${Math.floor(free / 1048576)} MB free in ${app.config.dataDir}`
    } catch (err) {
      checks.disk = `cannot read: ${(err as Error).message}`
    }
    const mail = app.mailer.health()
    checks.mail = mail === 'stalled' ? 'stalled: the mail sender has not finished a run for too long' : mail
    if (mail !== 'stalled') {
      try {
        checks.mail = (await mailProblem(app.db, new Date())) ?? mail
      } catch (err) {
        checks.mail = `cannot read: ${(err as Error).message}`
      }
    }
    const ready = Object.values(checks).every((v) => v === 'ok' || v === 'off')
    if (!ready) request.log.warn({ checks }, 'not ready')
    return await reply.code(ready ? 200 : 503).type('application/json').send({ status: ready ? 'ok' : 'unavailable', checks })
  })
}
