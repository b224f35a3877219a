import { gzipSync } from 'node:zlib'

/** A page as sent: the HTML and its gzip form. */
export interface CachedPage { html: Buffer, gzip: Buffer }

/** A page just made, compressed once. */
export function cachedPage (html: string): CachedPage {
  const bytes = Buffer.from(html)
  return { html: bytes, gzip: gzipSync(bytes) }
}

/**
 * Pages as last sent, per key, with a fingerprint of everything they show (for a section page: link, round and its
 * state, organisation, response and section versions; for the public register: its generation). A page is sent
 * again only while its fingerprint is unchanged; otherwise it is made anew. Bounded by bytes, the least recently
 * used going first; kept in memory only.
 */
export class PageCache {
  private readonly entries = new Map<string, { fingerprint: string, page: CachedPage }>()
  private bytes = 0

  constructor (private readonly maxBytes: number) {}

  get (key: string, fingerprint: string): CachedPage | undefined {
    const entry = this.entries.get(key)
    if (entry === undefined) return undefined
    this.entries.delete(key)
    if (entry.fingerprint !== fingerprint) {
      this.bytes -= sizeOf(entry.page)
      return undefined
    }
    this.entries.set(key, entry)
    return entry.page
  }

  set (key: string, fingerprint: string, page: CachedPage): void {
    const old = this.entries.get(key)
    if (old !== undefined) {
      this.entries.delete(key)
      this.bytes -= sizeOf(old.page)
    }
    if (sizeOf(page) > this.maxBytes) return
    this.entries.set(key, { fingerprint, page })
    this.bytes += sizeOf(page)
    for (const [k, e] of this.entries) {
      if (this.bytes <= this.maxBytes) break
      this.entries.delete(k)
      this.bytes -= sizeOf(e.page)
    }
  }

  /** Entries and bytes held, for tests. */
  get size (): { entries: number, bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes }
  }
}

function sizeOf (page: CachedPage): number {
  return page.html.length + page.gzip.length
}

/** Whether an Accept-Encoding header takes gzip (named or as *, without q=0). */
export function acceptsGzip (header: string | undefined): boolean {
  if (header === undefined) return false
  return header.split(',').some((part) => {
    const [name, ...params] = part.split(';').map((s) => s.trim())
    return (name === 'gzip' || name === '*') && !params.some((p) => /^q=0(\.0{0,3})?$/.test(p))
  })
}
