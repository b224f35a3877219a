import { hostname } from 'node:os'
import { FIRST_SURVEY_SLUG } from '../survey/surveys.js'
import type { Db } from '../db/database.js'
import { nameInRound } from '../db/reference-data.js'
import type { MailingKind } from '../db/schema.js'
import { renderFor, replyAddress, templateFor, type Template } from './templates.js'
import { classifySmtpError } from './smtp-errors.js'
import type { MailTransport } from './transport.js'

export interface SenderOptions {
  linkKey: Buffer
  publicUrl: string
  mailFrom: string
  /** The address people write to (CONTACT_EMAIL): the Reply-To and the "write to" line; the address in mailFrom when unset. */
  contactEmail?: string
  /** How many messages are claimed and sent at once. */
  concurrency?: number
  /** A claim older than this is taken over (the sender died). */
  leaseMs?: number
  /** First retry delay after a temporary failure; doubles each attempt. */
  retryBaseMs?: number
  maxAttempts?: number
  /** How long a mailing waits after its relay refused it before the next try (default five minutes). */
  pauseMs?: number
  now?: () => Date
}

export interface Pause { kind: MailingKind, reason: string, detail: string, severity: 'warn' | 'error' }
export interface DeliveryReport { sent: number, retried: number, failed: number, cancelled: number, recovered: number, paused: Pause[] }

const owner = `${hostname()}:${process.pid}`

