import { sql } from 'kysely'
import type { Db } from '../db/database.js'

/**
 * A key that changes whenever stored answers change: every save and submit through the app writes a
 * response_event row, answers are only deleted and inserted (never updated in place) so the highest row ids move,
 * and submissions change the count of submitted responses.
 */
export async function answersVersion (db: Db, roundId: number): Promise<string> {
  const r = await sql<{ v: string }>`select
      (select count(*) from response where round_id = ${roundId} and status = 'submitted') || ':' ||
      coalesce((select max(rowid) from answer_choice), 0) || ':' || coalesce((select max(rowid) from answer_text), 0) || ':' ||
      coalesce((select max(id) from partnership), 0) || ':' || coalesce((select max(id) from collaboration), 0) || ':' ||
      coalesce((select max(rowid) from collaboration_country), 0) || ':' || coalesce((select max(id) from response_event), 0) || ':' ||
      (select count(*) from organisation) as v`.execute(db)
  return `${roundId}:${r.rows[0].v}`
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
