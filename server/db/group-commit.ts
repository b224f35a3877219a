import { sql, type Transaction } from 'kysely'
import type { Db } from './database.js'
import type { Database } from './schema.js'

type Work<T> = (trx: Transaction<Database>) => Promise<T>
type Outcome = { ok: true, value: unknown } | { ok: false, error: unknown }
interface Pending { work: Work<unknown>, resolve: (value: unknown) => void, reject: (error: unknown) => void }
interface Queue { pending: Pending[], scheduled: boolean }

const MAX_BATCH = 64
const queues = new WeakMap<Db, Queue>()

/**
 * Runs a write transaction together with the others that arrive in the same turn of the event loop: each in a
 * savepoint of one SQLite transaction, so one commit (one fsync with synchronous=FULL) makes the whole batch durable.
 * Work that throws is rolled back to its savepoint alone and its caller gets the error. Every caller is answered only
 * after the commit, and all of them get the error if the commit fails. The work must use the transaction it is given.
 */
export async function groupCommit<T> (db: Db, work: Work<T>): Promise<T> {
  let queue = queues.get(db)
  if (queue === undefined) {
    queue = { pending: [], scheduled: false }
    queues.set(db, queue)
  }
  const q = queue
  return await new Promise<T>((resolve, reject) => {
    q.pending.push({ work, resolve: resolve as (value: unknown) => void, reject })
    if (!q.scheduled) {
      q.scheduled = true
      setImmediate(() => { void flush(db, q) })
    }
  })
}

async function flush (db: Db, queue: Queue): Promise<void> {
  const batch = queue.pending.splice(0, MAX_BATCH)
  // When SQLite itself fails (disk full, read-only file, I/O error) it may have rolled the whole transaction back
  // already; the rollbacks that follow then fail too ("no transaction is active"). Every caller gets the first error.
  let first: unknown
  try {
    const outcomes = await db.transaction().execute(async (trx) => {
      const out: Outcome[] = []
      for (const item of batch) {
        await sql`savepoint work`.execute(trx)
        let outcome: Outcome
        try {
          outcome = { ok: true, value: await item.work(trx) }
        } catch (error) {
          outcome = { ok: false, error }
          if (isStorageFailure(error)) first ??= error
          await sql`rollback to work`.execute(trx)
        }
        await sql`release work`.execute(trx)
        out.push(outcome)
      }
      return out
    })
    batch.forEach((item, i) => {
      const o = outcomes[i]
      if (o.ok) item.resolve(o.value)
      else item.reject(o.error)
    })
  } catch (error) {
    for (const item of batch) item.reject(first ?? error)
  } finally {
    if (queue.pending.length > 0) setImmediate(() => { void flush(db, queue) })
    else queue.scheduled = false
  }
}

/** Whether an error is SQLite failing to store anything (full disk, read-only file, I/O error), not the work's own. */
export function isStorageFailure (error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' && /^SQLITE_(FULL|READONLY|IOERR|CANTOPEN|CORRUPT|NOTADB)/.test(code)
}
