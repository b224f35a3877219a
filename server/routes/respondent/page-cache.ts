/**
 * Section pages as last sent, per session and page, with a fingerprint of everything they show (link, round and its
 * state, organisation, response and section versions). A page is sent again only while its fingerprint is unchanged;
 * otherwise it is made anew. Bounded by bytes, the least recently used going first; kept in memory only.
 */
export class PageCache {
  private readonly entries = new Map<string, { fingerprint: string, body: Buffer }>()
  private bytes = 0

  constructor (private readonly maxBytes: number) {}

  get (key: string, fingerprint: string): Buffer | undefined {
    const entry = this.entries.get(key)
    if (entry === undefined) return undefined
    this.entries.delete(key)
    if (entry.fingerprint !== fingerprint) {
      this.bytes -= entry.body.length
      return undefined
    }
    this.entries.set(key, entry)
    return entry.body
  }

  set (key: string, fingerprint: string, body: Buffer): void {
    const old = this.entries.get(key)
    if (old !== undefined) {
      this.entries.delete(key)
      this.bytes -= old.body.length
    }
    if (body.length > this.maxBytes) return
    this.entries.set(key, { fingerprint, body })
    this.bytes += body.length
    for (const [k, e] of this.entries) {
      if (this.bytes <= this.maxBytes) break
      this.entries.delete(k)
      this.bytes -= e.body.length
    }
  }

  /** Entries and bytes held, for tests. */
  get size (): { entries: number, bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes }
  }
}
