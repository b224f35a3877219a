import { spawn } from 'node:child_process'
import { entryArgs } from '../helpers/entry.js'
import t from 'tap'
import { startMailing } from '../../server/mail/mailings.js'
import { currentRound, type Round } from '../../server/survey/rounds.js'
import { fromRoot } from '../../server/paths.js'
import { buildTestApp, testEnv } from '../helpers/app.js'
import { addContacts } from '../helpers/mail.js'
import { startSmtp } from '../helpers/smtp.js'

function runSender (env: NodeJS.ProcessEnv, killAfterMs: number | null): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...entryArgs('server/cli'), 'mail', 'send-due'], { env: { ...process.env, ...env }, cwd: fromRoot(), stdio: 'ignore' })
    const timer = killAfterMs === null ? null : setTimeout(() => { child.kill('SIGKILL') }, killAfterMs)
    child.on('exit', () => {
      if (timer !== null) clearTimeout(timer)
      resolve()
    })
  })
}

t.test('a mailing killed (SIGKILL) at random moments is finished by the next start: every message once, apart from the documented window', async (t) => {
  const smtp = await startSmtp(t)
  smtp.delayMs = 40
  const { app, dir } = await buildTestApp(t, { env: { SMTP_URL: smtp.url } })
  const orgs = await app.db.selectFrom('organisation').select('code').execute()
  await addContacts(app, orgs.map((o) => [o.code, `enkat-${o.code}@example.se`]))
  const round = (await currentRound(app.db)) as Round
  const started = await startMailing(app.db, round, 'invitation', new Date(), false)
  t.ok(started.ok)
  const env = testEnv(dir, { SMTP_URL: smtp.url })

  let seed = 20261127
  const random = (): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648 }
  const window = new Map<string, number>()
  let kills = 0
  for (let i = 0; i < 12; i++) {
    await runSender(env, 900 + Math.floor(random() * 1500))
    kills++
    const inFlight = await app.db.selectFrom('outbox_message').select('message_id').where('status', '=', 'sending').execute()
    for (const m of inFlight) window.set(m.message_id, (window.get(m.message_id) ?? 0) + 1)
    const left = await app.db.selectFrom('outbox_message').select((eb) => eb.fn.countAll<number>().as('n')).where('status', 'in', ['queued', 'sending']).executeTakeFirstOrThrow()
    if (Number(left.n) === 0) break
  }
  await runSender(env, null)

  const rows = await app.db.selectFrom('outbox_message').select(['message_id', 'status', 'recovered']).execute()
  t.equal(rows.length, 310)
  t.ok(rows.every((r) => r.status === 'sent'), 'every due message has been sent')
  const counts = new Map<string, number>()
  for (const m of smtp.received) counts.set(m.messageId, (counts.get(m.messageId) ?? 0) + 1)
  const missing = rows.filter((r) => !counts.has(r.message_id))
  t.equal(missing.length, 0, 'nothing lost')
  const doubled = [...counts].filter(([, n]) => n > 1).map(([id]) => id)
  t.ok(doubled.every((id) => window.has(id)), 'only messages in the window were received more than once')
  t.ok([...counts].every(([id, n]) => n <= 1 + (window.get(id) ?? 0)), 'at most one extra copy per kill that caught the message in the window')
  const recovered = rows.filter((r) => r.recovered > 0).length
  t.comment(`${kills} kills; ${window.size} messages were in the window (claimed, acceptance not yet recorded); ${doubled.length} received more than once; ${recovered} rows taken over after a crash`)
  t.equal(smtp.received.length, [...counts.values()].reduce((a, b) => a + b, 0))
})
