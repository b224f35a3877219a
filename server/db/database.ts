import { makePrivate, privateDir } from '../files.js'
import { dirname } from 'node:path'
import SQLite from 'better-sqlite3'
import { CompiledQuery, Kysely, Migrator, type Compilable, type MigrationResultSet } from 'kysely'
import { migrations } from '../../migrations/index.js'
import { assertNotInGroupCommit, CommitGuardedDialect, CommitQueue, type Work } from './group-commit.js'
import type { Tables } from './schema.js'

export type Db = Kysely<Tables>

/** The raw SQLite connection with the durability settings the product relies on. */
export function openSqlite (path: string): SQLite.Database {
  if (path !== ':memory:') privateDir(dirname(path))
  const sqlite = new SQLite(path)
  // SQLite gives the WAL and shared-memory files the database file's mode, so 0600 here covers all three.
  if (path !== ':memory:') for (const suffix of ['', '-wal', '-shm']) makePrivate(path + suffix)
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('synchronous = FULL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  return withStatementCache(sqlite)
}

/**
 * Kysely prepares every query anew; prepared statements are cached per SQL text instead (bounded), as
 * better-sqlite3 runs them synchronously one at a time.
 */
function withStatementCache (sqlite: SQLite.Database): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>()
  const prepare = sqlite.prepare.bind(sqlite)
  sqlite.prepare = ((source: string) => {
    let stmt = cache.get(source)
    if (stmt === undefined) {
      stmt = prepare(source)
      if (cache.size >= 1000) cache.delete(cache.keys().next().value as string)
      cache.set(source, stmt)
    }
    return stmt
  }) as typeof sqlite.prepare
  return sqlite
}

/**
 * The read connection of a database opened by openDatabase, with the answers of prepared lookups kept until the
 * database changes: SQLite's data_version moves whenever any other connection (the app's own writer, a CLI
 * command in another process) commits, so a kept answer is the one the query would give again.
 */
class Reader {
  private connection: SQLite.Database | undefined
  /** PRAGMA data_version prepared once: better-sqlite3's pragma() looks the statement up and re-plucks it each call. */
  private dataVersion: SQLite.Statement<[], number> | undefined
  private version = -1
  private readonly answers = new Map<string, unknown[]>()

  constructor (private readonly path: string) {}

  all (sql: string, values: unknown[]): unknown[] {
    const conn = this.open()
    this.dataVersion ??= conn.prepare<[], number>('PRAGMA data_version').pluck()
    const version = this.dataVersion.get() as number
    if (version !== this.version || this.answers.size >= 10_000) {
      this.answers.clear()
      this.version = version
    }
    const key = `${sql}\u0000${JSON.stringify(values)}`
    let rows = this.answers.get(key)
    if (rows === undefined) {
      rows = (conn.prepare(sql).all(...values) as object[]).map((r) => Object.freeze(r))
      this.answers.set(key, rows)
    }
    return rows
  }

  close (): void {
    this.connection?.close()
  }

  private open (): SQLite.Database {
    if (this.connection === undefined) {
      this.connection = withStatementCache(new SQLite(this.path))
      this.connection.pragma('query_only = ON')
      this.connection.pragma('busy_timeout = 5000')
    }
    return this.connection
  }
}

/**
 * The one owner of a database, and the database itself: the write connection (this Kysely), the read connection
 * for prepared lookups, and the queue that commits writes in groups. It is passed where those are needed (a
 * transaction is a plain Kysely, never a Database), so nothing has to find its owner.
 */
export class Database extends Kysely<Tables> {
  readonly commits: CommitQueue
  private readonly reader: Reader | undefined

  constructor (readonly path: string | undefined) {
    const sqlite = openSqlite(path ?? ':memory:')
    const reader = path === undefined ? undefined : new Reader(path)
    // Kysely closes the write connection when the database is destroyed; the read connection goes with it.
    const close = sqlite.close.bind(sqlite)
    sqlite.close = () => {
      reader?.close()
      return close()
    }
    super({ dialect: new CommitGuardedDialect({ database: sqlite }) })
    this.reader = reader
    this.commits = new CommitQueue(this)
  }

