import { isIPv6 } from 'node:net'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'

/** How many requests a client may make to the public pages: a burst, then a steady rate. */
export interface PublicLimit { burst: number, perSecond: number }

/** The default: 60 at once, then 2 a second (a person reading the register never comes near it). */
export const PUBLIC_LIMIT: PublicLimit = { burst: 60, perSecond: 2 }

/** The most clients remembered; the one idle longest is forgotten first (in constant time). */
export const MAX_CLIENTS = 100_000

/** The client a limit counts: an IPv4 address, or an IPv6 address's /64 (what one household or server holds). */
export function clientKey (ip: string): string {
  if (ip.startsWith('::ffff:') && !isIPv6(ip.slice(7))) return ip.slice(7)
  if (!isIPv6(ip)) return ip
  const [head = '', tail = ''] = ip.split('::')
  const left = head === '' ? [] : head.split(':')
  const right = tail === '' ? [] : tail.split(':')
  const groups = ip.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left
  return `${groups.slice(0, 4).map((g) => g.toLowerCase().replace(/^0+(?=.)/, '')).join(':')}::/64`
}

/**
 * A token bucket per client, in memory (one server process serves the product). Each request costs one token;
 * buckets refill at a steady rate. At most `maxClients` buckets are kept: every request moves its bucket to the end
 * of the map, and the first (idle longest) is dropped when the map is full, so no request scans the map.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number, at: number }>()

  constructor (private readonly limit: PublicLimit, private readonly maxClients = MAX_CLIENTS) {}

  /** Takes a token for the client; false when it has none left. */
  take (key: string, now = Date.now()): boolean {
    const bucket = this.buckets.get(key)
    const tokens = bucket === undefined ? this.limit.burst : Math.min(this.limit.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.limit.perSecond)
    if (bucket !== undefined) this.buckets.delete(key)
    else if (this.buckets.size >= this.maxClients) this.buckets.delete(this.buckets.keys().next().value as string)
    const allowed = tokens >= 1
    this.buckets.set(key, { tokens: allowed ? tokens - 1 : tokens, at: now })
    return allowed
  }

  /** Seconds until the client has a token again. */
  retryAfter (): number {
    return Math.max(1, Math.ceil(1 / this.limit.perSecond))
  }

  /** Clients remembered, for tests. */
  get size (): number {
    return this.buckets.size
  }
}

/**
 * An onRequest hook for public pages: past its limit a client gets a short Swedish 429 page (made once) with
 * Retry-After, before any page is made. The address is the one TRUST_PROXY lets Fastify believe.
 */
export function publicRateLimit (limiter: RateLimiter, app: FastifyInstance): (request: FastifyRequest, reply: FastifyReply) => Promise<void> {
  let html: string | undefined
  return async (request, reply) => {
    if (limiter.take(clientKey(request.ip))) return
    html ??= app.renderView('error', { title: 'För många sidvisningar', text: 'Många sidor har hämtats härifrån på kort tid. Vänta en stund och försök igen.', status: 429 })
    await reply.code(429).header('Retry-After', String(limiter.retryAfter())).type('text/html; charset=utf-8').send(html)
  }
}
