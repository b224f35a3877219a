import { parse } from 'csv-parse/sync'
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely'
import { z } from 'zod'
import { audit, type AuditNote } from '../admin/audit.js'
import { FORBIDDEN_LINE } from '../http/text-safety.js'
import type { Db } from '../db/database.js'
import { counted } from '../statistics/format.js'

export interface ContactRow { line: number, code: string, email: string, name: string | null }
export interface Problem { line: number, message: string }
export type ImportParse = { ok: true, rows: ContactRow[] } | { ok: false, problems: Problem[] }

const MAX_BYTES = 2 * 1024 * 1024
const MAX_ROWS = 20_000
const emailSchema = z.email().max(254)
// Names are one line: control characters (line breaks too), noncharacters and lone surrogates are refused.
const CONTROL = FORBIDDEN_LINE

const headerAliases: Record<'code' | 'email' | 'name', string[]> = {
  code: ['kod', 'kommunkod', 'länskod', 'lanskod', 'organisationskod', 'organisation', 'code'],
  email: ['e-post', 'epost', 'e-postadress', 'email', 'e-mail', 'mejl', 'mail'],
  name: ['namn', 'name', 'kontaktperson']
}

/** Text of an uploaded file: UTF-8 (with or without BOM), or Windows-1252 as older Excel saves it. */
export function decodeCsv (bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)
  } catch {
    return new TextDecoder('windows-1252').decode(bytes)
  }
}

/** A code as Excel may have mangled it (leading zero dropped) back to kommunkod or länskod. */
function normaliseCode (raw: string): string {
  const s = raw.trim()
  if (/^\d{3}$/.test(s)) return `0${s}`
  if (/^\d$/.test(s)) return `0${s}`
  return s
}

/** Reads and checks a contacts file; any bad row makes the whole file a list of problems. */
export function parseContactsCsv (bytes: Uint8Array, knownCodes: ReadonlySet<string>): ImportParse {
  if (bytes.byteLength === 0) return { ok: false, problems: [{ line: 0, message: 'Filen är tom.' }] }
  if (bytes.byteLength > MAX_BYTES) return { ok: false, problems: [{ line: 0, message: 'Filen är större än 2 MB.' }] }
  const decoded = decodeCsv(bytes).replace(/^\uFEFF/, '')
  // Excel may write its delimiter as a first line of its own ("sep=;"): it names the delimiter and is not the header.
  const sep = /^sep=([;,\t])\r?\n/.exec(decoded)
  const text = sep === null ? decoded : decoded.slice(sep[0].length)
  const firstLine = text.split(/\r?\n/, 1)[0] ?? ''
  const delimiter = sep?.[1] ?? ((firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',')
  let records: string[][]
  try {
    records = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: false, bom: true })
  } catch (err) {
    const line = (err as { lines?: number }).lines ?? 0
    return { ok: false, problems: [{ line, message: 'Filen kunde inte läsas som CSV (kontrollera citattecken).' }] }
  }
  if (records.length === 0) return { ok: false, problems: [{ line: 0, message: 'Filen är tom.' }] }
  if (records.length > MAX_ROWS + 1) return { ok: false, problems: [{ line: 0, message: `Filen har fler än ${MAX_ROWS.toLocaleString('sv-SE')} rader.` }] }
  const header = (records[0] ?? []).map((h) => h.trim().toLocaleLowerCase('sv'))
  const col = (key: keyof typeof headerAliases): number => header.findIndex((h) => headerAliases[key].includes(h))
  const codeCol = col('code')
  const emailCol = col('email')
  const nameCol = col('name')
  const missing: Problem[] = []
  if (codeCol < 0) missing.push({ line: sep === null ? 1 : 2, message: 'Kolumnen för organisationens kod saknas (rubrik ”kod”, ”kommunkod” eller ”länskod”).' })
  if (emailCol < 0) missing.push({ line: sep === null ? 1 : 2, message: 'Kolumnen för e-post saknas (rubrik ”e-post”).' })
  if (missing.length > 0) return { ok: false, problems: missing }
  const parsed = checkRows(records, { codeCol, emailCol, nameCol }, knownCodes)
  // Line numbers count the file's lines, the "sep=" line included, as a spreadsheet shows them.
  return sep === null || parsed.ok ? parsed : { ok: false, problems: parsed.problems.map((p) => p.line > 0 ? { ...p, line: p.line + 1 } : p) }
}

