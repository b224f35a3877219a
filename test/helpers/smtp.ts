import { SMTPServer } from 'smtp-server'

export interface Received {
  from: string
  to: string[]
  raw: string
  messageId: string
  subject: string
  /** The decoded text of the message (quoted-printable undone). */
  text: string
}

export interface TestSmtp {
  port: number
  url: string
  received: Received[]
  /** 'temporary' answers 451, 'permanent' 550, for every recipient or those listed. */
  reject: { mode: 'none' | 'temporary' | 'permanent', only?: Set<string> }
  /** Answer MAIL FROM with 554 5.7.1 Relay access denied, as a relay that does not accept this sender does. */
  refuseSender: boolean
  /** Answer AUTH with 535 (wrong user name or password). */
  refuseLogin: boolean
  delayMs: number
  stop: () => Promise<void>
  start: () => Promise<void>
}

function decodeQp (s: string): string {
  const bytes = s.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)))
  return Buffer.from(bytes, 'latin1').toString('utf8')
}

function decodeWords (s: string): string {
  return s.replace(/\?=\s+=\?/g, '?==?').replace(/=\?UTF-8\?([QB])\?([^?]*)\?=/gi, (_m, enc: string, data: string) => enc.toUpperCase() === 'B'
    ? Buffer.from(data, 'base64').toString('utf8')
    : Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'))
}

function header (raw: string, name: string): string {
  const head = raw.split(/\r?\n\r?\n/, 1)[0]!.replace(/\r?\n[ \t]+/g, ' ')
  return decodeWords(new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1]?.trim() ?? '')
}

/** A real SMTP server on a free loopback port that records what it accepts and can reject, delay or go away. */
export async function startSmtp (t: { teardown: (fn: () => unknown) => void }): Promise<TestSmtp> {
  let server: SMTPServer | null = null
  const state: TestSmtp = {
    port: 0,
    url: '',
    received: [],
    reject: { mode: 'none' },
    refuseSender: false,
    refuseLogin: false,
    delayMs: 0,
    stop: async () => {
      const s = server
      server = null
      if (s !== null) await new Promise<void>((resolve) => { s.close(() => { resolve() }) })
    },
    start: async () => {
      const s = new SMTPServer({
        authOptional: true,
        allowInsecureAuth: true,
        disabledCommands: ['STARTTLS'],
        logger: false,
        onAuth (auth, _session, cb) {
          if (state.refuseLogin) { cb(Object.assign(new Error('5.7.8 Authentication credentials invalid'), { responseCode: 535 })); return }
          cb(null, { user: auth.username })
        },
        onMailFrom (_address, _session, cb) {
          if (state.refuseSender) { cb(Object.assign(new Error('5.7.1 Relay access denied'), { responseCode: 554 })); return }
          cb()
        },
        onRcptTo (address, _session, cb) {
          const r = state.reject
          if (r.mode !== 'none' && (r.only === undefined || r.only.has(address.address))) {
            const err = Object.assign(new Error(r.mode === 'temporary' ? 'Try again later' : 'No such user'), { responseCode: r.mode === 'temporary' ? 451 : 550 })
            cb(err); return
          }
          cb()
        },
        onData (stream, session, cb) {
          const chunks: Buffer[] = []
          stream.on('data', (c: Buffer) => chunks.push(c))
          stream.on('end', () => {
            const raw = Buffer.concat(chunks).toString('latin1')
            const done = (): void => {
              state.received.push({
                from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
                to: session.envelope.rcptTo.map((r) => r.address),
                raw,
                messageId: header(raw, 'Message-ID'),
                subject: header(raw, 'Subject'),
                text: decodeQp(raw)
              })
              cb()
            }
            if (state.delayMs > 0) setTimeout(done, state.delayMs)
            else done()
          })
        }
      })
      s.on('error', () => {})
      await new Promise<void>((resolve) => { s.listen(state.port, '127.0.0.1', () => { resolve() }) })
      server = s
      const address = (s as unknown as { server: { address: () => { port: number } } }).server.address()
      state.port = address.port
      state.url = `smtp://127.0.0.1:${state.port}`
    }
  }
  await state.start()
  t.teardown(state.stop)
  return state
}
