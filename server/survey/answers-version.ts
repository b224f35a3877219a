import { sql } from 'kysely'
import type { Db } from '../db/database.js'

/**
 * A key that changes whenever the answers of submitted responses can have changed, which are all the results and
 * item non-response count: a submission (the count, and the newest submitted response and submission event move)
 * or a change after submission (each writes a changed_after_submission event). Saves of drafts, by far the most
 * common write while a survey runs, leave it alone. Every lookup is by index.
 */
export async function answersVersion (db: Db, roundId: number): Promise<string> {
  const r = await sql<{ v: string }>`select
      (select count(*) from response where round_id = ${roundId} and status = 'submitted') || ':' ||
      coalesce((select max(id) from response where round_id = ${roundId} and status = 'submitted'), 0) || ':' ||
      coalesce((select max(id) from response_event where kind = 'submitted'), 0) || ':' ||
      coalesce((select max(id) from response_event where kind = 'changed_after_submission'), 0) || ':' ||
      (select count(*) from organisation) as v`.execute(db)
  return `${roundId}:${r.rows[0]?.v ?? ''}`
}

/** Remembers the last few results of an expensive computation per answers version. */
export class VersionCache<T> {
  private readonly entries = new Map<string, Promise<T>>()
  constructor (private readonly size = 4) {}

  async get (key: string, compute: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key)
    if (hit !== undefined) return await hit
    const value = compute()
    this.entries.set(key, value)
    value.catch(() => { this.entries.delete(key) })
    while (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value as string)
    return await value
  }
}

/** One cache per database connection, so two databases in one process never share results. */
export class PerDatabase<T> {
  private readonly caches = new WeakMap<Db, VersionCache<T>>()

  async get (db: Db, roundId: number, compute: () => Promise<T>): Promise<T> {
    let cache = this.caches.get(db)
    if (cache === undefined) { cache = new VersionCache<T>(); this.caches.set(db, cache) }
    return await cache.get(await answersVersion(db, roundId), compute)
  }
}
