import type { Config } from '../config.js'
import type { Db } from '../db/database.js'
import { currentRound } from '../survey/rounds.js'
import { listSurveys } from '../survey/surveys.js'
import { swedishDate } from '../survey/clock.js'
import { purgePersonalData, retentionDate } from '../survey/privacy.js'
import { startDueMailings } from './mailings.js'
import { deliverDue, type DeliveryReport, type SenderOptions } from './sender.js'
import { transportFor, type MailTransport } from './transport.js'
import { releaseSenderLease, takeSenderLease } from '../survey/server-state.js'

/** Sender options from the configuration. */
export function senderOptions (config: Config, linkKey: Buffer): SenderOptions {
  return { linkKey, publicUrl: config.publicUrl, mailFrom: config.mailFrom, contactEmail: config.contactEmail }
}

/** Starts due scheduled mailings, then delivers everything due; what `mail send-due` and the server both run. */
export async function runDueMail (db: Db, transport: MailTransport, opts: SenderOptions, now = new Date()): Promise<DeliveryReport & { started: string[] }> {
  const started: string[] = []
  // Each survey's current round starts its own scheduled mailings; the queue then delivers them all.
  for (const survey of await listSurveys(db)) {
    const round = await currentRound(db, survey.id)
    if (round !== undefined) started.push(...await startDueMailings(db, round, now))
  }
  return { ...(await deliverDue(db, transport, opts)), started }
}

export interface MailWorker {
  /** Runs soon (after an admin starts a mailing). */
  kick: () => void
  stop: () => Promise<void>
  /** 'ok', or 'stalled' when a run has taken over 10 minutes or none has finished for three intervals. */
  health: (now?: number) => 'ok' | 'stalled'
}

/** Deletes the personal data of every closed round whose retention date (on the privacy page) has passed. */
export async function purgeDueRounds (db: Db, outboxDir: string, now: Date, log: { info: (o: object, m: string) => void, error: (o: object, m: string) => void }): Promise<void> {
  const due = await db.selectFrom('round').selectAll().where('purged_at', 'is', null).where('closes_on', '<', swedishDate(now)).execute()
  for (const round of due) {
    if (retentionDate(round) >= swedishDate(now)) continue
    const done = await purgePersonalData(db, round, outboxDir, 'system: lagringstiden har gått ut', now)
    if ('refused' in done) continue
    log.info({ round: round.name, ...done }, 'personal data of a closed round deleted at its retention date')
    if (!done.finished) log.error({ round: round.name, walPages: done.walPages }, 'the purge could not empty the WAL: another process reads the database; close it and run `npm run survey -- privacy finish`')
  }
}

/** The server's background sender: runs at start (finishing an interrupted mailing) and then every interval. */
export function startMailWorker (db: Db, config: Config, linkKey: Buffer, log: { error: (o: object, m: string) => void, warn: (o: object, m: string) => void, info: (o: object, m: string) => void }, intervalMs = 30_000): MailWorker {
  const transport = transportFor(config)
  const opts = senderOptions(config, linkKey)
  let running: Promise<void> | null = null
  let again = false
  let stopped = false
  let runningSince: number | null = null
  let lastFinished = Date.now()
  // Only the holder of the sender lease sends: a second server, or `mail send-due`, waits while this one lives.
  const leaseMs = 3 * intervalMs + 60_000
  const send = async (): Promise<DeliveryReport & { started: string[] } | null> => {
    if (!(await takeSenderLease(db, new Date(), leaseMs))) {
      log.info({}, 'another process holds the sender lease; not sending from this one')
      return null
    }
    const report = await runDueMail(db, transport, opts)
    await purgeDueRounds(db, config.outboxDir, new Date(), log)
    return report
  }
  const run = (): void => {
    if (stopped) return
    if (running !== null) { again = true; return }
    runningSince = Date.now()
    running = send()
      .then((r) => {
        if (r === null) return
        if (r.sent + r.failed + r.started.length > 0) log.info({ ...r, paused: r.paused.length }, 'mail delivered')
        for (const p of r.paused) log[p.severity]({ mailing: p.kind, smtp: p.detail }, `mailing ${p.kind} paused: the SMTP relay (SMTP_URL) refused it (${p.detail}); the sender tries again in 5 minutes`)
      })
      .catch((err) => { log.error({ err }, 'mail worker failed') })
      .finally(() => {
        running = null
        runningSince = null
        lastFinished = Date.now()
        if (again) { again = false; setImmediate(run) }
      })
  }
  const timer = setInterval(run, intervalMs)
  timer.unref()
  setImmediate(run)
  return {
    health: (now = Date.now()) => (runningSince !== null && now - runningSince > 10 * 60_000) || now - lastFinished > 3 * intervalMs + 60_000 ? 'stalled' : 'ok',
    kick: run,
    stop: async () => {
      stopped = true
      clearInterval(timer)
      await running
      transport.close()
      await releaseSenderLease(db).catch(() => {})
    }
  }
}
