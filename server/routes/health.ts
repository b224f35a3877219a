import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'

/** GET /healthz: 200 when the database answers, 503 when it does not. */
export async function healthRoutes (app: FastifyInstance): Promise<void> {
  app.get('/healthz', async (request, reply) => {
    try {
      await sql`select 1`.execute(app.db)
      return await reply.type('application/json').send({ status: 'ok' })
    } catch (err) {
      request.log.error({ err }, 'health check failed')
      return await reply.code(503).type('application/json').send({ status: 'unavailable' })
    }
  })
}
