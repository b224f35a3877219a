// The real server in production mode for `npm run bench`, plus one bare route in the same process to compare with.
import { buildApp } from '../../server/app.js'
import { loadConfig } from '../../server/config.js'

const config = loadConfig()
const app = await buildApp(config, { mailIntervalMs: null, linkLimit: { limit: 1_000_000, windowMs: 60_000 } })
app.get('/bench/bare', async () => 'ok')
await app.listen({ port: 0, host: '127.0.0.1' })
const address = app.server.address() as { port: number }
process.stdout.write(`BENCH_PORT=${address.port}\n`)
process.once('SIGTERM', () => { void app.close().then(() => process.exit(0)) })
