import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs'

/** Creates a folder (and its parents) for the owner only, 0700, whatever the umask; an existing one is left as it is. */
export function privateDir (dir: string): void {
  if (existsSync(dir)) return
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  chmodSync(dir, 0o700)
}

/** Writes a file readable by its owner only (0600), whatever the umask, also when it existed before with another mode. */
export function writePrivateFile (path: string, data: string | Buffer, flag: 'w' | 'wx' = 'w'): void {
  writeFileSync(path, data, { mode: 0o600, flag })
  chmodSync(path, 0o600)
}

/** Sets a file that exists to 0600 (the database and its WAL and shared-memory files). */
export function makePrivate (path: string): void {
  if (existsSync(path)) chmodSync(path, 0o600)
}
