import type { FastifyReply, FastifyRequest } from 'fastify'
import type { DestinationStream } from 'pino'

/** Health probes are asked every few seconds: a log line each would bury everything else, so only failures get one. */
const probes = new Set(['/healthz', '/readyz'])

/** The one log line of a request, written when its answer has gone: method, address, status and time taken. */
export async function logRequest (request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (reply.statusCode < 400 && probes.has(request.routeOptions.url ?? '')) return
  request.log.info({ req: request, res: reply, ms: Math.round(reply.elapsedTime) }, `${request.method} ${reply.statusCode}`)
}

/**
 * Human-readable log lines for development (pino-pretty, a development dependency): one line per entry with the
 * local time. Undefined, so the JSON lines of production are used, when it is not installed (a pruned install).
 */
export async function developmentLogStream (destination?: NodeJS.WritableStream): Promise<DestinationStream | undefined> {
  try {
    const { default: pretty } = await import('pino-pretty')
    return pretty({ translateTime: 'SYS:yyyy-mm-dd HH:MM:ss.l o', ignore: 'pid,hostname', singleLine: true, colorize: destination === undefined && process.stdout.isTTY === true, ...(destination !== undefined ? { destination } : {}) })
  } catch {
    return undefined
  }
}
