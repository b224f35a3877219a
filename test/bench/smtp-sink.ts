// A local SMTP server in its own process for the mail benchmark: accepts everything, counts Message-IDs.
import { SMTPServer } from 'smtp-server'

const ids = new Map<string, number>()
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onData (stream, _session, cb) {
    let head = ''
    stream.on('data', (c: Buffer) => { if (head.length < 4000) head += c.toString('latin1') })
    stream.on('end', () => {
      const id = /^Message-ID:\s*(\S+)/im.exec(head)?.[1] ?? 'none'
      ids.set(id, (ids.get(id) ?? 0) + 1)
      cb()
    })
  }
})
server.on('error', () => {})
server.listen(0, '127.0.0.1', () => {
  const port = (server as unknown as { server: { address: () => { port: number } } }).server.address().port
  process.stdout.write(`SMTP_PORT=${port}\n`)
})
process.on('message', () => {
  const doubled = [...ids.values()].filter((n) => n > 1).length
  process.send?.({ unique: ids.size, total: [...ids.values()].reduce((a, b) => a + b, 0), doubled })
})
