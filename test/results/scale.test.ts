import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import t from 'tap'
import { fillSyntheticRound, multiplyRound } from '../../server/results/synthetic.js'
import { currentRound } from '../../server/survey/rounds.js'
import { buildTestApp } from '../helpers/app.js'
import { AdminClient, createAdmin } from '../helpers/admin.js'

t.test('exports of a round with 100 times as many organisations stream without loading everything into memory', async (t) => {
  const { app, config } = await buildTestApp(t)
  const round = (await currentRound(app.db))!
  await fillSyntheticRound(app.db, round.id)
  let start = performance.now()
  await multiplyRound(app.db, round.id, 100)
  t.comment(`synthetic round ×100 built in ${Math.round(performance.now() - start)} ms`)
  const orgs = await app.db.selectFrom('organisation').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  t.equal(Number(orgs.n), 31_000)
  await createAdmin(app)
  const c = new AdminClient(app)
  await c.login()
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address() as { port: number }
  // Live memory, not garbage: the heap is measured right after a full collection, so the figure does not depend on
  // when the collector happens to run (which depends on the machine's load).
  setFlagsFromString('--expose-gc')
  const gc = runInNewContext('gc') as () => void
  gc()
  const before = process.memoryUsage().heapUsed
  let peak = before
  const timer = setInterval(() => { gc(); peak = Math.max(peak, process.memoryUsage().heapUsed) }, 100)
  start = performance.now()
  const res = await fetch(`http://127.0.0.1:${address.port}/admin/resultat/responses.csv`, { headers: { cookie: c.cookieHeader } })
  t.equal(res.status, 200)
  let chunks = 0
  let lines = 0
  let firstChunkAt = 0
  const reader = res.body!.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    if (chunks === 0) firstChunkAt = performance.now() - start
    chunks++
    for (const b of value) if (b === 10) lines++
  }
  clearInterval(timer)
  const total = performance.now() - start
  t.equal(lines, 31_001, 'one line per organisation and the header')
  t.ok(chunks > 10, `arrived in ${chunks} chunks`)
  t.comment(`the first bytes came after ${Math.round(firstChunkAt)} ms of ${Math.round(total)} ms`)
  const growthMb = (peak - before) / 1024 / 1024
  // Loading every answer of 31,000 organisations at once would keep several hundred MB alive.
  t.comment(`responses.csv: ${Math.round(total)} ms, live heap growth ${growthMb.toFixed(0)} MB`)
  t.ok(growthMb < 100, `live heap growth ${growthMb.toFixed(0)} MB stays bounded`)
  const csv = await fetch(`http://127.0.0.1:${address.port}/admin/resultat/results.csv`, { headers: { cookie: c.cookieHeader } })
  const text = await csv.text()
  t.match(text, /\nresponse,submitted,kommuner,organisations,29000,21300,73\.4,/, 'figures scale too')
  void config
})
