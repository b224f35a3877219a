import { createHash, createHmac, randomBytes } from 'node:crypto'
import cookie from '@fastify/cookie'
import fp from 'fastify-plugin'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { type Selectable, sql } from 'kysely'
import { preparedQuery, type Db } from '../db/database.js'
import { sameSecret } from '../http/same-secret.js'
import type { SessionTable } from '../db/schema.js'

export type Session = Selectable<SessionTable>

declare module 'fastify' {
  interface FastifyRequest {
    session: Session | null
    sessionId: string | null
    /** A session of this cookie that had just expired (idle or absolute), for a respondent's last save. */
    expiredSession: { row: Session, id: string } | null
  }
  interface FastifyInstance {
    startSession: (reply: FastifyReply, owner: SessionOwner) => Promise<void>
    endSession: (request: FastifyRequest, reply: FastifyReply) => Promise<void>
    csrfToken: (request: FastifyRequest) => string
    csrfValid: (request: FastifyRequest, token: unknown) => boolean
    csrfValidFor: (sessionId: string, token: unknown) => boolean
    /** Whether the token was made for the session cookie the request carries, even if that session has ended since. */
    csrfValidForCookie: (request: FastifyRequest, token: unknown) => boolean
  }
}

/** Whom a session belongs to: a respondent through a link, or an admin. */
export type SessionOwner = { kind: 'respondent', linkId: number } | { kind: 'admin', adminId: number }

export interface SessionOptions {
  secret: string
  secure: boolean
  /** Idle timeout in seconds per kind of session. */
  idleSeconds: Record<Session['kind'], number>
  /** Absolute lifetime in seconds per kind. */
  maxSeconds: Record<Session['kind'], number>
}

/** The shape of a session id in a cookie (32 random bytes, base64url); anything else is not looked up. */
/** The most live sessions one personal link may have; past it the one idle longest ends (a new opening is never refused). */
export const MAX_SESSIONS_PER_LINK = 20

const SESSION_ID = /^[A-Za-z0-9_-]{43}$/
const TOUCH_EVERY_MS = 60_000
const PURGE_EVERY_MS = 10 * 60_000

const findSession = preparedQuery((db, idHash: string) => db.selectFrom('session').selectAll().where('id_hash', '=', idHash))

function hashId (id: string): string {
  return createHash('sha256').update(id).digest('hex')
}

/**
 * Deletes sessions past their absolute lifetime or idle longer than their kind allows; returns how many. Run at
 * start and every ten minutes, so the table holds only live sessions (and a link's sessions end with it).
 */
export async function purgeExpiredSessions (db: Db, now: Date, idleSeconds: Record<Session['kind'], number>): Promise<number> {
  let removed = 0
  for (const kind of ['respondent', 'admin'] as const) {
    const idleSince = new Date(now.getTime() - idleSeconds[kind] * 1000).toISOString()
    const r = await db.deleteFrom('session').where('kind', '=', kind)
      .where((eb) => eb.or([eb('expires_at', '<', now.toISOString()), eb('last_seen_at', '<', idleSince)])).executeTakeFirst()
    removed += Number(r.numDeletedRows)
  }
  return removed
}

/** Server-side sessions in SQLite behind an opaque cookie, with CSRF tokens bound to the session. */
/** Ends a link's sessions beyond the newest `keep`, the one idle longest first. */
async function endIdlestBeyond (db: Db, linkId: number, keep: number): Promise<void> {
  await sql`delete from session where id_hash in (select id_hash from session where link_id = ${linkId}
    order by last_seen_at desc, created_at desc limit -1 offset ${keep})`.execute(db)
}