/** Whether the process named host:pid may still be running (always true for another host). */
export function processAlive (claimedBy: string): boolean {
  const [host, pid] = claimedBy.split(':')
  if (host !== hostname()) return true
  if (Number(pid) === process.pid) return true
  try {
    process.kill(Number(pid), 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function cleanName (name: string | null): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses
  return (name ?? '').replace(/[\u0000-\u001F\u007F<>"]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 200)
}

/**
 * Delivers every due outbox row: claims a few at a time (committed before any SMTP talk), sends,
 * and records the answer. Rows of a sender that died are taken over, and counted as recovered.
 */
export async function deliverDue (db: Db, transport: MailTransport, opts: SenderOptions): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: 0, retried: 0, failed: 0, cancelled: 0, recovered: 0, paused: [] }
  const now = opts.now ?? (() => new Date())
  const templates = new Map<string, Template>()
  // A mailing paused in this run is not tried again in it, however short the pause.
  const pausedNow = new Set<number>()
  for (;;) {
    report.cancelled += await cancelAnswered(db)
    const batch = await claim(db, opts, now(), pausedNow)
    if (batch.length === 0) break
    report.recovered += batch.filter((m) => m.wasSending).length
    await Promise.all(batch.map(async (m) => {
      const key = `${m.round_id}:${m.kind}`
      if (!templates.has(key)) templates.set(key, await templateFor(db, m.round_id, m.kind))
      const outcome = await sendOne(transport, m, templates.get(key) as Template, opts)
      await record(db, m, outcome, opts, now())
      if (outcome.kind === 'pause') {
        if (!pausedNow.has(m.mailing_id)) report.paused.push({ kind: m.kind, reason: outcome.reason, detail: outcome.error, severity: outcome.severity })
        pausedNow.add(m.mailing_id)
        return
      }
      report[outcome.kind === 'sent' ? 'sent' : willRetry(m, outcome, opts) ? 'retried' : 'failed']++
    }))
  }
  await finishMailings(db, now())
  return report
}

interface Claimed {
  id: number
  mailing_id: number
  message_id: string
  to_address: string
  to_name: string | null
  attempts: number
  wasSending: boolean
  kind: MailingKind
  round_id: number
  organisation_name: string
  organisation_code: string
  deadline_on: string
  round_name: string
  nonce: string | null
  survey_slug: string
  survey_title: string
}

async function cancelAnswered (db: Db): Promise<number> {
  const r = await db.updateTable('outbox_message')
    .set({ status: 'cancelled', last_error: 'Organisationen har redan svarat.' })
    .where('status', '=', 'queued')
    .where('mailing_id', 'in', (eb) => eb.selectFrom('mailing').select('id').where('kind', '!=', 'invitation').where('status', '=', 'queued'))
    .where((eb) => eb.exists(eb.selectFrom('response as r').innerJoin('mailing as m', 'm.round_id', 'r.round_id')
      .select('r.id').whereRef('r.organisation_id', '=', 'outbox_message.organisation_id')
      .whereRef('m.id', '=', 'outbox_message.mailing_id').where('r.status', '=', 'submitted')))
    .executeTakeFirst()
  return Number(r.numUpdatedRows)
}

async function claim (db: Db, opts: SenderOptions, at: Date, skip: Set<number>): Promise<Claimed[]> {
  const nowIso = at.toISOString()
  const size = opts.concurrency ?? 5
  return await db.transaction().execute(async (trx) => {
    const stuck = await trx.selectFrom('outbox_message').select('claimed_by').distinct().where('status', '=', 'sending').execute()
    const dead = stuck.map((s) => s.claimed_by).filter((c): c is string => c !== null && !processAlive(c))
    const rows = await trx.selectFrom('outbox_message').select(['id', 'status']).where((eb) => eb.or([
      eb.and([eb('status', '=', 'queued'), eb('next_attempt_at', '<=', nowIso)]),
      eb.and([eb('status', '=', 'sending'), eb('claimed_until', '<', nowIso)]),
      ...(dead.length > 0 ? [eb.and([eb('status', '=', 'sending'), eb('claimed_by', 'in', dead)])] : [])
    ]))
      .where('mailing_id', 'not in', (eb) => eb.selectFrom('mailing').select('id').where('paused_until', '>', nowIso))
      .$if(skip.size > 0, (q) => q.where('mailing_id', 'not in', [...skip]))
      .orderBy('id').limit(size).execute()
    if (rows.length === 0) return []
    const ids = rows.map((r) => r.id)
    const wasSending = new Set(rows.filter((r) => r.status === 'sending').map((r) => r.id))
    await trx.updateTable('outbox_message')
      .set((eb) => ({ status: 'sending', claimed_by: owner, claimed_until: new Date(at.getTime() + (opts.leaseMs ?? 120_000)).toISOString(), attempts: eb('attempts', '+', 1) }))
      .where('id', 'in', ids).execute()
    if (wasSending.size > 0) {
      await trx.updateTable('outbox_message').set((eb) => ({ recovered: eb('recovered', '+', 1) })).where('id', 'in', [...wasSending]).execute()
    }
    const details = await trx.selectFrom('outbox_message as o')
      .innerJoin('mailing as m', 'm.id', 'o.mailing_id')
      .innerJoin('round as r', 'r.id', 'm.round_id')
      .innerJoin('survey as s', 's.id', 'r.survey_id')
      .innerJoin('organisation as org', 'org.id', 'o.organisation_id')
      .leftJoin('personal_link as l', (j) => j.onRef('l.organisation_id', '=', 'o.organisation_id').onRef('l.round_id', '=', 'm.round_id').on('l.revoked_at', 'is', null))
      .select(['o.id', 'o.mailing_id', 'o.message_id', 'o.to_address', 'o.to_name', 'o.attempts', 'm.kind', 'm.round_id', nameInRound('org', 'm.round_id').as('organisation_name'),
        'org.code as organisation_code', 'r.deadline_on', 'r.name as round_name', 'l.nonce', 's.slug as survey_slug', 's.title as survey_title'])
      .where('o.id', 'in', ids).execute()
    return details.map((d) => ({ ...d, wasSending: wasSending.has(d.id) }))
  })
}

type Outcome = { kind: 'sent', response: string } | { kind: 'retry' | 'failed', error: string } | { kind: 'pause', reason: string, error: string, severity: 'warn' | 'error' }

async function sendOne (transport: MailTransport, m: Claimed, template: Template, opts: SenderOptions): Promise<Outcome> {
  if (m.nonce === null) return { kind: 'failed', error: 'Organisationen har ingen giltig länk.' }
  const replyTo = opts.contactEmail ?? replyAddress(opts.mailFrom)
  const rendered = renderFor({
    kind: m.kind, template, organisationName: m.organisation_name, contactName: m.to_name, nonce: m.nonce, deadlineOn: m.deadline_on, roundName: m.round_name
  }, opts)

  try {
    const info = await transport.send({
      // The first survey's mail comes from MAIL_FROM as configured; another survey's carries its own title as the sender's name.
      from: m.survey_slug === FIRST_SURVEY_SLUG ? opts.mailFrom : { name: `SKR ${m.survey_title}`, address: replyAddress(opts.mailFrom) },
      to: { name: cleanName(m.to_name), address: m.to_address },
      replyTo,
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      messageId: m.message_id,
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Enkat-Outbox': String(m.id) },
      fileName: `${m.kind}-${m.organisation_code}-${m.id}`
    })
    return { kind: 'sent', response: info.response }
  } catch (err) {
    const verdict = classifySmtpError(err)
    if (verdict.kind === 'pause') return { kind: 'pause', reason: verdict.reason, error: verdict.detail, severity: verdict.severity }
    return { kind: verdict.kind, error: `${verdict.reason} (${verdict.detail})`.slice(0, 600) }
  }
}

/** A temporary failure is retried until the attempts (counted at claim) reach the limit. */
function willRetry (m: Claimed, outcome: Outcome, opts: SenderOptions): boolean {
  return outcome.kind === 'retry' && m.attempts < (opts.maxAttempts ?? 8)
}

async function record (db: Db, m: Claimed, outcome: Outcome, opts: SenderOptions, at: Date): Promise<void> {
  const base = db.updateTable('outbox_message').where('id', '=', m.id).where('status', '=', 'sending').where('claimed_by', '=', owner)
  if (outcome.kind === 'sent') {
    await base.set({ status: 'sent', smtp_response: outcome.response.slice(0, 500), sent_at: at.toISOString(), claimed_by: null, claimed_until: null, last_error: null }).execute()
    await db.updateTable('mailing').set({ paused_until: null, paused_since: null, pause_reason: null, pause_detail: null }).where('id', '=', m.mailing_id).where('paused_since', 'is not', null).execute()
    return
  }
  if (outcome.kind === 'pause') {
    // The message did not fail: it goes back to the queue with its attempt given back, and the mailing waits.
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('outbox_message').where('id', '=', m.id).where('status', '=', 'sending').where('claimed_by', '=', owner)
        .set((eb) => ({ status: 'queued', attempts: eb('attempts', '-', 1), last_error: outcome.reason, claimed_by: null, claimed_until: null })).execute()
      await trx.updateTable('mailing').set((eb) => ({
        paused_until: new Date(at.getTime() + (opts.pauseMs ?? 300_000)).toISOString(),
        paused_since: eb.fn.coalesce('paused_since', eb.val(at.toISOString())),
        pause_reason: outcome.reason,
        pause_detail: outcome.error
      })).where('id', '=', m.mailing_id).execute()
    })
    return
  }
  const delay = (opts.retryBaseMs ?? 60_000) * 2 ** (m.attempts - 1)
  await base.set({
    status: willRetry(m, outcome, opts) ? 'queued' : 'failed',
    last_error: outcome.error,
    next_attempt_at: new Date(at.getTime() + Math.min(delay, 6 * 3600_000)).toISOString(),
    claimed_by: null,
    claimed_until: null
  }).execute()
}

async function finishMailings (db: Db, at: Date): Promise<void> {
  await db.updateTable('mailing').set({ status: 'done', finished_at: at.toISOString() })
    .where('status', '=', 'queued')
    .where((eb) => eb.not(eb.exists(eb.selectFrom('outbox_message as o').select('o.id')
      .whereRef('o.mailing_id', '=', 'mailing.id').where('o.status', 'in', ['queued', 'sending']))))
    .execute()
}

/** Whether anything is still waiting to be sent (queued, possibly later after a temporary failure). */
export async function pendingCount (db: Db): Promise<number> {
  const r = await db.selectFrom('outbox_message').select((eb) => eb.fn.countAll<number>().as('n')).where('status', 'in', ['queued', 'sending']).executeTakeFirstOrThrow()
  return Number(r.n)
}
