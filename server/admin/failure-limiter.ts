/** Counts failures (logins, link openings) per key in a sliding window; in memory, as one server process serves the survey. */
export class FailureLimiter {
  private readonly failures = new Map<string, number[]>()

  constructor (private readonly limit: number, private readonly windowMs: number) {}

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
    this.failures.set(key, list)
    if (this.failures.size > 50_000) this.prune(now)
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

  private recent (key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((t) => now - t < this.windowMs)
  }

  private prune (now: number): void {
    for (const [key] of this.failures) if (this.recent(key, now).length === 0) this.failures.delete(key)
  }
}
