import { spawn } from 'node:child_process'
import t from 'tap'
import { pathToFileURL } from 'node:url'
import { fromRoot } from '../../server/paths.js'
import { compiled } from '../helpers/entry.js'
import { tempDir, testEnv } from '../helpers/app.js'

// Closing the app leaves nothing running: a process that builds it, computes results and item non-response, and
// closes it, ends by itself (no connection, timer or thread keeps it alive).
const script = `
  const { buildApp } = await import(process.env.APP_MODULE)
  const { loadConfig } = await import(process.env.CONFIG_MODULE)
  const { computeFigures } = await import(process.env.FIGURES_MODULE)
  const { itemNonResponse } = await import(process.env.ITEMS_MODULE)
  const app = await buildApp(loadConfig(process.env))
  const round = await app.db.selectFrom('round').select('id').executeTakeFirstOrThrow()
  await computeFigures(app.db, round.id)
  await itemNonResponse(app.db, round.id)
  await app.close()
  console.log('closed')
`

t.test('a closed app keeps the process alive with nothing', async (t) => {
  const dir = tempDir(t)
  const module = (p: string): string => pathToFileURL(compiled ? fromRoot('dist', 'server', `${p}.js`) : fromRoot('server', `${p}.ts`)).href
  const child = spawn(process.execPath, [...(compiled ? [] : ['--import', 'tsx']), '--input-type=module', '-e', script], {
    env: {
      ...testEnv(dir),
      APP_MODULE: module('app'),
      CONFIG_MODULE: module('config'),
      FIGURES_MODULE: module('results/figures'),
      ITEMS_MODULE: module('statistics/item-nonresponse')
    },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let out = ''
  child.stdout.on('data', (d) => { out += String(d) })
  child.stderr.on('data', (d) => { out += String(d) })
  // Generous: the process only has to end by itself; a busy machine may take seconds to start Node.
  const killer = setTimeout(() => { child.kill('SIGKILL') }, 60_000)
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => { resolve(c) }))
  clearTimeout(killer)
  t.equal(code, 0, `ended by itself after close: ${out.slice(-300)}`)
  t.match(out, 'closed')
})
