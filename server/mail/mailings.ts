import { randomUUID } from 'node:crypto'
import type { Selectable } from 'kysely'
import { audit } from '../admin/audit.js'
import type { Db } from '../db/database.js'
import type { MailingKind, MailingTable } from '../db/schema.js'
import { addDays, formatDate, swedishClock, swedishDate } from '../survey/clock.js'
import type { Round } from '../survey/rounds.js'

export type Mailing = Selectable<MailingTable>

export const mailingKinds: MailingKind[] = ['invitation', 'reminder-1', 'reminder-2', 'reminder-3']
export const MIN_INTERVAL_DAYS = 7

/** Swedish names of the mailings. */
export const mailingNames: Record<MailingKind, string> = {
  invitation: 'Inbjudan',
  'reminder-1': 'Påminnelse 1',
  'reminder-2': 'Påminnelse 2',
  'reminder-3': 'Påminnelse 3'
}

/** A mailing kind from user input, or a Swedish reason why not (a fourth reminder never exists). */
export function parseMailingKind (raw: unknown): { ok: true, kind: MailingKind } | { ok: false, reason: string } {
  if (typeof raw === 'string' && (mailingKinds as string[]).includes(raw)) return { ok: true, kind: raw as MailingKind }
  if (typeof raw === 'string' && /^reminder-\d+$/.test(raw)) {
    return { ok: false, reason: 'Högst tre påminnelser kan skickas per omgång. En fjärde påminnelse är inte tillåten.' }
  }
  return { ok: false, reason: 'Okänt utskick. Välj inbjudan eller en av de tre påminnelserna på sidan Utskick.' }
}

function previousKind (kind: MailingKind): MailingKind | null {
  const i = mailingKinds.indexOf(kind)
  return i <= 0 ? null : mailingKinds[i - 1] ?? null
}

/** The round's mailings by kind. */
export async function roundMailings (db: Db, roundId: number): Promise<Partial<Record<MailingKind, Mailing>>> {
  const rows = await db.selectFrom('mailing').selectAll().where('round_id', '=', roundId).execute()
  return Object.fromEntries(rows.map((m) => [m.kind, m]))
}

export type Check = { ok: true } | { ok: false, reason: string, overridable: boolean }

/** Whether a mailing may start now: order, at most once, and the minimum interval unless overridden. */
export async function checkMailing (db: Db, round: Round, kind: MailingKind, now: Date, override: boolean): Promise<Check> {
  const mailings = await roundMailings(db, round.id)
  const existing = mailings[kind]
  if (existing !== undefined && existing.status !== 'scheduled') {
    return { ok: false, reason: `${mailingNames[kind]} har redan skickats i omgång ${round.name}. Ett utskick kan bara göras en gång.`, overridable: false }
  }
  const prev = previousKind(kind)
  if (prev === null) return opensCheck(round, now, override)
  const before = mailings[prev]
  if (before === undefined || before.queued_at === null) {
    return { ok: false, reason: `${mailingNames[kind]} kan skickas först när ${mailingNames[prev].toLowerCase()} har skickats.`, overridable: false }
  }
  const earliest = addDays(swedishDate(new Date(before.queued_at)), MIN_INTERVAL_DAYS)
  if (!override && swedishDate(now) < earliest) {
    return {
      ok: false,
      reason: `Det ska gå minst ${MIN_INTERVAL_DAYS} dagar mellan utskicken. ${mailingNames[prev]} skickades ${swedishDate(new Date(before.queued_at))}, så ${mailingNames[kind].toLowerCase()} kan skickas tidigast ${earliest}.`,
      overridable: true
    }
  }
  return { ok: true }
}

/** An invitation before the opening day leads to a link page that says "öppnar den …": it needs the override. */
function opensCheck (round: Round, now: Date, override: boolean): Check {
  if (override || swedishDate(now) >= round.opens_on) return { ok: true }
  return {
    ok: false,
    reason: `Omgång ${round.name} öppnar först ${formatDate(round.opens_on)}. Mottagarna kan inte svara förrän dess. Planera inbjudan till öppningsdagen, eller bekräfta att den ska skickas ändå.`,
    overridable: true
  }
}

