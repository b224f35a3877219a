import { createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto'
import { audit, type AuditNote } from '../admin/audit.js'
import type { Db } from '../db/database.js'
import { nameInRound } from '../db/reference-data.js'

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/

/** The key personal links are derived from; it comes from SESSION_SECRET and never leaves the process. */
export function linkKey (secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'skr-enkat', 'personal-link', 32))
}

/** The token for a link: an HMAC of its random 128-bit nonce, so only the hash need be stored. */
export function tokenFor (key: Buffer, nonce: string): string {
  return createHmac('sha256', key).update(nonce).digest('base64url')
}

/** The stored form of a token. */
export function hashToken (token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

/** Whether a string has the shape of a token (checked before any lookup). */
export function isWellFormedToken (token: string): boolean {
  return TOKEN_PATTERN.test(token)
}

function newLink (key: Buffer, roundId: number, organisationId: number, now: Date): {
  round_id: number, organisation_id: number, nonce: string, token_hash: string, created_at: string
} {
  const nonce = randomBytes(16).toString('hex')
  return { round_id: roundId, organisation_id: organisationId, nonce, token_hash: hashToken(tokenFor(key, nonce)), created_at: now.toISOString() }
}

/** Gives every organisation without an active link in the round a new one. */
export async function ensureLinks (db: Db, key: Buffer, roundId: number, now: Date): Promise<number> {
  const missing = await db.selectFrom('organisation as o')
    .select('o.id')
    .where((eb) => eb.not(eb.exists(eb.selectFrom('personal_link as l').select('l.id')
      .whereRef('l.organisation_id', '=', 'o.id').where('l.round_id', '=', roundId).where('l.revoked_at', 'is', null))))
    .execute()
  await db.transaction().execute(async (trx) => { await insertLinks(trx, key, roundId, missing.map((o) => o.id), now) })
  return missing.length
}

/** Gives each of these organisations a new link in the round, inside the caller's transaction. */
export async function insertLinks (trx: Db, key: Buffer, roundId: number, organisationIds: number[], now: Date): Promise<void> {
  for (let i = 0; i < organisationIds.length; i += 1000) {
    await trx.insertInto('personal_link').values(organisationIds.slice(i, i + 1000).map((id) => newLink(key, roundId, id, now))).execute()
  }
}

export interface ActiveLink {
  organisation_id: number
  code: string
  name: string
  kind: 'municipality' | 'region'
  url: string
}

/** Every organisation's active link in a round, as full URLs; confidential. */
export async function activeLinks (db: Db, key: Buffer, roundId: number, publicUrl: string): Promise<ActiveLink[]> {
  const rows = await db.selectFrom('personal_link as l')
    .innerJoin('organisation as o', 'o.id', 'l.organisation_id')
    .select(['o.id as organisation_id', 'o.code', nameInRound('o', 'l.round_id').as('name'), 'o.kind', 'l.nonce'])
    .where('l.round_id', '=', roundId).where('l.revoked_at', 'is', null)
    .orderBy('o.kind').orderBy('o.code')
    .execute()
  return rows.map((r) => ({ organisation_id: r.organisation_id, code: r.code, name: r.name, kind: r.kind, url: linkUrl(publicUrl, tokenFor(key, r.nonce)) }))
}

/** The address of a personal link. */
export function linkUrl (publicUrl: string, token: string): string {
  return `${publicUrl}/s/${token}`
}

/** The active link a token opens, or undefined for unknown, revoked and malformed tokens alike. */
export async function findActiveLink (db: Db, token: string): Promise<{ id: number, round_id: number, organisation_id: number } | undefined> {
  if (!isWellFormedToken(token)) return undefined
  return await db.selectFrom('personal_link')
    .select(['id', 'round_id', 'organisation_id'])
    .where('token_hash', '=', hashToken(token)).where('revoked_at', 'is', null)
    .executeTakeFirst()
}

/** Revokes an organisation's active link (ending its sessions) and issues a new one; returns the new token. */
export async function reissueLink (db: Db, key: Buffer, roundId: number, organisationId: number, now: Date, entry?: Omit<AuditNote, 'action'>): Promise<string> {
  const link = newLink(key, roundId, organisationId, now)
  await db.transaction().execute(async (trx) => {
    await revokeActive(trx, roundId, organisationId, now)
    await trx.insertInto('personal_link').values(link).execute()
    if (entry !== undefined) await audit(trx, entry.actor, 'link_reissued', entry.detail, now, { roundId })
  })
  const row = await db.selectFrom('personal_link').select('nonce').where('token_hash', '=', link.token_hash).executeTakeFirstOrThrow()
  return tokenFor(key, row.nonce)
}

/** Revokes an organisation's active link and ends the sessions it opened; returns whether one was active. */
export async function revokeLink (db: Db, roundId: number, organisationId: number, now: Date, entry?: Omit<AuditNote, 'action'>): Promise<boolean> {
  return await db.transaction().execute(async (trx) => {
    const revoked = await revokeActive(trx, roundId, organisationId, now)
    if (revoked && entry !== undefined) await audit(trx, entry.actor, 'link_revoked', entry.detail, now, { roundId })
    return revoked
  })
}

async function revokeActive (db: Db, roundId: number, organisationId: number, now: Date): Promise<boolean> {
  const active = await db.selectFrom('personal_link').select('id')
    .where('round_id', '=', roundId).where('organisation_id', '=', organisationId).where('revoked_at', 'is', null)
    .executeTakeFirst()
  if (active === undefined) return false
  await db.updateTable('personal_link').set({ revoked_at: now.toISOString() }).where('id', '=', active.id).execute()
  await db.deleteFrom('session').where('link_id', '=', active.id).execute()
  return true
}

/** The organisation, round and survey a link belongs to, for the page that opens it. */
export async function findLinkOrganisation (db: Db, linkId: number): Promise<{ name: string, roundName: string, surveyTitle: string, opens_on: string, deadline_on: string, closes_on: string, closed_at: string | null }> {
  const row = await db.selectFrom('personal_link as l').innerJoin('organisation as o', 'o.id', 'l.organisation_id').innerJoin('round as r', 'r.id', 'l.round_id')
    .innerJoin('survey as s', 's.id', 'r.survey_id')
    .select([nameInRound('o', 'l.round_id').as('name'), 'r.name as roundName', 's.title as surveyTitle', 'r.opens_on', 'r.deadline_on', 'r.closes_on', 'r.closed_at']).where('l.id', '=', linkId).executeTakeFirstOrThrow()
  return row
}

/** The organisation and nonce of the round's active link for an organisation code, for a mail preview; undefined when none. */
export async function findActiveLinkByCode (db: Db, roundId: number, code: string): Promise<{ code: string, name: string, nonce: string } | undefined> {
  return await db.selectFrom('organisation as o').innerJoin('personal_link as l', 'l.organisation_id', 'o.id')
    .select(['o.code', nameInRound('o', 'l.round_id').as('name'), 'l.nonce']).where('o.code', '=', code).where('l.round_id', '=', roundId).where('l.revoked_at', 'is', null).executeTakeFirst()
}

/** The first active link of a round by organisation code, with the organisation's name in the round: the sample a mailing shows. */
export async function sampleLink (db: Db, roundId: number): Promise<{ name: string, nonce: string } | undefined> {
  return await db.selectFrom('personal_link as l').innerJoin('organisation as o', 'o.id', 'l.organisation_id').select([nameInRound('o', 'l.round_id').as('name'), 'l.nonce'])
    .where('l.round_id', '=', roundId).where('l.revoked_at', 'is', null).orderBy('o.code').executeTakeFirst()
}

/** Whether a link (by id) is still active. */
export async function isLinkActive (db: Db, linkId: number): Promise<boolean> {
  return (await db.selectFrom('personal_link').select('id').where('id', '=', linkId).where('revoked_at', 'is', null).executeTakeFirst()) !== undefined
}

/** The organisation's name and the round of an earlier round's link, for the page that points to the later round. */
export async function oldLinkFacts (db: Db, link: { round_id: number, organisation_id: number }): Promise<{ organisation: string, roundName: string, closesOn: string, surveyTitle: string }> {
  const row = await db.selectFrom('organisation as o').innerJoin('round as r', (j) => j.on('r.id', '=', link.round_id)).innerJoin('survey as s', 's.id', 'r.survey_id')
    .select([nameInRound('o', 'r.id').as('name'), 'r.name as roundName', 'r.closes_on as closesOn', 's.title as surveyTitle']).where('o.id', '=', link.organisation_id).executeTakeFirstOrThrow()
  return { organisation: row.name, roundName: row.roundName, closesOn: row.closesOn, surveyTitle: row.surveyTitle }
}
