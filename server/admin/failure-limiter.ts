/** Counts failures (logins, link openings) per key in a sliding window; in memory, as one server process serves the survey. */
export class FailureLimiter {
  private readonly failures = new Map<string, number[]>()

  constructor (private readonly limit: number, private readonly windowMs: number) {}

  /** Whether the key may try again now. */
  allowed (key: string, now = Date.now()): boolean {
    return this.recent(key, now).length < this.limit
  }

  fail (key: string, now = Date.now()): void {
    const list = this.recent(key, now)
    list.push(now)
    this.failures.set(key, list)
    if (this.failures.size > 50_000) this.prune(now)
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