function recipientsQuery (db: Db, roundId: number, kind: MailingKind) {
  // A survey's own contacts of an organisation, where it has any; otherwise the contacts it shares with every survey.
  let q = db.selectFrom('contact as c')
    .select(['c.id as contact_id', 'c.organisation_id', 'c.email', 'c.name'])
    .where('c.active', '=', 1)
    .where((eb) => {
      const survey = eb.selectFrom('round').select('survey_id').where('id', '=', roundId)
      return eb.or([
        eb('c.survey_id', '=', survey),
        eb.and([eb('c.survey_id', 'is', null), eb.not(eb.exists(eb.selectFrom('contact as own').select('own.id')
          .whereRef('own.organisation_id', '=', 'c.organisation_id').where('own.active', '=', 1).where('own.survey_id', '=', survey)))])
      ])
    })
  if (kind !== 'invitation') {
    q = q.where((eb) => eb.not(eb.exists(eb.selectFrom('response as r').select('r.id')
      .whereRef('r.organisation_id', '=', 'c.organisation_id').where('r.round_id', '=', roundId).where('r.status', '=', 'submitted'))))
  }
  return q
}

/** Exactly who a mailing would reach now: organisations and addresses. */
export async function previewMailing (db: Db, roundId: number, kind: MailingKind): Promise<{ organisations: number, addresses: number }> {
  const rows = await recipientsQuery(db, roundId, kind).execute()
  return { organisations: new Set(rows.map((r) => r.organisation_id)).size, addresses: rows.length }
}

export type StartResult = { ok: true, mailingId: number, organisations: number, addresses: number } | { ok: false, reason: string, overridable: boolean }

/** Queues a mailing: one outbox row per recipient, all in one transaction, or nothing. */
export async function startMailing (db: Db, round: Round, kind: MailingKind, now: Date, override: boolean, actor = 'system'): Promise<StartResult> {
  const at = now.toISOString()
  return await db.transaction().execute(async (trx): Promise<StartResult> => {
    const check = await checkMailing(trx, round, kind, now, override)
    if (!check.ok) return check
    const existing = await trx.selectFrom('mailing').select('id').where('round_id', '=', round.id).where('kind', '=', kind).executeTakeFirst()
    const mailingId = existing !== undefined
      ? (await trx.updateTable('mailing').set({ status: 'queued', queued_at: at, interval_override: override ? 1 : 0, schedule_error: null })
          .where('id', '=', existing.id).returning('id').executeTakeFirstOrThrow()).id
      : (await trx.insertInto('mailing').values({ round_id: round.id, kind, status: 'queued', queued_at: at, interval_override: override ? 1 : 0, created_at: at })
          .returning('id').executeTakeFirstOrThrow()).id
    const recipients = await recipientsQuery(trx, round.id, kind).execute()
    for (let i = 0; i < recipients.length; i += 500) {
      await trx.insertInto('outbox_message').values(recipients.slice(i, i + 500).map((r) => ({
        mailing_id: mailingId,
        contact_id: r.contact_id,
        organisation_id: r.organisation_id,
        to_address: r.email,
        to_name: r.name,
        message_id: `<${kind}.${randomUUID()}@enkat.skr.se>`,
        status: 'queued' as const,
        next_attempt_at: at,
        created_at: at
      }))).execute()
    }
    if (recipients.length === 0) await trx.updateTable('mailing').set({ status: 'done', finished_at: at }).where('id', '=', mailingId).execute()
    const organisations = new Set(recipients.map((r) => r.organisation_id)).size
    await audit(trx, actor, 'mailing_started', `${mailingNames[kind]}: ${organisations} organisationer, ${recipients.length} adresser${override ? overrideNote(kind) : ''}`, now, { roundId: round.id })
    return { ok: true, mailingId, organisations: new Set(recipients.map((r) => r.organisation_id)).size, addresses: recipients.length }
  })
}

/** What an override skipped, for the audit entry and the mailing page. */
export function overrideNote (kind: MailingKind): string {
  return kind === 'invitation' ? ' (skickad före öppningsdagen)' : ' (minsta intervall åsidosatt)'
}

/** The time of day a scheduled mailing goes out when none is given (Swedish time). */
export const DEFAULT_SEND_TIME = '09:00'

