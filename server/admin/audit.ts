import type { Db } from '../db/database.js'

/** Every kind of audit entry, by its stored code, with its Swedish name. */
export const auditActionNames: Record<string, string> = {
  login: 'Inloggning',
  login_failed: 'Misslyckad inloggning',
  logout: 'Utloggning',
  admin_added: 'Administratör skapad',
  password_reset: 'Lösenord bytt',
  contacts_imported: 'Kontakter importerade',
  contact_added: 'Kontakt tillagd',
  contact_updated: 'Kontakt ändrad',
  contact_activated: 'Kontakt återaktiverad',
  contact_deactivated: 'Kontakt inaktiverad',
  link_reissued: 'Ny länk utfärdad',
  link_revoked: 'Länk spärrad',
  links_exported: 'Länkar exporterade',
  mailing_started: 'Utskick startat',
  mailing_scheduled: 'Utskick planerat',
  mailing_unscheduled: 'Planerat utskick borttaget',
  mailing_retried: 'Utskick: nytt försök',
  template_saved: 'Utskickstext sparad',
  round_dates_changed: 'Omgångens datum ändrade',
  round_closed: 'Omgången stängd',
  round_reopened: 'Omgången öppnad igen',
  export_with_contacts: 'Export med kontaktuppgifter',
  audit_exported: 'Loggen exporterad',
  contact_erased: 'Kontakt raderad på begäran',
  privacy_purged: 'Personuppgifter raderade',
  round_created: 'Ny omgång skapad',
  survey_created: 'Ny enkät skapad',
  register_published: 'Vänortsregistret publicerat',
  register_unpublished: 'Vänortsregistret avpublicerat',
  register_excluded: 'Organisation undantagen från vänortsregistret',
  register_included: 'Organisation åter med i vänortsregistret',
  backup: 'Säkerhetskopia'
}

/** The Swedish name of an audit entry's kind (the code itself for one this version does not know). */
export function auditActionName (action: string): string {
  return auditActionNames[action] ?? action
}

/** The survey an audit entry concerns: given by its id, or by a round of it. */
export type AuditScope = { surveyId: number } | { roundId: number }

/**
 * Writes one audit entry: who did what, and when, and (scope) which survey it concerns. Pass the transaction that
 * makes the change, so both land or neither.
 */
export async function audit (db: Db, actor: string, action: string, detail: string | null, now = new Date(), scope?: AuditScope): Promise<void> {
  const surveyId = scope === undefined
    ? null
    : 'surveyId' in scope ? scope.surveyId : db.selectFrom('round').select('survey_id').where('id', '=', scope.roundId)
  await db.insertInto('audit_log').values({ at: now.toISOString(), actor, action, detail, survey_id: surveyId }).execute()
}

/** An audit entry for a service to write in the same transaction as the change it describes. */
export interface AuditNote { actor: string, action: string, detail: string | null }

export interface AuditFilter {
  action?: string
  /** YYYY-MM-DD, inclusive, compared with the UTC timestamp's date. */
  from?: string
  to?: string
}

/** An audit entry as listed, with the title of the survey it concerns (null when it concerns none or is older than that note). */
export interface AuditEntry { at: string, actor: string, action: string, detail: string | null, survey: string | null }

function filtered (db: Db, f: AuditFilter) {
  let q = db.selectFrom('audit_log as a').leftJoin('survey as s', 's.id', 'a.survey_id')
  if (f.action !== undefined) q = q.where('a.action', '=', f.action)
  if (f.from !== undefined) q = q.where('a.at', '>=', `${f.from}T00:00:00.000Z`)
  if (f.to !== undefined) q = q.where('a.at', '<=', `${f.to}T23:59:59.999Z`)
  return q
}

const entryColumns = ['a.at', 'a.actor', 'a.action', 'a.detail', 's.title as survey'] as const

/** One page of audit entries matching the filter, newest first, and how many match in all. */
export async function auditPage (db: Db, f: AuditFilter, page: number, pageSize: number): Promise<{ entries: AuditEntry[], total: number }> {
  const total = Number((await filtered(db, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
  const entries = await filtered(db, f).select(entryColumns).orderBy('a.id', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute()
  return { entries, total }
}

/** Every audit entry matching the filter, oldest first, a batch at a time (for the CSV download). */
export async function * auditEntries (db: Db, f: AuditFilter): AsyncGenerator<AuditEntry> {
  let after = 0
  for (;;) {
    const rows = await filtered(db, f).select([...entryColumns, 'a.id']).where('a.id', '>', after).orderBy('a.id').limit(1000).execute()
    for (const r of rows) yield r
    if (rows.length < 1000) return
    after = rows[rows.length - 1]?.id ?? after
  }
}
