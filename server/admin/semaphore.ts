/** At most `size` holders at once; later callers wait in order, and beyond `maxWaiting` they are turned away. */
export class Semaphore {
  private active = 0
  private readonly waiting: Array<() => void> = []

  constructor (private readonly size: number, private readonly maxWaiting: number) {}

  /** Runs work when a place is free; returns null without running it when too many are already waiting. */
  async run<T> (work: () => Promise<T>): Promise<T | null> {
    if (this.active >= this.size) {
      if (this.waiting.length >= this.maxWaiting) return null
      await new Promise<void>((resolve) => this.waiting.push(resolve))
    } else {
      this.active++
    }
    try {
      return await work()
    } finally {
      const next = this.waiting.shift()
      if (next !== undefined) next()
      else this.active--
    }
  }
}