export const sessionsPlugin = fp(async (app, opts: SessionOptions) => {
  await app.register(cookie)
  // Admins and respondents have a cookie each, so opening a personal link never touches an admin's session. The
  // admin's is SameSite=Strict: no other site can make a browser send it. Over https both are __Host- cookies.
  const cookies: Record<Session['kind'], { name: string, options: { path: string, httpOnly: boolean, sameSite: 'lax' | 'strict', secure: boolean } }> = {
    respondent: { name: opts.secure ? '__Host-enkat_sid' : 'enkat_sid', options: { path: '/', httpOnly: true, sameSite: 'lax', secure: opts.secure } },
    admin: { name: opts.secure ? '__Host-enkat_admin' : 'enkat_admin', options: { path: '/', httpOnly: true, sameSite: 'strict', secure: opts.secure } }
  }
  const areaOf = (request: FastifyRequest): Session['kind'] => (request.routeOptions.url ?? '').startsWith('/admin') ? 'admin' : 'respondent'

  const purge = async (): Promise<void> => {
    try {
      const removed = await purgeExpiredSessions(app.db, new Date(), opts.idleSeconds)
      if (removed > 0) app.log.info({ removed }, 'expired sessions deleted')
    } catch (err) {
      app.log.error({ err }, 'deleting expired sessions failed')
    }
  }
  const timer = setInterval(() => { void purge() }, PURGE_EVERY_MS)
  timer.unref()
  app.addHook('onReady', purge)
  app.addHook('onClose', async () => { clearInterval(timer) })

  app.decorateRequest('session', null)
  app.decorateRequest('sessionId', null)
  app.decorateRequest('expiredSession', null)

  app.addHook('onRequest', async (request) => {
    const area = areaOf(request)
    const id = request.cookies[cookies[area].name]
    if (id === undefined || !SESSION_ID.test(id)) return
    const [row] = await findSession(app.db, hashId(id))
    if (row === undefined || row.kind !== area) return
    const now = Date.now()
    const idleUntil = Date.parse(row.last_seen_at) + opts.idleSeconds[row.kind] * 1000
    if (now > idleUntil || now > Date.parse(row.expires_at)) {
      await app.db.deleteFrom('session').where('id_hash', '=', row.id_hash).execute()
      request.expiredSession = { row, id }
      return
    }
    if (now - Date.parse(row.last_seen_at) > TOUCH_EVERY_MS) {
      await app.db.updateTable('session').set({ last_seen_at: new Date(now).toISOString() }).where('id_hash', '=', row.id_hash).execute()
    }
    request.session = row
    request.sessionId = id
  })

  app.decorate('startSession', async (reply: FastifyReply, owner: SessionOwner) => {
    const kind = owner.kind
    const request = reply.request
    if (request.session !== null && request.session.kind === kind) await app.db.deleteFrom('session').where('id_hash', '=', request.session.id_hash).execute()
    const id = randomBytes(32).toString('base64url')
    const now = new Date()
    const row = {
      id_hash: hashId(id),
      kind,
      link_id: owner.kind === 'respondent' ? owner.linkId : null,
      admin_id: owner.kind === 'admin' ? owner.adminId : null,
      created_at: now.toISOString(), last_seen_at: now.toISOString(),
      expires_at: new Date(now.getTime() + opts.maxSeconds[kind] * 1000).toISOString()
    }
    await app.db.insertInto('session').values(row).execute()
    if (row.link_id !== null) await endIdlestBeyond(app.db, row.link_id, MAX_SESSIONS_PER_LINK)
    request.session = row
    request.sessionId = id
    reply.setCookie(cookies[kind].name, id, cookies[kind].options)
  })

  app.decorate('endSession', async (request: FastifyRequest, reply: FastifyReply) => {
    const kind = request.session?.kind ?? areaOf(request)
    if (request.session !== null) await app.db.deleteFrom('session').where('id_hash', '=', request.session.id_hash).execute()
    request.session = null
    request.sessionId = null
    reply.clearCookie(cookies[kind].name, cookies[kind].options)
  })

  app.decorate('csrfValidForCookie', (request: FastifyRequest, token: unknown) => {
    const id = request.cookies[cookies[areaOf(request)].name]
    return id !== undefined && SESSION_ID.test(id) && validFor(id, token)
  })

  const csrfFor = (sessionId: string): string => createHmac('sha256', opts.secret).update(`csrf:${sessionId}`).digest('base64url')

  app.decorate('csrfToken', (request: FastifyRequest) => request.sessionId === null ? '' : csrfFor(request.sessionId))

  const validFor = (sessionId: string, token: unknown): boolean => sameSecret(token, csrfFor(sessionId))
  app.decorate('csrfValidFor', validFor)
  app.decorate('csrfValid', (request: FastifyRequest, token: unknown) => request.sessionId !== null && validFor(request.sessionId, token))
}, { name: 'sessions', dependencies: ['database'] })
