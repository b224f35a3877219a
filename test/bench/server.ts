// The real server in production mode for `npm run bench`, plus one bare route in the same process to compare with:
// it sends the bytes it was given (a section page as the server made it) gzipped anew on every request, as the
// product does for a page made for the first time.
import { gzipSync } from 'node:zlib'
import { buildApp } from '../../server/app.js'
import { loadConfig } from '../../server/config.js'

const config = loadConfig()
const app = await buildApp(config, { mailIntervalMs: null, linkLimit: { limit: 1_000_000, windowMs: 60_000 } })
let bytes = Buffer.from('ok')
let gzipped = gzipSync(bytes)
app.post('/bench/bytes', { bodyLimit: 4 * 1024 * 1024 }, async (request) => {
  bytes = Buffer.from(String(request.body))
  gzipped = gzipSync(bytes)
  return 'ok'
})
// The same bytes gzipped once: what a route that only sends a page kept in memory costs (for the public register).
app.get('/bench/sent', async (_request, reply) => reply.type('text/html; charset=utf-8').header('vary', 'accept-encoding').header('content-encoding', 'gzip').send(gzipped))
app.get('/bench/bare', async (_request, reply) => reply.type('text/html; charset=utf-8').header('vary', 'accept-encoding').header('content-encoding', 'gzip').send(gzipSync(bytes)))
await app.listen({ port: 0, host: '127.0.0.1' })
const address = app.server.address() as { port: number }
process.stdout.write(`BENCH_PORT=${address.port}\n`)
process.once('SIGTERM', () => { void app.close().then(() => process.exit(0)) })
