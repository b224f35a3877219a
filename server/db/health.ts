import { sql } from 'kysely'
import type { Db } from './database.js'

/** Reads from the database; throws when it cannot. */
export async function probeRead (db: Db): Promise<void> {
  await sql`select 1`.execute(db)
}

/** Writes one row to the database (the same row every time); throws when the write does not land. */
export async function probeWrite (db: Db, now: Date): Promise<void> {
  await db.insertInto('health_probe').values({ id: 1, at: now.toISOString() })
    .onConflict((oc) => oc.column('id').doUpdateSet((eb) => ({ at: eb.ref('excluded.at') }))).execute()
}