/** Plans a mailing for a date (YYYY-MM-DD) and time (HH:MM, Swedish time); the running server or `mail send-due` starts it then. */
export async function scheduleMailing (db: Db, round: Round, kind: MailingKind, date: string, now: Date, time = DEFAULT_SEND_TIME, actor = 'system'): Promise<{ ok: true } | { ok: false, reason: string }> {
  const existing = await db.selectFrom('mailing').select(['id', 'status']).where('round_id', '=', round.id).where('kind', '=', kind).executeTakeFirst()
  if (existing !== undefined && existing.status !== 'scheduled') return { ok: false, reason: `${mailingNames[kind]} har redan skickats.` }
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) return { ok: false, reason: 'Ange klockslaget som TT:MM, till exempel 09:00.' }
  if (date < swedishDate(now) || (date === swedishDate(now) && time <= swedishClock(now))) return { ok: false, reason: 'Tidpunkten har redan passerat.' }
  if (date > round.closes_on) return { ok: false, reason: 'Datumet ligger efter att omgången stänger.' }
  if (kind === 'invitation' && date < round.opens_on) return { ok: false, reason: `Omgång ${round.name} öppnar ${formatDate(round.opens_on)}. Planera inbjudan till den dagen eller senare.` }
  const order = orderProblem(await roundMailings(db, round.id), kind, `${date} ${time}`)
  if (order !== null) return { ok: false, reason: order }
  await db.transaction().execute(async (trx) => {
    if (existing !== undefined) {
      await trx.updateTable('mailing').set({ scheduled_for: date, scheduled_time: time, schedule_error: null }).where('id', '=', existing.id).execute()
    } else {
      await trx.insertInto('mailing').values({ round_id: round.id, kind, status: 'scheduled', scheduled_for: date, scheduled_time: time, created_at: now.toISOString() }).execute()
    }
    await audit(trx, actor, 'mailing_scheduled', `${mailingNames[kind]}: ${date} kl. ${time.replace(':', '.')}`, now, { roundId: round.id })
  })
  return { ok: true }
}

/** When a mailing went out or is planned to, as "YYYY-MM-DD HH:MM" in Swedish time. */
function mailingTime (m: Mailing): string {
  if (m.queued_at !== null) return `${swedishDate(new Date(m.queued_at))} ${swedishClock(new Date(m.queued_at))}`
  return `${m.scheduled_for ?? ''} ${m.scheduled_time ?? DEFAULT_SEND_TIME}`
}

/** "2026-12-12 09:00" as "12 december 2026 kl. 09.00". */
function timeText (at: string): string {
  return `${formatDate(at.slice(0, 10))} kl. ${at.slice(11).replace(':', '.')}`
}

/** Why a mailing cannot be planned for a time: the one before it must be sent or planned earlier, the one after it later. */
function orderProblem (mailings: Partial<Record<MailingKind, Mailing>>, kind: MailingKind, at: string): string | null {
  const prev = previousKind(kind)
  const before = prev === null ? undefined : mailings[prev]
  if (prev !== null && before === undefined) return `Planera eller skicka ${mailingNames[prev].toLowerCase()} först: ${mailingNames[kind].toLowerCase()} kan bara gå efter den.`
  if (prev !== null && before !== undefined && at <= mailingTime(before)) {
    return `${mailingNames[prev]} ${before.queued_at === null ? 'är planerad till' : 'skickades'} ${timeText(mailingTime(before))}. ${mailingNames[kind]} måste planeras till en senare tidpunkt.`
  }
  const next = mailingKinds[mailingKinds.indexOf(kind) + 1]
  const after = next === undefined ? undefined : mailings[next]
  if (next !== undefined && after !== undefined && at >= mailingTime(after)) {
    return `${mailingNames[next]} ${after.queued_at === null ? 'är planerad till' : 'skickades'} ${timeText(mailingTime(after))}. ${mailingNames[kind]} måste planeras till en tidigare tidpunkt, eller flytta ${mailingNames[next].toLowerCase()} först.`
  }
  return null
}

/** Removes a planned mailing that has not started. */
export async function unscheduleMailing (db: Db, roundId: number, kind: MailingKind, actor = 'system'): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const r = await trx.deleteFrom('mailing').where('round_id', '=', roundId).where('kind', '=', kind).where('status', '=', 'scheduled').executeTakeFirst()
    if (Number(r.numDeletedRows) > 0) await audit(trx, actor, 'mailing_unscheduled', mailingNames[kind], new Date(), { roundId })
  })
}