  /** The rows of a prepared lookup from the read connection (kept until anyone commits), or undefined for an in-memory database. */
  lookup (sql: string, values: unknown[]): unknown[] | undefined {
    assertNotInGroupCommit('A prepared lookup')
    return this.reader?.all(sql, values)
  }

  /** Closes both connections. */
  async close (): Promise<void> {
    await this.destroy()
  }
}

/** Throws unless db is a Database opened by openDatabase (a transaction or another Kysely is refused by name). */
export function assertDatabase (db: unknown, what: string): asserts db is Database {
  if (!(db instanceof Database)) throw new Error(`${what} needs the Database opened by openDatabase, not a transaction or another Kysely`)
}

/** Runs a write transaction in the database's commit queue (see CommitQueue): the work must use the transaction it is given. */
export async function groupCommit<T> (db: Database, work: Work<T>): Promise<T> {
  assertDatabase(db, 'groupCommit')
  return await db.commits.run(work)
}

/**
 * A query built and compiled once and then run with new values, for the lookups made on every request (session,
 * page head, visibility). It runs on a second, read-only connection of the same file, synchronously, and its
 * answers are kept until the database changes. It sees committed data only: never use it for a read that must see
 * a transaction's own writes. Its rows are frozen, as they are shared. The arguments must be single values (not
 * lists), so that the SQL text stays the same.
 */
export function preparedQuery<A extends unknown[], R> (build: (db: Db, ...args: A) => Compilable<R>): (db: Database, ...args: A) => Promise<R[]> {
  let compiled: { sql: string, parameters: readonly unknown[], slots: number[] } | undefined
  return async (db, ...args) => {
    assertDatabase(db, 'A prepared lookup')
    if (args.some((a) => typeof a === 'object' && a !== null)) throw new Error('A prepared lookup takes single values, not lists or objects (the SQL text must stay the same)')
    if (compiled === undefined) {
      const placeholders = args.map((_, i) => Symbol(`argument ${i}`))
      const query = build(db, ...(placeholders as unknown as A)).compile()
      compiled = { sql: query.sql, parameters: query.parameters, slots: query.parameters.map((p) => placeholders.indexOf(p as symbol)) }
    }
    const { sql, parameters, slots } = compiled
    const values = slots.map((slot, i) => slot === -1 ? parameters[i] : args[slot])
    const kept = db.lookup(sql, values)
    if (kept !== undefined) return kept as R[]
    return (await db.executeQuery<R>(CompiledQuery.raw(sql, values) as CompiledQuery<R>)).rows
  }
}

/** Opens the SQLite file through Kysely, with a read connection for prepared lookups opened when first used. */
export function openDatabase (path: string): Database {
  return new Database(path === ':memory:' ? undefined : path)
}

/**
 * An online backup (SQLite's backup API) to a new file while others keep writing, then checked with
 * PRAGMA integrity_check; the copy is one self-contained file (rollback journal, no -wal/-shm beside it). Returns
 * the check's answer ("ok") and the number of responses in the copy.
 */
export async function backupDatabase (path: string, target: string): Promise<{ integrity: string, responses: number }> {
  const source = openSqlite(path)
  try {
    await source.backup(target)
  } finally {
    source.close()
  }
  makePrivate(target)
  // The copy carries the live database's WAL mode, so opening it would leave -wal and -shm files beside it; in
  // rollback-journal mode it is one self-contained file (the server turns WAL on again when it opens a restored copy).
  const copy = new SQLite(target)
  try {
    copy.pragma('journal_mode = DELETE')
    const integrity = String((copy.pragma('integrity_check', { simple: true })))
    const responses = Number((copy.prepare('select count(*) as n from response').get() as { n: number }).n)
    return { integrity, responses }
  } finally {
    copy.close()
  }
}

/** Brings the schema up to date; throws with the failing migration's name. */
export async function migrateToLatest (db: Db): Promise<MigrationResultSet> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations }
  })
  const result = await migrator.migrateToLatest()
  if (result.error !== undefined) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown'
    throw new Error(`Migration ${failed} failed: ${String(result.error)}`)
  }
  return result
}
