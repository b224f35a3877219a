import { hostname } from 'node:os'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { runCli } from '../../server/cli.js'
import { loadConfig } from '../../server/config.js'
import { openDatabase } from '../../server/db/database.js'
import { tempDir, testEnv } from '../helpers/app.js'
import { capture } from '../helpers/cli.js'


t.test('a CLI with another SESSION_SECRET than the database was set up with is refused before it writes links', async (t) => {
  const dir = tempDir(t)
  const server = testEnv(dir, { SESSION_SECRET: 'a'.repeat(43) })
  t.equal((await capture(async (io) => await runCli(['migrate'], server, io))).code, 0)
  t.equal((await capture(async (io) => await runCli(['links', 'export', join(dir, 'ok.csv')], server, io))).code, 0, 'the same secret works')
  const other = await capture(async (io) => await runCli(['links', 'export', join(dir, 'fel.csv')], testEnv(dir, { SESSION_SECRET: 'b'.repeat(43) }), io))
  t.equal(other.code, 1)
  t.match(other.text, 'SESSION_SECRET differs from the one this database was set up with')
  const mail = await capture(async (io) => await runCli(['mail', 'send', 'invitation', '--yes'], testEnv(dir, { SESSION_SECRET: 'b'.repeat(43) }), io))
  t.equal(mail.code, 1, 'nor may it queue a mailing')
  const db = openDatabase(loadConfig(server).databasePath)
  t.teardown(async () => { await db.destroy() })
  t.equal((await db.selectFrom('mailing').select('id').execute()).length, 0)
})

t.test('links written by the CLI start with the PUBLIC_URL the server runs with, not the shell\'s', async (t) => {
  const dir = tempDir(t)
  const env = testEnv(dir)
  t.equal((await capture(async (io) => await runCli(['migrate'], env, io))).code, 0)
  const db = openDatabase(loadConfig(env).databasePath)
  t.teardown(async () => { await db.destroy() })
  await db.updateTable('server_state').set({ public_url: 'https://enkat.skr.se' }).execute()
  const exported = await capture(async (io) => await runCli(['links', 'export', join(dir, 'l.csv')], env, io))
  t.equal(exported.code, 0)
  t.match(exported.err, 'Länkarna börjar med serverns adress https://enkat.skr.se (PUBLIC_URL här är http://enkat.test).')
  t.match(readFileSync(join(dir, 'l.csv'), 'utf8').split('\r\n')[1], /,https:\/\/enkat\.skr\.se\/s\/[A-Za-z0-9_-]{43}$/)
  const reissued = await capture(async (io) => await runCli(['links', 'reissue', '0180'], env, io))
  t.match(reissued.out, /https:\/\/enkat\.skr\.se\/s\/[A-Za-z0-9_-]{43}/)
})

t.test('mail send-due refuses while a live server holds the sender lease, and takes over from a dead one', async (t) => {
  const dir = tempDir(t)
  const env = testEnv(dir)
  t.equal((await capture(async (io) => await runCli(['migrate'], env, io))).code, 0)
  const db = openDatabase(loadConfig(env).databasePath)
  t.teardown(async () => { await db.destroy() })
  const soon = new Date(Date.now() + 60_000).toISOString()
  // Process 1 is alive on every machine: a server that holds the lease.
  await db.updateTable('server_state').set({ sender_owner: `${hostname()}:1`, sender_until: soon, transport: 'smtp://mail.skr.se:587' }).execute()
  const refused = await capture(async (io) => await runCli(['mail', 'send-due'], env, io))
  t.equal(refused.code, 1)
  t.match(refused.text, 'En server skickar redan e-posten')
  t.match(refused.text, 'smtp://mail.skr.se:587')
  const queued = await capture(async (io) => await runCli(['mail', 'send', 'invitation', '--yes'], env, io))
  t.equal(queued.code, 0)
  t.match(queued.text, 'via smtp://mail.skr.se:587', 'the CLI shows what the server sends with')
  t.match(queued.text, 'Servern skickar dem inom en halv minut')
  await db.updateTable('server_state').set({ sender_owner: `${hostname()}:2147483646` }).execute()
  t.equal((await capture(async (io) => await runCli(['mail', 'send-due'], env, io))).code, 0, 'a lease of a process that is gone is taken over')
  t.equal((await db.selectFrom('server_state').select('sender_owner').executeTakeFirstOrThrow()).sender_owner, null, 'and given back at the end')
})