function checkRows (records: string[][], cols: { codeCol: number, emailCol: number, nameCol: number }, knownCodes: ReadonlySet<string>): ImportParse {
  const problems: Problem[] = []
  const rows: ContactRow[] = []
  const seen = new Map<string, number>()
  records.slice(1).forEach((record, i) => {
    const line = i + 2
    if (record.every((c) => c.trim() === '')) return
    const code = normaliseCode(record[cols.codeCol] ?? '')
    const email = (record[cols.emailCol] ?? '').trim().toLowerCase()
    const rawName = cols.nameCol >= 0 ? (record[cols.nameCol] ?? '').trim() : ''
    const reasons: string[] = []
    if (code === '') reasons.push('koden saknas')
    else if (!knownCodes.has(code)) reasons.push(`okänd kod ”${code.slice(0, 20)}”`)
    if (email === '') reasons.push('e-postadressen saknas')
    else if (!emailSchema.safeParse(email).success) reasons.push(`ogiltig e-postadress ”${email.slice(0, 80)}”`)
    if (CONTROL.test(rawName)) reasons.push('namnet innehåller otillåtna tecken')
    else if (rawName.length > 200) reasons.push('namnet är längre än 200 tecken')
    const key = `${code}|${email}`
    const earlier = seen.get(key)
    if (earlier !== undefined && reasons.length === 0) reasons.push(`samma kod och e-postadress som rad ${earlier}`)
    seen.set(key, earlier ?? line)
    if (reasons.length > 0) problems.push({ line, message: reasons.join('; ') })
    else rows.push({ line, code, email, name: rawName === '' ? null : rawName })
  })
  if (problems.length > 0) return { ok: false, problems }
  if (rows.length === 0) return { ok: false, problems: [{ line: 0, message: 'Filen innehåller inga kontakter.' }] }
  return { ok: true, rows }
}

/** Every organisation code, for checking a contacts file. */
export async function organisationCodes (db: Db): Promise<Set<string>> {
  return new Set((await db.selectFrom('organisation').select('code').execute()).map((o) => o.code))
}

/** Which contacts an import sets, in words: the organisations' own for every survey, or one survey's only. */
export function contactScope (survey: { title: string } | null): string {
  return survey === null ? 'kontakter för alla enkäter' : `kontakter bara för enkäten ${survey.title}`
}

/** widened: survey contacts made shared; kept: shared ones imported for a survey, which stay shared. */
export type ImportResult = { ok: true, added: number, updated: number, widened: number, kept: number } | { ok: false, problems: Problem[] }

interface Known { id: number, organisation_id: number, email: string, survey_id: number | null, active: number, survey_title: string | null }

/**
 * What storing an address for a scope (a survey, or null for every survey) does to the organisation's contact with
 * that address: one contact per address and organisation. A shared one stays shared (it already gets the survey's
 * mail), one of another survey is widened to every survey when the new scope is every survey, and refused when it
 * is a third survey (widening would send it every future survey's mail too).
 */
function scopeChange (existing: number | null, wanted: number | null): 'same' | 'keep_shared' | 'widen' | 'conflict' {
  if (existing === wanted) return 'same'
  if (existing === null) return 'keep_shared'
  return wanted === null ? 'widen' : 'conflict'
}

/** The Swedish problem row of an address imported for one survey that is another survey's contact. */
function otherSurveyText (email: string, surveyTitle: string): string {
  return `${email} är redan kontakt för enkäten ${surveyTitle}. Importera eller lägg till den för alla enkäter om den ska få e-post för båda.`
}

async function knownContacts (trx: Db): Promise<Map<string, Known>> {
  const rows = await trx.selectFrom('contact as c').leftJoin('survey as s', 's.id', 'c.survey_id')
    .select(['c.id', 'c.organisation_id', 'c.email', 'c.survey_id', 'c.active', 's.title as survey_title']).execute()
  return new Map(rows.map((c) => [`${c.organisation_id}|${c.email}`, c]))
}

/** Problem rows of an import for a survey: addresses of another survey, and shared ones the survey's own contacts would replace. */
function scopeProblems (rows: ContactRow[], orgs: Map<string, number>, known: Map<string, Known>, survey: { id: number, title: string } | null): Problem[] {
  if (survey === null) return []
  const found = (r: ContactRow): Known | undefined => known.get(`${orgs.get(r.code)}|${r.email}`)
  const ownAfter = new Set([...known.values()].filter((c) => c.survey_id === survey.id && c.active === 1).map((c) => c.organisation_id))
  for (const r of rows) if (found(r) === undefined || found(r)?.survey_id === survey.id) ownAfter.add(orgs.get(r.code) as number)
  const problems: Problem[] = []
  for (const r of rows) {
    const c = found(r)
    if (c === undefined) continue
    const change = scopeChange(c.survey_id, survey.id)
    if (change === 'conflict') problems.push({ line: r.line, message: otherSurveyText(r.email, c.survey_title ?? '') })
    if (change === 'keep_shared' && ownAfter.has(c.organisation_id)) {
      problems.push({ line: r.line, message: `${r.email} är kontakt för alla enkäter, men organisationen ${r.code} har egna kontakter för enkäten ${survey.title}, och de ersätter de gemensamma: adressen skulle inte få enkätens e-post. Ta bort raden, eller importera organisationens kontakter för alla enkäter.` })
    }
  }
  return problems
}

