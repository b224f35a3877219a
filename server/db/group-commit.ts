import { AsyncLocalStorage } from 'node:async_hooks'
import { type DatabaseConnection, type Driver, sql, SqliteDialect, type SqliteDialectConfig, type Transaction } from 'kysely'
import type { Kysely } from 'kysely'
import type { Tables } from './schema.js'

export type Work<T> = (trx: Transaction<Tables>) => Promise<T>
type Outcome = { ok: true, value: unknown } | { ok: false, error: unknown }
interface Pending { work: Work<unknown>, resolve: (value: unknown) => void, reject: (error: unknown) => void }

const MAX_BATCH = 64

/** Set while the work of a group commit runs, so the database can refuse to be used around its transaction. */
const insideWork = new AsyncLocalStorage<true>()

/** Throws when called from inside the work of a group commit, where only the transaction it was handed may be used. */
export function assertNotInGroupCommit (what: string): void {
  if (insideWork.getStore() === true) throw new Error(`${what} was used inside group-commit work, which must use the transaction it was given`)
}

/**
 * The SQLite dialect with two guards. Work given to a group commit must use the transaction it is handed: using the
 * database itself there would wait for the connection the transaction holds, forever, and with it every save; it
 * throws at once instead, naming the mistake. And a rollback after SQLite has already rolled the transaction back
 * itself (a full disk, an I/O error at commit) succeeds quietly, so the caller gets SQLite's own error, not "cannot
 * rollback - no transaction is active" in its place.
 */
export class CommitGuardedDialect extends SqliteDialect {
  constructor (private readonly sqliteConfig: SqliteDialectConfig & { database: { inTransaction: boolean } }) {
    super(sqliteConfig)
  }

  override createDriver (): Driver {
    const driver = super.createDriver()
    const acquire = driver.acquireConnection.bind(driver)
    driver.acquireConnection = async (): Promise<DatabaseConnection> => {
      if (insideWork.getStore() === true) throw new Error('Group-commit work used the database instead of the transaction it was given (this would wait forever): use trx')
      return await acquire()
    }
    const rollback = driver.rollbackTransaction.bind(driver)
    driver.rollbackTransaction = async (connection: DatabaseConnection): Promise<void> => {
      try {
        await rollback(connection)
      } catch (error) {
        if (this.sqliteConfig.database.inTransaction) throw error
      }
    }
    return driver
  }
}

/**
 * Runs write transactions together with the others that arrive in the same turn of the event loop: each in a
 * savepoint of one SQLite transaction, so one commit (one fsync with synchronous=FULL) makes the whole batch durable.
 * Work that throws is rolled back to its savepoint alone and its caller gets the error. Every caller is answered only
 * after the commit, and all of them get the error if the commit fails.
 */
export class CommitQueue {
  private readonly pending: Pending[] = []
  private scheduled = false

  constructor (private readonly db: Kysely<Tables>) {}

  async run<T> (work: Work<T>): Promise<T> {
    return await new Promise<T>((resolve, reject) => {
      this.pending.push({ work, resolve: resolve as (value: unknown) => void, reject })
      if (!this.scheduled) {
        this.scheduled = true
        setImmediate(() => { void this.flush() })
      }
    })
  }

  private async flush (): Promise<void> {
    const batch = this.pending.splice(0, MAX_BATCH)
    // When SQLite itself fails (disk full, read-only file, I/O error) it may have rolled the whole transaction back
    // already; the rollbacks that follow then fail too ("no transaction is active"). Every caller gets the first error.
    let first: unknown
    try {
      const outcomes = await this.db.transaction().execute(async (trx) => {
        const out: Outcome[] = []
        for (const item of batch) {
          await sql`savepoint work`.execute(trx)
          let outcome: Outcome
          try {
            outcome = { ok: true, value: await insideWork.run(true, async () => await item.work(trx)) }
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
        if (o?.ok === true) item.resolve(o.value)
        else item.reject(o?.error)
      })
    } catch (error) {
      for (const item of batch) item.reject(first ?? error)
    } finally {
      if (this.pending.length > 0) setImmediate(() => { void this.flush() })
      else this.scheduled = false
    }
  }
}

/** Whether an error is SQLite failing to store anything (full disk, read-only file, I/O error), not the work's own. */
export function isStorageFailure (error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' && /^SQLITE_(FULL|READONLY|IOERR|CANTOPEN|CORRUPT|NOTADB)/.test(code)
}
