import { createHmac, randomBytes } from 'node:crypto'
import { sameSecret } from '../http/same-secret.js'
import { FailureLimiter } from './failure-limiter.js'

const WINDOW_MS = 15 * 60_000
/** Failures per (account, client) before back-off starts; then each try waits 2^(n-FREE) seconds after the last. */
const FREE_TRIES = 3
const MAX_DELAY_MS = WINDOW_MS
/** Failures per account, from devices it has not logged in from, after which such devices are refused for a while. */
const ACCOUNT_CEILING = 20
/** Failures per client address, over all accounts. */
const ADDRESS_LIMIT = 50
/** How long a browser is remembered as a known device for an account. */
export const DEVICE_DAYS = 90

export type LoginDecision =
  | { ok: true, release: () => void }
  | { ok: false, reason: 'backoff' | 'account' | 'address', retryAfterSeconds: number }

/**
 * Decides whether a login attempt may be checked, and counts it before any await so parallel attempts cannot all pass.
 * Failures slow down one (account, client) pair; an account under attack from many clients refuses new devices only,
 * so the right password from a browser that has logged in before (a signed device cookie) always gets through.
 */
export class LoginGuard {
  private readonly pair = new FailureLimiter(Number.MAX_SAFE_INTEGER, WINDOW_MS)
  private readonly account = new FailureLimiter(ACCOUNT_CEILING, WINDOW_MS)
  private readonly address = new FailureLimiter(ADDRESS_LIMIT, WINDOW_MS)

  constructor (private readonly secret: string) {}

  /** Takes an attempt: refused, or counted as failed until `release` is called on success. */
  attempt (email: string, ip: string, device: string | null, now = Date.now()): LoginDecision {
    const known = device !== null && this.deviceEmail(device) === email
    const pairKey = known ? `device ${device}` : `${email}\n${ip}`
    const n = this.pair.count(pairKey, now)
    if (n >= FREE_TRIES) {
      const wait = Math.min(MAX_DELAY_MS, 1000 * 2 ** (n - FREE_TRIES))
      const since = now - (this.pair.last(pairKey, now) ?? 0)
      if (since < wait) return { ok: false, reason: 'backoff', retryAfterSeconds: Math.ceil((wait - since) / 1000) }
    }
    if (!known && !this.account.allowed(email, now)) return { ok: false, reason: 'account', retryAfterSeconds: WINDOW_MS / 1000 }
    if (!known && !this.address.allowed(ip, now)) return { ok: false, reason: 'address', retryAfterSeconds: WINDOW_MS / 1000 }
    const releases = [this.pair.reserve(pairKey, now)]
    if (!known) releases.push(this.account.reserve(email, now), this.address.reserve(ip, now))
    return { ok: true, release: () => { for (const r of releases) r(); this.pair.reset(pairKey) } }
  }

  /** A signed cookie value that marks this browser as a known device for the account. */
  deviceCookie (email: string, now = Date.now()): string {
    const id = randomBytes(16).toString('base64url')
    const expires = Math.floor(now / 1000) + DEVICE_DAYS * 86400
    const payload = `${id}.${expires}.${Buffer.from(email).toString('base64url')}`
    return `${payload}.${this.mac(payload)}`
  }

  /** The account a device cookie was issued for, or null when it is forged, malformed or expired. */
  deviceEmail (cookie: string, now = Date.now()): string | null {
    const parts = cookie.split('.')
    if (parts.length !== 4) return null
    const [id, expires, email, mac] = parts as [string, string, string, string]
    if (!sameSecret(mac, this.mac(`${id}.${expires}.${email}`))) return null
    if (Number(expires) * 1000 < now) return null
    return Buffer.from(email, 'base64url').toString('utf8')
  }

  private mac (payload: string): string {
    return createHmac('sha256', this.secret).update(`device:${payload}`).digest('base64url')
  }
}