/**
 * Stores checked contacts in one transaction, all or nothing: new addresses are added with the import's scope, known
 * ones get the name and become active, their scope changed as scopeChange says; problem rows (see scopeProblems)
 * write nothing.
 */
export async function importContacts (db: Db, rows: ContactRow[], now: Date, actor = 'system', survey: { id: number, title: string } | null = null): Promise<ImportResult> {
  const at = now.toISOString()
  return await db.transaction().execute(async (trx) => {
    const orgs = new Map((await trx.selectFrom('organisation').select(['id', 'code']).execute()).map((o) => [o.code, o.id]))
    const known = await knownContacts(trx)
    const problems = scopeProblems(rows, orgs, known, survey)
    if (problems.length > 0) return { ok: false, problems }
    let added = 0
    let widened = 0
    let kept = 0
    for (const r of rows) {
      const organisationId = orgs.get(r.code) as number
      const existing = known.get(`${organisationId}|${r.email}`)
      if (existing === undefined) {
        await trx.insertInto('contact').values({ organisation_id: organisationId, survey_id: survey?.id ?? null, email: r.email, name: r.name, created_at: at, updated_at: at }).execute()
        added++
        continue
      }
      const change = scopeChange(existing.survey_id, survey?.id ?? null)
      const widen = change === 'widen'
      if (widen) widened++
      if (change === 'keep_shared') kept++
      await trx.updateTable('contact').set((eb) => ({ name: r.name ?? eb.ref('name'), active: 1, updated_at: at, ...(widen ? { survey_id: null } : {}) })).where('id', '=', existing.id).execute()
    }
    const result = { ok: true as const, added, updated: rows.length - added, widened, kept }
    await audit(trx, actor, 'contacts_imported', importSummary(result, survey), now, survey === null ? undefined : { surveyId: survey.id })
    return result
  })
}

/** An import's result in words, each count agreeing with its noun and nothing said about nothing. */
export function importSummary (result: { added: number, updated: number, widened: number, kept: number }, survey: { title: string } | null): string {
  const parts = [
    ...(result.added > 0 ? [counted(result.added, 'ny', 'nya')] : []),
    ...(result.updated > 0 ? [counted(result.updated, 'uppdaterad', 'uppdaterade')] : [])
  ]
  const widened = result.widened > 0 ? `; ${counted(result.widened, 'kontakt', 'kontakter')} för en enda enkät gäller nu alla enkäter` : ''
  const kept = result.kept > 0 ? `; ${counted(result.kept, 'kontakt', 'kontakter')} för alla enkäter gäller fortfarande alla` : ''
  return `Importerade ${counted(result.added + result.updated, 'kontakt', 'kontakter')}: ${parts.join(' och ')} (${contactScope(survey)}${widened}${kept}).`
}

export interface ContactInput { email: string, name: string }

/** Checks one contact typed in a form; returns Swedish messages by field. */
export function checkContactInput (input: { email: unknown, name: unknown }): { ok: true, value: { email: string, name: string | null } } | { ok: false, errors: Record<string, string> } {
  const errors: Record<string, string> = {}
  const email = typeof input.email === 'string' ? input.email.trim().toLowerCase() : ''
  const name = typeof input.name === 'string' ? input.name.trim() : ''
  if (!emailSchema.safeParse(email).success) errors.email = 'Ange en giltig e-postadress, till exempel namn@kommun.se.'
  if (CONTROL.test(name)) errors.name = 'Namnet innehåller tecken som inte är tillåtna.'
  else if (name.length > 200) errors.name = 'Namnet får vara högst 200 tecken.'
  if (Object.keys(errors).length > 0) return { ok: false, errors }
  return { ok: true, value: { email, name: name === '' ? null : name } }
}

/**
 * Adds a contact for every survey to an organisation, or reactivates the one it has: one of another survey is widened
 * to every survey (as an import for every survey does). 'exists' (nothing written) when the address is already an
 * active contact for every survey there.
 */
export async function addContact (db: Db, organisationId: number, value: { email: string, name: string | null }, now: Date, entry?: AuditNote): Promise<'added' | 'reactivated' | 'widened' | 'exists'> {
  const at = now.toISOString()
  return await db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('contact').select(['id', 'active', 'survey_id']).where('organisation_id', '=', organisationId).where('email', '=', value.email).executeTakeFirst()
    const change = existing === undefined ? null : scopeChange(existing.survey_id, null)
    if (existing?.active === 1 && change === 'same') return 'exists'
    if (existing !== undefined) await trx.updateTable('contact').set({ active: 1, name: value.name, survey_id: null, updated_at: at }).where('id', '=', existing.id).execute()
    else await trx.insertInto('contact').values({ organisation_id: organisationId, email: value.email, name: value.name, created_at: at, updated_at: at }).execute()
    if (entry !== undefined) await audit(trx, entry.actor, entry.action, entry.detail, now)
    return existing === undefined ? 'added' : change === 'widen' ? 'widened' : 'reactivated'
  })
}

