import type { FastifyInstance } from 'fastify'

/** An error with the status Fastify's error handler shows (400 unreadable, 413 too large, 415 wrong charset). */
export class InputError extends Error {
  constructor (message: string, readonly statusCode: number) { super(message) }
}

export type FormBody = Record<string, string | string[]>

const strictUtf8 = new TextDecoder('utf-8', { fatal: true })

/** Percent-decodes one form component; throws InputError when the bytes are not valid UTF-8. */
export function decodeComponent (raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '))
  } catch {
    throw new InputError('not valid UTF-8 or a broken %-escape', 400)
  }
}

/**
 * Parses an application/x-www-form-urlencoded body: strict UTF-8 (raw and %-encoded bytes alike), repeated names as
 * arrays, no prototype, at most maxFields pairs. Unlike a lenient parser nothing invalid is stored as sent.
 */
export function parseForm (body: Buffer, maxFields: number): FormBody {
  let text: string
  try {
    text = strictUtf8.decode(body)
  } catch {
    throw new InputError('body is not valid UTF-8', 400)
  }
  const out: FormBody = Object.create(null) as FormBody
  if (text === '') return out
  const pairs = text.split('&')
  if (pairs.length > maxFields) throw new InputError(`more than ${maxFields} fields`, 413)
  for (const pair of pairs) {
    if (pair === '') continue
    const eq = pair.indexOf('=')
    const key = decodeComponent(eq === -1 ? pair : pair.slice(0, eq))
    const value = eq === -1 ? '' : decodeComponent(pair.slice(eq + 1))
    const prev = out[key]
    out[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value]
  }
  return out
}

/** The charset parameter of a Content-Type header, lower-cased, or null when it names none. */
export function charsetOf (contentType: string | undefined): string | null {
  const m = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '')
  return m === null ? null : (m[1] ?? '').toLowerCase()
}

/** Registers the strict form parser in place of @fastify/formbody; other charsets than UTF-8 get 415. */
export function registerFormParser (app: FastifyInstance, opts: { bodyLimit: number, maxFields: number }): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer', bodyLimit: opts.bodyLimit }, (request, body, done) => {
    const charset = charsetOf(request.headers['content-type'])
    if (charset !== null && charset !== 'utf-8' && charset !== 'utf8') {
      done(new InputError(`charset ${charset} is not accepted`, 415), undefined)
      return
    }
    try {
      done(null, parseForm(body as Buffer, opts.maxFields))
    } catch (err) {
      done(err as Error, undefined)
    }
  })
}

/** Whether a raw request URL's path and query decode as strict UTF-8 (no broken %-escapes). */
export function urlIsReadable (url: string): boolean {
  const q = url.indexOf('?')
  const path = q === -1 ? url : url.slice(0, q)
  try {
    decodeURIComponent(path)
    if (q !== -1) for (const part of url.slice(q + 1).split(/[&=]/)) decodeComponent(part)
    return true
  } catch {
    return false
  }
}
