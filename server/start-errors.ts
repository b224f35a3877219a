import { statfsSync } from 'node:fs'
import { dirname } from 'node:path'

/** Where the server tried to start: the configuration's database path and listening address. */
export interface StartPlace { databasePath: string, host: string, port: number }

/**
 * One plain line naming the cause of a failed start and what to change (the variable or path), for the failures an
 * operator meets: a port in use, a data folder that cannot be written, a full disk, a read-only database. Null when
 * the error is none of these (then the stack trace is what helps).
 */
export function explainStartFailure (err: unknown, config: StartPlace): string | null {
  const e = err as { code?: unknown, message?: unknown, path?: unknown } | null
  const code = typeof e?.code === 'string' ? e.code : ''
  const message = typeof e?.message === 'string' ? e.message : ''
  const dir = dirname(config.databasePath)
  const where = `${config.host}:${config.port}`
  if (code === 'EADDRINUSE') return `Cannot listen on ${where}: the port is already in use by another process (PORT=${config.port}). Stop that process or set another PORT.`
  if (code === 'EACCES' && /listen/.test(message)) return `Cannot listen on ${where}: not allowed for this user (PORT=${config.port}). Use a port above 1024 behind the proxy.`
  if (code === 'EADDRNOTAVAIL') return `Cannot listen on ${where}: ${config.host} is not an address of this machine (HOST).`
  if (code === 'ENOSPC' || code.startsWith('SQLITE_FULL')) return `The disk holding ${dir} is full (${message}); free space there and start again (DATABASE_PATH=${config.databasePath}).`
  if (code.startsWith('SQLITE_IOERR')) {
    if (code === 'SQLITE_IOERR_SHMSIZE' || freeBytes(dir) < FULL_BELOW) return `The disk holding ${dir} is full (SQLite: ${message}, ${code}); free space there and start again (DATABASE_PATH=${config.databasePath}).`
    return `SQLite cannot read or write ${config.databasePath} or its -wal/-shm files beside it (${message}, ${code}); check the disk and those files (DATABASE_PATH).`
  }
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS') return `The database ${config.databasePath} is read-only (${message}); make the file and its folder ${dir} writable for this user (DATABASE_PATH).`
  if (code === 'ENOTDIR') return `Cannot create the data folder ${dir}: a part of the path is a file, not a folder (DATABASE_PATH=${config.databasePath}).`
  if (code === 'EACCES' || code === 'EPERM' || code.startsWith('SQLITE_CANTOPEN')) {
    const path = typeof e?.path === 'string' ? e.path : config.databasePath
    return `Cannot open or create ${path}: the data folder ${dir} is not writable for this user (DATABASE_PATH=${config.databasePath}).`
  }
  return null
}

/** Below this many free bytes an I/O error at start is taken to be the disk being full. */
const FULL_BELOW = 1024 * 1024

/** Free bytes for this user in the file system holding dir (or its nearest existing parent); Infinity when unknown. */
function freeBytes (dir: string): number {
  for (let d = dir; ; d = dirname(d)) {
    try {
      const fs = statfsSync(d)
      return fs.bavail * fs.bsize
    } catch {
      if (dirname(d) === d) return Number.POSITIVE_INFINITY
    }
  }
}
