import { chmodSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { openLink } from '../helpers/respondent.js'
import { runCli } from '../../server/cli.js'
import { capture } from '../helpers/cli.js'
import { buildTestApp, tempDir, testEnv } from '../helpers/app.js'


t.test('migrate and links export on a fresh database', async (t) => {
  const dir = tempDir(t)
  const env = testEnv(dir)
  const migrated = await capture(async (io) => await runCli(['migrate'], env, io))
  t.equal(migrated.code, 0)
  t.match(migrated.out, 'Körde migreringar: 2026-11-27-initial')
  const file = join(dir, 'links.csv')
  const exported = await capture(async (io) => await runCli(['links', 'export', file], env, io))
  t.equal(exported.code, 0)
  t.match(exported.err, 'konfidentiell', 'warns that the file is confidential')
  const lines = readFileSync(file, 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n')
  t.equal(lines[0], 'kod,namn,typ,lank')
  t.equal(lines.length, 311, '310 links')
  t.match(lines.find((l) => l.startsWith('0980,')), /^0980,Gotland,kommun,http:\/\/enkat\.test\/s\/[A-Za-z0-9_-]{43}$/)
  t.match(lines.find((l) => l.startsWith('25,')), /^25,Region Norrbotten,region,/)

  const refused = await capture(async (io) => await runCli(['links', 'export', file], env, io))
  t.equal(refused.code, 1, 'an existing file is not overwritten')
  t.match(refused.err, '--force')
  chmodSync(file, 0o644)
  const again = await capture(async (io) => await runCli(['links', 'export', file, '--force'], env, io))
  t.equal(again.code, 0)
  t.equal(readFileSync(file, 'utf8').split('\r\n').length, lines.length + 1, 'exporting again gives the same links')
  t.equal(statSync(file).mode & 0o777, 0o600, 'and the overwritten file is made owner-only')

  const { app } = await buildTestApp(t, { dir })
  const url = new URL(lines[1]!.split(',')[3]!)
  t.equal((await openLink(app, url.pathname.split('/s/')[1] ?? '')).statusCode, 303, 'an exported link opens the form')
})

t.test('links reissue and revoke; unknown commands and codes fail', async (t) => {
  const dir = tempDir(t)
  const env = testEnv(dir)
  const reissued = await capture(async (io) => await runCli(['links', 'reissue', '0180'], env, io))
  t.equal(reissued.code, 0)
  const link = /http:\/\/enkat\.test(\/s\/\S+)/.exec(reissued.out)?.[1]
  t.ok(link)
  const revoked = await capture(async (io) => await runCli(['links', 'revoke', '0180'], env, io))
  t.match(revoked.out, 'Länken för Stockholm är spärrad')
  const { app } = await buildTestApp(t, { dir })
  t.equal((await app.inject({ method: 'GET', url: link! })).statusCode, 404)
  t.equal((await capture(async (io) => await runCli(['links', 'revoke', '9999'], env, io))).code, 1)
  t.equal((await capture(async (io) => await runCli(['nonsense'], env, io))).code, 2)
  t.equal((await capture(async (io) => await runCli(['migrate'], { ...env, PORT: 'x' }, io))).code, 1)
})

t.test('backup: an online copy that passes integrity_check; an existing file is never overwritten', async (t) => {
  const dir = tempDir(t)
  const env = testEnv(dir)
  const { app } = await buildTestApp(t, { dir })
  void app
  const file = join(dir, 'kopia.db')
  const first = await capture(async (io) => await runCli(['backup', file], env, io))
  t.equal(first.code, 0)
  t.match(first.out, 'integrity_check: ok')
  const again = await capture(async (io) => await runCli(['backup', file], env, io))
  t.equal(again.code, 1)
  t.match(again.err, 'finns redan')
})
