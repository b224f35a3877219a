import type { Db } from '../db/database.js'

/** A message still waiting this long after it was due means the sender is not getting through. */
export const OVERDUE_MS = 15 * 60_000

/**
 * What keeps e-mail from going out that an operator must act on, as one line for /readyz, or null when nothing
 * does: a mailing paused because the relay refused it (login, sender, connection), a scheduled mailing that could
 * not start, or messages waiting more than 15 minutes past their time.
 */
export async function mailProblem (db: Db, now: Date): Promise<string | null> {
  const paused = await db.selectFrom('mailing').select(['kind', 'paused_since', 'pause_reason'])
    .where('paused_since', 'is not', null).orderBy('paused_since').executeTakeFirst()
  if (paused !== undefined) return `paused: the ${paused.kind} mailing since ${paused.paused_since ?? ''} (${paused.pause_reason ?? 'the SMTP relay refused it'}); fix SMTP_URL or the relay, then "Försök igen nu"`
  const unstarted = await db.selectFrom('mailing').select(['kind', 'schedule_error'])
    .where('status', '=', 'scheduled').where('schedule_error', 'is not', null).executeTakeFirst()
  if (unstarted !== undefined) return `not started: the scheduled ${unstarted.kind} mailing (${unstarted.schedule_error ?? ''})`
  const before = new Date(now.getTime() - OVERDUE_MS).toISOString()
  const overdue = await db.selectFrom('outbox_message').select((eb) => eb.fn.countAll<number>().as('n'))
    .where((eb) => eb.or([
      eb.and([eb('status', '=', 'queued'), eb('next_attempt_at', '<', before)]),
      eb.and([eb('status', '=', 'sending'), eb('claimed_until', '<', before)])
    ]))
    .where('mailing_id', 'not in', (eb) => eb.selectFrom('mailing').select('id').where('paused_until', '>', now.toISOString()))
    .executeTakeFirstOrThrow()
  const n = Number(overdue.n)
  return n > 0 ? `overdue: ${n} ${n === 1 ? 'message' : 'messages'} waiting more than ${OVERDUE_MS / 60_000} minutes past their time` : null
}
