import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import { type AppOptions, buildApp } from '../../server/app.js'
import { loadConfig, type Config } from '../../server/config.js'
import { reissueLink } from '../../server/survey/links.js'
import { currentRound } from '../../server/survey/rounds.js'

export interface TestApp {
  app: FastifyInstance
  config: Config
  dir: string
  /** Everything the app logged, as text. */
  logs: () => string
  /** A fresh personal link token for an organisation code in the current round. */
  tokenFor: (code: string) => Promise<string>
}

interface Teardown { teardown: (fn: () => unknown) => void }

/** A temporary data folder that is removed when the test ends. */
export function tempDir (t: Teardown): string {
  const dir = mkdtempSync(join(tmpdir(), 'enkat-test-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

/** The environment a test app runs with, in its own folder. */
export function testEnv (dir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    NODE_ENV: 'test',
    DATABASE_PATH: join(dir, 'survey.db'),
    MAIL_OUTBOX_DIR: join(dir, 'outbox'),
    PUBLIC_URL: 'http://enkat.test',
    LOG_LEVEL: 'info',
    ...extra
  }
}

/** Builds the real app on a real SQLite file of its own and closes it when the test ends. */
export async function buildTestApp (t: Teardown, options: { dir?: string, env?: Record<string, string>, app?: Omit<AppOptions, 'logStream'> } = {}): Promise<TestApp> {
  const dir = options.dir ?? tempDir(t)
  const config = loadConfig(testEnv(dir, options.env))
  const chunks: string[] = []
  const logStream = new Writable({
    write (chunk, _enc, done) { chunks.push(String(chunk)); done() }
  })
  const app = await buildApp(config, { ...options.app, logStream })
  t.teardown(async () => { await app.close() })
  return {
    app,
    config,
    dir,
    logs: () => chunks.join(''),
    tokenFor: async (code: string) => {
      const round = await currentRound(app.db)
      const org = await app.db.selectFrom('organisation').select('id').where('code', '=', code).executeTakeFirstOrThrow()
      return await reissueLink(app.db, app.linkKey, round!.id, org.id, new Date())
    }
  }
}
