import type { FastifyInstance } from 'fastify'
import { importContacts, organisationCodes, parseContactsCsv } from '../../server/mail/contacts.js'
import { deliverDue, type DeliveryReport } from '../../server/mail/sender.js'
import { smtpTransport } from '../../server/mail/transport.js'
import type { Config } from '../../server/config.js'

/** Imports contacts given as [code, email, name] rows through the real CSV parser. */
export async function addContacts (app: FastifyInstance, rows: Array<[string, string, string?]>): Promise<void> {
  const csv = ['kod;e-post;namn', ...rows.map(([c, e, n]) => `${c};${e};${n ?? ''}`)].join('\n')
  const parsed = parseContactsCsv(new TextEncoder().encode(csv), await organisationCodes(app.db))
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems))
  await importContacts(app.db, parsed.rows, new Date())
}

/** Runs the real sender against an SMTP URL with short retry delays. */
export async function deliver (app: FastifyInstance, config: Config, smtpUrl: string, extra: { retryBaseMs?: number, maxAttempts?: number, pauseMs?: number } = {}): Promise<DeliveryReport> {
  const transport = smtpTransport(smtpUrl)
  try {
    return await deliverDue(app.db, transport, {
      linkKey: app.linkKey, publicUrl: config.publicUrl, mailFrom: config.mailFrom, retryBaseMs: extra.retryBaseMs ?? 1, maxAttempts: extra.maxAttempts ?? 5, pauseMs: extra.pauseMs ?? 1
    })
  } finally {
    transport.close()
  }
}

/** The personal-link path in a received message. */
export function linkPath (text: string): string | undefined {
  return /\/s\/[A-Za-z0-9_-]{43}/.exec(text)?.[0]
}
