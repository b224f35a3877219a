import { extname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { databasePath, type Db } from '../db/database.js'

/** A computation the worker knows: results figures or item non-response of a round, from a database file. */
export interface Task { kind: 'figures' | 'item-nonresponse', path: string, roundId: number }

// A build starts the worker from its compiled file. Only when running from TypeScript sources (development, tests
// through tsx) is tsx registered in the worker, since Node 20 workers do not inherit the parent's loader.
const EXTENSION = extname(fileURLToPath(import.meta.url))
const MODULE = new URL(`./compute-worker${EXTENSION}`, import.meta.url)
const BOOT_FROM_SOURCE = `
const { workerData } = require('node:worker_threads')
import(workerData.tsx).then(({ tsImport }) => tsImport(workerData.module, workerData.module))
`

let worker: Worker | null = null
let broken = false
let nextId = 0
let runs = 0
const pending = new Map<number, { resolve: (value: unknown) => void, reject: (error: Error) => void }>()

function start (): Worker {
  const w = EXTENSION === '.ts'
    ? new Worker(BOOT_FROM_SOURCE, { eval: true, workerData: { tsx: import.meta.resolve('tsx/esm/api'), module: MODULE.href } })
    : new Worker(MODULE)
  w.unref()
  w.on('message', (m: { id: number, value?: unknown, error?: string }) => {
    const p = pending.get(m.id)
    pending.delete(m.id)
    if (m.error === undefined) p?.resolve(m.value)
    else p?.reject(new Error(m.error))
  })
  const fail = (error: Error): void => {
    for (const p of pending.values()) p.reject(error)
    pending.clear()
  }
  w.on('error', (error) => {
    broken = true
    fail(error)
  })
  w.on('exit', () => {
    worker = null
    fail(new Error('The worker thread stopped before it answered.'))
  })
  return w
}

/**
 * Runs a long computation (about a second on a round a hundred times the real size) on a worker thread with its
 * own connection to the database file, so the server keeps answering other requests meanwhile. The worker sees
 * committed data only. An in-memory database, or a worker that failed to start, computes here instead.
 */
export async function offThread<T> (db: Db, kind: Task['kind'], roundId: number, here: () => Promise<T>): Promise<T> {
  const path = databasePath(db)
  if (path === undefined || broken) return await here()
  worker ??= start()
  const id = nextId++
  runs++
  const w = worker
  return await new Promise<T>((resolve, reject) => {
    pending.set(id, { resolve: resolve as (value: unknown) => void, reject })
    w.ref()
    w.postMessage({ id, kind, path, roundId } satisfies Task & { id: number })
  }).finally(() => { if (pending.size === 0) w.unref() })
}

/** How many computations were sent to the worker, for tests. */
export function offThreadRuns (): number {
  return runs
}

/** The results worker: 'ok' (running or not needed yet) or 'broken' (it failed to start; computations run here). */
export function offThreadHealth (): 'ok' | 'broken' {
  return broken ? 'broken' : 'ok'
}
