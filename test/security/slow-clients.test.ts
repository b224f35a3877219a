import { connect } from 'node:net'
import { Writable } from 'node:stream'
import t from 'tap'
import { buildApp } from '../../server/app.js'
import { loadConfig } from '../../server/config.js'
import { tempDir, testEnv } from '../helpers/app.js'

function slowClient (port: number, send: (socket: ReturnType<typeof connect>) => void): Promise<{ ms: number, answer: string }> {
  return new Promise((resolve) => {
    const started = Date.now()
    let answer = ''
    const socket = connect(port, '127.0.0.1', () => { send(socket) })
    socket.on('data', (d) => { answer += String(d) })
    socket.on('error', () => {})
    socket.on('close', () => { resolve({ ms: Date.now() - started, answer }) })
  })
}

t.test('slow clients are cut off by the header and request timeouts', async (t) => {
  const dir = tempDir(t)
  const app = await buildApp(loadConfig(testEnv(dir)), { timeouts: { requestMs: 1500, headersMs: 600 }, logStream: new Writable({ write (_c, _e, cb) { cb() } }) })
  t.teardown(async () => { await app.close() })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const port = (app.server.address() as { port: number }).port
  const headers = await slowClient(port, (s) => {
    s.write('GET / HTTP/1.1\r\nHost: x\r\n')
    const drip = setInterval(() => { if (!s.destroyed) s.write('X-Slow: 1\r\n') }, 100)
    s.on('close', () => { clearInterval(drip) })
  })
  // The drip would go on for ever; a margin far above the 600 ms timeout keeps a busy machine from failing the test.
  t.ok(headers.ms < 20_000, `headers dripped slowly: cut off after ${headers.ms} ms`)
  t.match(headers.answer, /^HTTP\/1\.1 408 /, 'with 408 Request Timeout')
  const body = await slowClient(port, (s) => {
    s.write('POST /enkat/del/e HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\n')
    const drip = setInterval(() => { if (!s.destroyed) s.write('q17=x') }, 100)
    s.on('close', () => { clearInterval(drip) })
  })
  t.ok(body.ms < 20_000, `a body dripped slowly: cut off after ${body.ms} ms`)
  t.match(body.answer, /^HTTP\/1\.1 408 /, 'with 408 Request Timeout')
})
