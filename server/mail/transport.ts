import { renameSync } from 'node:fs'
import { join } from 'node:path'
import nodemailer, { type SendMailOptions } from 'nodemailer'
import { privateDir, writePrivateFile } from '../files.js'

/** Hands one message to the outside world; resolves when it has been accepted. */
export interface MailTransport {
  send: (message: SendMailOptions & { fileName: string }) => Promise<{ response: string }>
  close: () => void
}

/** SMTP through a nodemailer pool. */
export function smtpTransport (url: string): MailTransport {
  const transporter = nodemailer.createTransport({ url, pool: true, maxConnections: 5, maxMessages: 500, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 30_000 })
  return {
    send: async ({ fileName: _fileName, ...message }) => {
      const info = await transporter.sendMail(message)
      return { response: String(info.response ?? 'accepted') }
    },
    close: () => { transporter.close() }
  }
}

/** Writes each message as an .eml file (0600: it holds a live link); the name is fixed per outbox row, so a retry overwrites, never duplicates. */
export function fileTransport (dir: string): MailTransport {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' })
  return {
    send: async ({ fileName, ...message }) => {
      privateDir(dir)
      const info = await composer.sendMail(message)
      const target = join(dir, `${fileName}.eml`)
      writePrivateFile(`${target}.tmp`, info.message as Buffer)
      renameSync(`${target}.tmp`, target)
      return { response: `written to ${target}` }
    },
    close: () => { composer.close() }
  }
}

/** The transport the configuration asks for: SMTP when SMTP_URL is set, files otherwise. */
export function transportFor (config: { smtpUrl: string | null, outboxDir: string }): MailTransport {
  return config.smtpUrl === null ? fileTransport(config.outboxDir) : smtpTransport(config.smtpUrl)
}