/** Starts every scheduled mailing whose day and time (Swedish time) have come; a refused one keeps its reason for the admin. */
export async function startDueMailings (db: Db, round: Round, now: Date): Promise<MailingKind[]> {
  const today = swedishDate(now)
  const clock = swedishClock(now)
  const due = (await db.selectFrom('mailing').selectAll().where('round_id', '=', round.id).where('status', '=', 'scheduled')
    .where('scheduled_for', '<=', today).orderBy('kind').execute())
    .filter((m) => (m.scheduled_for ?? '') < today || clock >= (m.scheduled_time ?? DEFAULT_SEND_TIME))
  const started: MailingKind[] = []
  for (const m of due) {
    const result = await startMailing(db, round, m.kind, now, false, 'schemalagt utskick')
    if (result.ok) started.push(m.kind)
    else await db.updateTable('mailing').set({ schedule_error: result.reason }).where('id', '=', m.id).execute()
  }
  return started
}

/**
 * "Försök igen": puts a mailing's failed messages back in the queue with fresh attempts and lifts a pause, so the
 * sender tries at once; audited in the same transaction. Returns how many failed messages were requeued.
 */
export async function retryMailing (db: Db, roundId: number, kind: MailingKind, actor: string, now: Date): Promise<number> {
  const at = now.toISOString()
  return await db.transaction().execute(async (trx) => {
    const mailing = await trx.selectFrom('mailing').select(['id', 'paused_since']).where('round_id', '=', roundId).where('kind', '=', kind).where('status', '!=', 'scheduled').executeTakeFirst()
    if (mailing === undefined) return 0
    const requeued = Number((await trx.updateTable('outbox_message').set({ status: 'queued', attempts: 0, next_attempt_at: at, last_error: null })
      .where('mailing_id', '=', mailing.id).where('status', '=', 'failed').executeTakeFirst()).numUpdatedRows)
    if (requeued === 0 && mailing.paused_since === null) return 0
    await trx.updateTable('mailing').set({ status: 'queued', finished_at: null, paused_until: null, paused_since: null, pause_reason: null, pause_detail: null }).where('id', '=', mailing.id).execute()
    await audit(trx, actor, 'mailing_retried', `${mailingNames[kind]}: ${requeued} misslyckade meddelanden köade igen${mailing.paused_since !== null ? ', pausen hävd' : ''}`, now, { roundId })
    return requeued
  })
}

/** The round's mailings that are paused because the relay refused them, with the reason, for the overview's alert. */
export async function pausedMailings (db: Db, roundId: number): Promise<Array<{ kind: MailingKind, paused_since: string, paused_until: string | null, pause_reason: string | null, pause_detail: string | null }>> {
  return await db.selectFrom('mailing').select(['kind', 'paused_since', 'paused_until', 'pause_reason', 'pause_detail'])
    .where('round_id', '=', roundId).where('paused_since', 'is not', null).execute() as Array<{ kind: MailingKind, paused_since: string, paused_until: string | null, pause_reason: string | null, pause_detail: string | null }>
}

/** A mailing's messages by status, and the ones that failed or wait for another attempt with their error. */
export async function mailingProgress (db: Db, mailingId: number): Promise<{ counts: Record<string, number>, failed: Array<{ code: string, name: string, to_address: string, status: string, attempts: number, last_error: string | null }> }> {
  const counts = await db.selectFrom('outbox_message').select('status').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('mailing_id', '=', mailingId).groupBy('status').execute()
  const failed = await db.selectFrom('outbox_message as o').innerJoin('organisation as org', 'org.id', 'o.organisation_id')
    .select(['org.code', 'org.name', 'o.to_address', 'o.status', 'o.attempts', 'o.last_error'])
    .where('o.mailing_id', '=', mailingId).where('o.status', 'in', ['failed', 'queued']).where('o.last_error', 'is not', null).orderBy('org.name').execute()
  return { counts: Object.fromEntries(counts.map((c) => [c.status, Number(c.n)])), failed }
}

/** The messages of a round's mailings by kind and status. */
export async function roundMessageCounts (db: Db, roundId: number): Promise<Array<{ kind: MailingKind, status: string, n: number }>> {
  const rows = await db.selectFrom('outbox_message as o').innerJoin('mailing as m', 'm.id', 'o.mailing_id')
    .select(['m.kind', 'o.status']).select((eb) => eb.fn.countAll<number>().as('n'))
    .where('m.round_id', '=', roundId).groupBy(['m.kind', 'o.status']).execute()
  return rows.map((r) => ({ ...r, n: Number(r.n) }))
}
