// The worker thread of off-thread.ts: computes with its own connection to the database file and answers.
import { parentPort } from 'node:worker_threads'
import { openDatabase } from '../db/database.js'
import { itemNonResponseNow } from '../statistics/item-nonresponse.js'
import { computeFiguresNow } from './figures.js'
import type { Task } from './off-thread.js'

parentPort!.on('message', (task: Task & { id: number }) => {
  void run(task).then((reply) => { parentPort!.postMessage(reply) })
})

async function run (task: Task & { id: number }): Promise<{ id: number, value?: unknown, error?: string }> {
  const db = openDatabase(task.path)
  try {
    const value = task.kind === 'figures' ? await computeFiguresNow(db, task.roundId) : await itemNonResponseNow(db, task.roundId)
    return { id: task.id, value }
  } catch (error) {
    return { id: task.id, error: error instanceof Error ? error.message : String(error) }
  } finally {
    await db.destroy()
  }
}
