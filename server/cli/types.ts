import { userInfo } from 'node:os'
import type { Config } from '../config.js'
import type { Db } from '../db/database.js'

export interface CliIo {
  out: (line: string) => void
  err: (line: string) => void
  /** Asks a yes/no question on a terminal; null when there is none to ask. */
  confirm: ((question: string) => Promise<boolean>) | null
}

/** One CLI command: returns the process exit code. */
export type Command = (db: Db, config: Config, args: string[], io: CliIo) => Promise<number>

/** The audit actor of a command-line action: `cli:` and the operating-system user who ran it. */
export function cliActor (): string {
  try {
    return `cli:${userInfo().username}`
  } catch {
    return `cli:uid ${process.getuid?.() ?? '?'}`
  }
}
