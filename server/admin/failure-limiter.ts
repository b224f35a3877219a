/** The most keys a limiter remembers; past it, the key idle longest is forgotten. */
export const MAX_LIMITER_KEYS = 50_000
/** The most failures kept per key (a count past the limit changes nothing). */
const MAX_PER_KEY = 1000

/**
 * Counts failures (logins, link openings) per key in a sliding window; in memory, as one server process serves the
 * survey. Every failure moves its key to the end of the map and, when the map is full, drops the first key (the one
 * idle longest), so no request ever scans the map: the work per request is constant however many addresses fail.
 */
export class FailureLimiter {
  private readonly failures = new Map<string, number[]>()

  constructor (private readonly limit: number, private readonly windowMs: number, private readonly maxKeys = MAX_LIMITER_KEYS) {}

  /** Whether the key may try again now. */
  allowed (key: string, now = Date.now()): boolean {
    return this.count(key, now) < this.limit
  }

  /** Failures of the key within the window. */
  count (key: string, now = Date.now()): number {
    return this.recent(key, now).length
  }

  /** When the key last failed (ms), or null. */
  last (key: string, now = Date.now()): number | null {
    const list = this.recent(key, now)
    return list.length === 0 ? null : list[list.length - 1] ?? null
  }

  fail (key: string, now = Date.now()): void {
    const list = this.recent(key, now)
    list.push(now)
    if (list.length > Math.min(this.limit, MAX_PER_KEY)) list.splice(0, list.length - Math.min(this.limit, MAX_PER_KEY))
    this.failures.delete(key)
    if (this.failures.size >= this.maxKeys) this.failures.delete(this.failures.keys().next().value as string)
    this.failures.set(key, list)
  }

  /** Counts a failure now, before the outcome is known, and returns how to take it back if it succeeds. */
  reserve (key: string, now = Date.now()): () => void {
    this.fail(key, now)
    return () => {
      const list = this.failures.get(key)
      const i = list?.lastIndexOf(now) ?? -1
      if (list !== undefined && i !== -1) list.splice(i, 1)
    }
  }

  reset (key: string): void {
    this.failures.delete(key)
  }

  /** Keys remembered, for tests. */
  get size (): number {
    return this.failures.size
  }

  private recent (key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((t) => now - t < this.windowMs)
  }
}
