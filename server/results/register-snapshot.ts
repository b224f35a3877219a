import { sql } from 'kysely'
import { type Database, type Db, preparedQuery } from '../db/database.js'
import type { Round } from '../survey/rounds.js'
import { liveRegisterRows, type PublicRow } from './register-rows.js'

/**
 * Copies a round's register rows as they are now (the publication's snapshot), replacing any earlier copy. Run
 * inside the transaction that publishes, so that what is published is exactly what was reviewed.
 */
export async function copyRegisterRows (trx: Db, roundId: number, now: Date): Promise<number> {
  const rows = await liveRegisterRows(trx, roundId)
  await trx.deleteFrom('register_row').where('round_id', '=', roundId).execute()
  for (let i = 0; i < rows.length; i += 100) {
    await trx.insertInto('register_row').values(rows.slice(i, i + 100).map(({ organisationId, row }, j) => ({
      round_id: roundId, position: i + j, organisation_id: organisationId, data: JSON.stringify(row)
    }))).execute()
  }
  await trx.insertInto('register_snapshot').values({ round_id: roundId, made_at: now.toISOString(), row_count: rows.length })
    .onConflict((oc) => oc.column('round_id').doUpdateSet({ made_at: now.toISOString(), row_count: rows.length })).execute()
  return rows.length
}

/** Forgets a round's copied rows (when it is taken out of the register). */
export async function dropRegisterRows (trx: Db, roundId: number): Promise<void> {
  await trx.deleteFrom('register_row').where('round_id', '=', roundId).execute()
  await trx.deleteFrom('register_snapshot').where('round_id', '=', roundId).execute()
}

/** Marks that the public register changed (publication, withdrawal, exclusion): its cached pages are made again. */
export async function bumpRegisterGeneration (trx: Db): Promise<void> {
  await trx.updateTable('server_state').set((eb) => ({ register_generation: eb('register_generation', '+', 1) })).where('id', '=', 1).execute()
}

const generationQuery = preparedQuery((db: Db) => db.selectFrom('server_state').select('register_generation').where('id', '=', 1))

/** The register's generation, read on every public request (a prepared lookup, kept until the database changes). */
export async function registerGeneration (db: Database): Promise<number> {
  return Number((await generationQuery(db))[0]?.register_generation ?? 0)
}

/** The published rows of a round, as copied at publication, without the organisations an admin has left out since. */
export async function publishedRows (db: Db, roundId: number): Promise<PublicRow[]> {
  const rows = await db.selectFrom('register_row as r').select('r.data').where('r.round_id', '=', roundId)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('register_exclusion as x').select(sql`1`.as('one')).whereRef('x.organisation_id', '=', 'r.organisation_id'))))
    .orderBy('r.position').execute()
  return rows.map((r) => JSON.parse(r.data) as PublicRow)
}

/**
 * Copies the rows of rounds published before publications were copies (at the first start after the upgrade), so
 * that from then on the register reads only copies. Safe to run at every start.
 */
export async function ensureRegisterSnapshots (db: Db, now: Date): Promise<void> {
  const missing: Round[] = await db.selectFrom('round').selectAll().where('register_published_at', 'is not', null)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('register_snapshot as s').select(sql`1`.as('one')).whereRef('s.round_id', '=', 'round.id')))).execute()
  for (const round of missing) {
    await db.transaction().execute(async (trx) => {
      await copyRegisterRows(trx, round.id, now)
      await bumpRegisterGeneration(trx)
    })
  }
}
