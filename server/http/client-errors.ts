import type { Socket } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { rawSecurityHeaders } from '../plugins/security.js'
import { errorMessages } from '../plugins/errors.js'

const REASONS: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' }

/**
 * Node's answers to requests it cannot read (a broken request line, slow headers, oversized headers) as the same
 * Swedish error page, with the same security headers, that every other error gets. Pages are rendered once.
 */
export class ClientErrorPages {
  private pages = new Map<number, string>()

  constructor (private readonly https: boolean) {}

  /** Renders the pages once the views exist. */
  prepare (app: FastifyInstance): void {
    for (const status of Object.keys(REASONS).map(Number)) {
      const m = errorMessages[status] ?? errorMessages[400]
      this.pages.set(status, app.renderView('error', { title: m?.title, text: m?.text, status }))
    }
  }

  /** Fastify's clientErrorHandler: answers on the raw socket and closes it. */
  handle (err: NodeJS.ErrnoException & { rawPacket?: unknown }, socket: Socket): void {
    if (err.code === 'ECONNRESET' || !socket.writable) { socket.destroy(); return }
    const status = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400
    const body = this.pages.get(status) ?? `<!doctype html><html lang="sv"><title>Fel</title><p>Begäran kunde inte läsas.</p></html>`
    const headers = { ...rawSecurityHeaders(this.https), 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': String(Buffer.byteLength(body)), Connection: 'close' }
    const head = Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join('\r\n')
    socket.end(`HTTP/1.1 ${status} ${REASONS[status] ?? 'Bad Request'}\r\n${head}\r\n\r\n${body}`)
  }
}
