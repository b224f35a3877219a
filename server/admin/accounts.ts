import { audit } from './audit.js'
import { privateDir, writePrivateFile } from '../files.js'
import { join } from 'node:path'
import type { Db } from '../db/database.js'
import { DUMMY_HASH, generatePassword, hashPassword, verifyPassword } from './passwords.js'

export interface Admin { id: number, email: string }

/** Creates an admin; returns false when the address is taken. */
export async function addAdmin (db: Db, email: string, password: string, now: Date, actor?: string): Promise<boolean> {
  const hash = await hashPassword(password)
  return await db.transaction().execute(async (trx) => {
    const r = await trx.insertInto('admin').values({ email: email.trim().toLowerCase(), password_hash: hash, created_at: now.toISOString() })
      .onConflict((oc) => oc.column('email').doNothing()).executeTakeFirst()
    const added = Number(r.numInsertedOrUpdatedRows ?? 0n) === 1
    if (added && actor !== undefined) await audit(trx, actor, 'admin_added', email.trim().toLowerCase(), now)
    return added
  })
}

/** The id of the admin with this e-mail, or undefined: how a failed login names an account without the typed text. */
export async function adminIdByEmail (db: Db, email: string): Promise<number | undefined> {
  return (await db.selectFrom('admin').select('id').where('email', '=', email.trim().toLowerCase()).executeTakeFirst())?.id
}

/** Sets a new password for an existing admin and ends that admin's sessions; audited in the same transaction when an actor is given. */
export async function resetPassword (db: Db, email: string, password: string, actor?: string): Promise<boolean> {
  const hash = await hashPassword(password)
  const admin = await db.selectFrom('admin').select('id').where('email', '=', email.trim().toLowerCase()).executeTakeFirst()
  if (admin === undefined) return false
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('admin').set({ password_hash: hash }).where('id', '=', admin.id).execute()
    await trx.deleteFrom('session').where('admin_id', '=', admin.id).execute()
    if (actor !== undefined) await audit(trx, actor, 'password_reset', email.trim().toLowerCase())
  })
  return true
}

/** The admin with this e-mail and password, or null; unknown addresses take as long as wrong passwords. */
export async function authenticate (db: Db, email: string, password: string): Promise<Admin | null> {
  const row = await db.selectFrom('admin').select(['id', 'email', 'password_hash']).where('email', '=', email.trim().toLowerCase()).executeTakeFirst()
  const ok = await verifyPassword(password, row?.password_hash ?? DUMMY_HASH)
  return ok && row !== undefined ? { id: row.id, email: row.email } : null
}

/** On a database without admins, creates one with a generated password and returns the login to print once. */
export async function ensureFirstAdmin (db: Db, email: string, now: Date): Promise<{ email: string, password: string } | null> {
  const any = await db.selectFrom('admin').select('id').limit(1).executeTakeFirst()
  if (any !== undefined) return null
  const password = generatePassword()
  return (await addAdmin(db, email, password, now)) ? { email: email.toLowerCase(), password } : null
}

/** Records a login. */
export async function touchLogin (db: Db, adminId: number, now: Date): Promise<void> {
  await db.updateTable('admin').set({ last_login_at: now.toISOString() }).where('id', '=', adminId).execute()
}

/** Writes the first admin's login to a file only its owner can read (never to the log) and returns the file's path. */
export function writeFirstAdminFile (dataDir: string, login: { email: string, password: string }, loginUrl: string): string {
  const file = join(dataDir, 'forsta-administratoren.txt')
  privateDir(dataDir)
  const text = `Den första administratören för enkäten\n\nLogga in på ${loginUrl}\n  e-post:   ${login.email}\n  lösenord: ${login.password}\n\nTa bort den här filen när du har loggat in.\n`
  writePrivateFile(file, text)
  return file
}

/** The admin with this id (from a session), or undefined when the account is gone. */
export async function findAdmin (db: Db, id: number): Promise<{ id: number, email: string } | undefined> {
  return await db.selectFrom('admin').select(['id', 'email']).where('id', '=', id).executeTakeFirst()
}
