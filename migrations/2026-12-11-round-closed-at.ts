import type { Kysely } from 'kysely'

// Frozen in time: never import application code here.
export async function up (db: Kysely<any>): Promise<void> {
  // When an admin closed the round before its closing day ("Stäng omgången nu"); null while it follows its dates.
  await db.schema.alterTable('round').addColumn('closed_at', 'text').execute()
}

export async function down (db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('round').dropColumn('closed_at').execute()
}
