/** What an SMTP failure means for a mailing: retry one message, fail one message, or pause the whole mailing. */
export type SmtpVerdict =
  | { kind: 'retry', reason: string, detail: string }
  | { kind: 'failed', reason: string, detail: string }
  | { kind: 'pause', reason: string, detail: string, severity: 'warn' | 'error' }

interface NodemailerError { code?: string, command?: string, responseCode?: number, response?: string, message?: string }

/**
 * Classifies a nodemailer error. Problems of the connection, the login or the sender (connection refused or timed
 * out, 4xx outside RCPT, 535, 5xx to MAIL FROM, a relay refusal) are the same for every recipient: they pause the
 * mailing, and no message loses an attempt. A 4xx to one recipient is retried for that message; a 5xx to one
 * recipient fails that message with its reason. Reasons are Swedish; the detail is the server's own answer.
 */
export function classifySmtpError (err: unknown): SmtpVerdict {
  const e = (err ?? {}) as NodemailerError
  const detail = [e.responseCode, e.response ?? e.message ?? String(err)].filter((x) => x !== undefined).join(' ').slice(0, 500)
  const command = (e.command ?? '').toUpperCase()
  const code = e.responseCode
  const relay = /relay/i.test(e.response ?? '')
  if (code === undefined) {
    return { kind: 'pause', severity: 'error', reason: 'E-postservern (SMTP_URL) gick inte att nå: anslutningen nekades, bröts eller tog för lång tid.', detail }
  }
  if (command.startsWith('AUTH') || e.code === 'EAUTH' || code === 535 || code === 530) {
    return { kind: 'pause', severity: 'error', reason: 'E-postservern godkände inte inloggningen: kontrollera användarnamn och lösenord i SMTP_URL.', detail }
  }
  if (command === 'RCPT TO' && !relay) {
    return code >= 500
      ? { kind: 'failed', reason: 'Mottagarens e-postserver nekade adressen.', detail }
      : { kind: 'retry', reason: 'Mottagarens e-postserver bad oss försöka igen senare.', detail }
  }
  if (code >= 500) {
    return { kind: 'pause', severity: 'error', reason: relay ? 'E-postservern vägrar skicka vidare e-post från oss (relay nekad): servern behöver tillåta den här avsändaren eller inloggningen.' : 'E-postservern nekade avsändaren (MAIL_FROM) eller meddelandet.', detail }
  }
  return { kind: 'pause', severity: 'warn', reason: 'E-postservern har ett tillfälligt fel och bad oss vänta.', detail }
}
