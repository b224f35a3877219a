// Backup and restore as server/deploy/README.md tells the operator: `backup` while the server runs gives one
// self-contained file; stop, copy it into a fresh data folder (nothing else there), start with the same
// SESSION_SECRET, and every answer and every personal link is back.
import { chmodSync, copyFileSync, mkdirSync, openSync, readdirSync, readSync, closeSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { runCli } from '../../server/cli.js'
import { buildTestApp, tempDir, testEnv } from '../helpers/app.js'
import { capture } from '../helpers/cli.js'
import { answerSnapshot } from '../helpers/db.js'
import { storeResponse } from '../helpers/fixtures.js'
import { Respondent, submitFromReview } from '../helpers/respondent.js'

const secret = 'en-hemlighet-som-ar-minst-trettiotva-tecken-lang'

/** SQLite's file format bytes 18-19: 1/1 is a rollback journal, 2/2 is WAL (which needs a -wal file beside it). */
function journalBytes (file: string): number[] {
  const fd = openSync(file, 'r')
  const header = Buffer.alloc(20)
  readSync(fd, header, 0, 20, 0)
  closeSync(fd)
  return [header[18]!, header[19]!]
}

t.test('a backup taken while the server runs restores into a fresh data folder with every answer', async (t) => {
  const live = await buildTestApp(t, { env: { SESSION_SECRET: secret } })
  const now = new Date()
  await storeResponse(live.app, '0180', { q01: 'yes', q02: 'no', q17: 'Stockholms svar' }, now)
  await storeResponse(live.app, '1480', { q01: 'no', q02: 'no' }, null)
  await storeResponse(live.app, '12', { q01: 'no', q02: 'yes' }, now)
  const token = await live.tokenFor('1280')
  const r = new Respondent(live.app)
  await r.open(token)
  t.equal((await r.saveSection('e', [['q17', 'Malmö sparade före kopian']])).statusCode, 303)
  t.equal((await submitFromReview(r)).location, '/enkat/kvitto')
  const before = await answerSnapshot(live.app.db)

  const backups = tempDir(t)
  const file = join(backups, 'enkat-2026-12-04.db')
  const made = await capture(async (io) => await runCli(['backup', file], testEnv(live.dir, { SESSION_SECRET: secret }), io))
  t.equal(made.code, 0, made.err)
  t.match(made.out, /integrity_check: ok, 4 svar/)
  t.same(readdirSync(backups), ['enkat-2026-12-04.db'], 'one self-contained file: no -wal or -shm beside it')
  t.same(journalBytes(file), [1, 1], 'in rollback-journal mode, so it needs nothing beside it')

  // The documented restore: stop the server, copy the file in as the database (with nothing else in the folder),
  // make it the service user's with 0600, start with the same SESSION_SECRET.
  await live.app.close()
  const fresh = join(tempDir(t), 'enkat')
  mkdirSync(fresh, { mode: 0o700 })
  copyFileSync(file, join(fresh, 'survey.db'))
  chmodSync(join(fresh, 'survey.db'), 0o600)
  const restored = await buildTestApp(t, { dir: fresh, env: { SESSION_SECRET: secret } })
  t.equal(await answerSnapshot(restored.app.db), before, 'every response, answer, row and count is back')
  t.equal((await restored.app.inject({ method: 'GET', url: '/readyz' })).statusCode, 200, 'the restored server is ready')
  const again = new Respondent(restored.app)
  t.equal((await again.open(token)).statusCode, 303, 'a personal link from before the backup still opens')
  t.match((await again.get('/enkat/granska')).body, 'Malmö sparade före kopian')
})
