import { createHmac } from 'node:crypto'
import { hostname } from 'node:os'
import { ConfigError, type Config } from '../config.js'
import type { Db } from '../db/database.js'
import { processAlive } from '../mail/sender.js'

/** A short fingerprint of the link key: equal keys give equal fingerprints, and it reveals nothing of the key. */
export function keyFingerprint (linkKey: Buffer): string {
  return createHmac('sha256', linkKey).update('fingerprint of the personal-link key').digest('hex').slice(0, 16)
}

/** How the transport of a configuration is shown: SMTP without user name or password, or the outbox folder. */
export function transportText (config: Pick<Config, 'smtpUrl' | 'outboxDir'>): string {
  if (config.smtpUrl === null) return `filer i ${config.outboxDir} (inget SMTP_URL)`
  const url = new URL(config.smtpUrl)
  return `${url.protocol}//${url.host}`
}

/**
 * Records the link key's fingerprint on the first start, and afterwards refuses a process whose SESSION_SECRET
 * derives other links than the database's: its links would all answer 404.
 */
export async function checkLinkKey (db: Db, linkKey: Buffer): Promise<void> {
  const mine = keyFingerprint(linkKey)
  const row = await db.selectFrom('server_state').select('link_key_fingerprint').where('id', '=', 1).executeTakeFirst()
  if (row?.link_key_fingerprint == null) {
    await db.updateTable('server_state').set({ link_key_fingerprint: mine }).where('id', '=', 1).execute()
    return
  }
  if (row.link_key_fingerprint !== mine) {
    throw new ConfigError('SESSION_SECRET differs from the one this database was set up with, so every personal link it made would answer 404. Use the same SESSION_SECRET as the server (SESSION_SECRET skiljer sig från serverns).')
  }
}

/** What the running server works with, written at its start, for the CLI to show. */
export async function recordServerSettings (db: Db, config: Config): Promise<void> {
  await db.updateTable('server_state').set({ transport: transportText(config), public_url: config.publicUrl }).where('id', '=', 1).execute()
}

export const senderOwner = `${hostname()}:${process.pid}`

/** Takes or renews the sender lease for this process until `until`; false when another live process holds it. */
export async function takeSenderLease (db: Db, now: Date, untilMs: number): Promise<boolean> {
  const until = new Date(now.getTime() + untilMs).toISOString()
  return await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('server_state').select(['sender_owner', 'sender_until']).where('id', '=', 1).executeTakeFirstOrThrow()
    const held = row.sender_owner !== null && row.sender_owner !== senderOwner && row.sender_until !== null && row.sender_until > now.toISOString() && processAlive(row.sender_owner)
    if (held) return false
    await trx.updateTable('server_state').set({ sender_owner: senderOwner, sender_until: until }).where('id', '=', 1).execute()
    return true
  })
}

/** Gives the lease up (at a clean stop). */
export async function releaseSenderLease (db: Db): Promise<void> {
  await db.updateTable('server_state').set({ sender_owner: null, sender_until: null }).where('id', '=', 1).where('sender_owner', '=', senderOwner).execute()
}

/** The server state as the CLI shows it, and whether a server holds the sender lease now. */
export async function serverState (db: Db, now: Date): Promise<{ transport: string | null, publicUrl: string | null, senderActive: boolean, senderOwner: string | null }> {
  const row = await db.selectFrom('server_state').selectAll().where('id', '=', 1).executeTakeFirst()
  return {
    transport: row?.transport ?? null,
    publicUrl: row?.public_url ?? null,
    senderActive: row?.sender_owner != null && row.sender_until != null && row.sender_until > now.toISOString(),
    senderOwner: row?.sender_owner ?? null
  }
}