/** Changes a contact's name and address; false when the address is taken by another contact of the organisation. */
export async function updateContact (db: Db, contactId: number, value: { email: string, name: string | null }, now: Date, entry?: AuditNote): Promise<boolean> {
  return await db.transaction().execute(async (trx) => {
    const contact = await trx.selectFrom('contact').select(['organisation_id']).where('id', '=', contactId).executeTakeFirst()
    if (contact === undefined) return false
    const clash = await trx.selectFrom('contact').select('id').where('organisation_id', '=', contact.organisation_id)
      .where('email', '=', value.email).where('id', '!=', contactId).executeTakeFirst()
    if (clash !== undefined) return false
    await trx.updateTable('contact').set({ email: value.email, name: value.name, updated_at: now.toISOString() }).where('id', '=', contactId).execute()
    if (entry !== undefined) await audit(trx, entry.actor, entry.action, entry.detail, now)
    return true
  })
}

/** Turns a contact on or off for future mailings. */
export async function setContactActive (db: Db, contactId: number, active: boolean, now: Date, entry?: AuditNote): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('contact').set({ active: active ? 1 : 0, updated_at: now.toISOString() }).where('id', '=', contactId).execute()
    if (entry !== undefined) await audit(trx, entry.actor, entry.action, entry.detail, now)
  })
}

/** Contacts that get a survey's mail: its own, or the shared ones where the organisation has no active own contact (as mailings choose them). */
// biome-ignore lint/suspicious/noExplicitAny: the condition fits a where on contact under the alias c
export function getsSurveyMail (eb: ExpressionBuilder<any, any>, surveyId: number): Expression<SqlBool> {
  return eb.or([
    eb('c.survey_id', '=', surveyId),
    eb.and([eb('c.survey_id', 'is', null), eb.not(eb.exists(eb.selectFrom('contact as own').select('own.id')
      .whereRef('own.organisation_id', '=', 'c.organisation_id').where('own.active', '=', 1).where('own.survey_id', '=', surveyId)))])
  ])
}

/** Contacts a survey's pages show: the shared ones and its own, not those erased on request (their address is gone). */
// biome-ignore lint/suspicious/noExplicitAny: the condition fits a where on contact under the alias c
function seenBySurvey (eb: ExpressionBuilder<any, any>, surveyId: number): Expression<SqlBool> {
  return eb.and([eb.or([eb('c.survey_id', 'is', null), eb('c.survey_id', '=', surveyId)]), eb('c.email', 'like', '%@%')])
}

export interface SurveyContact { id: number, email: string, name: string | null, active: number, survey_id: number | null, gets_mail: number }

/** An organisation's contacts as one survey sees them: the shared ones and the survey's own, active first; gets_mail says who its mail reaches. */
export async function listContacts (db: Db, organisationId: number, surveyId: number): Promise<SurveyContact[]> {
  return await db.selectFrom('contact as c').select(['c.id', 'c.email', 'c.name', 'c.active', 'c.survey_id'])
    .select((eb) => eb.case().when(eb.and([eb('c.active', '=', 1), getsSurveyMail(eb, surveyId)])).then(1).else(0).end().as('gets_mail'))
    .where('c.organisation_id', '=', organisationId).where((eb) => seenBySurvey(eb, surveyId))
    .orderBy('c.active', 'desc').orderBy('c.email').execute()
}

/** A contact of the organisation with this code that the survey sees (shared, or its own; not one erased), or undefined. */
export async function findOrganisationContact (db: Db, code: string, contactId: number, surveyId: number): Promise<{ id: number } | undefined> {
  return await db.selectFrom('contact as c').innerJoin('organisation as o', 'o.id', 'c.organisation_id').select('c.id').where('o.code', '=', code).where('c.id', '=', contactId)
    .where((eb) => seenBySurvey(eb, surveyId)).executeTakeFirst()
}

/** A contact of the organisation with this code that the survey sees (not one erased), with the organisation's name, or undefined. */
export async function findContactOfOrganisation (db: Db, code: string, id: number, surveyId: number): Promise<{ id: number, email: string, name: string } | undefined> {
  return await db.selectFrom('contact as c').innerJoin('organisation as o', 'o.id', 'c.organisation_id')
    .select(['c.id', 'c.email', 'o.name']).where('o.code', '=', code).where('c.id', '=', id)
    .where((eb) => seenBySurvey(eb, surveyId)).executeTakeFirst()
}
