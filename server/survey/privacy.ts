import { existsSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely'
import { audit } from '../admin/audit.js'
import type { Db } from '../db/database.js'
import { addDays, swedishDate } from './clock.js'
import { roundQuestionnaire } from './round-questionnaire.js'
import type { Round } from './rounds.js'

/** How long after a round closes its personal data is kept at the most (the privacy page says one year). */
export const RETENTION_DAYS = 365

/** The last day a round's personal data may be kept. */
export function retentionDate (round: Pick<Round, 'closes_on'>): string {
  return addDays(round.closes_on, RETENTION_DAYS)
}

export interface PurgeCounts { contacts: number, contactAnswers: number, outboxAddresses: number, emlFiles: number, auditDetails: number }

/** Whether the deleted data has also left the database's files: false while another process held the WAL. */
export interface PurgeFinish { finished: boolean, walPages: number }

/** How many times the final checkpoint is tried, each waiting up to a second for readers (about five seconds in all). */
export const CHECKPOINT_TRIES = 5

/**
 * Rebuilds the database file (VACUUM) and empties the WAL (checkpoint TRUNCATE), so that no copy of deleted data
 * stays in either file. A reader elsewhere (a backup, someone's sqlite3) keeps the WAL from being emptied: the
 * checkpoint is retried for a bounded time, and the answer says whether it finished and how many pages are left.
 */
export async function finishPurge (db: Db, tries = CHECKPOINT_TRIES): Promise<PurgeFinish> {
  await sql`pragma busy_timeout = 1000`.execute(db)
  try {
    await sql`vacuum`.execute(db)
    let walPages = 0
    for (let i = 0; i < tries; i++) {
      const r = (await sql<{ busy: number, log: number, checkpointed: number }>`pragma wal_checkpoint(TRUNCATE)`.execute(db)).rows[0]
      walPages = Number(r?.log ?? 0)
      if (r !== undefined && Number(r.busy) === 0 && (walPages <= 0 || Number(r.checkpointed) === walPages)) return { finished: true, walPages: 0 }
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
    return { finished: false, walPages }
  } finally {
    await sql`pragma busy_timeout = 5000`.execute(db)
  }
}

/** What an operator reads when the purge could not empty the WAL: what is left and how to finish (Swedish). */
export function unfinishedPurgeText (finish: PurgeFinish): string {
  return `Uppgifterna är raderade i databasen, men kopior finns kvar i databasens loggfil (WAL, ${finish.walPages} sidor) eftersom en annan process läser databasen (till exempel en pågående säkerhetskopiering eller sqlite3). Stäng den processen och kör sedan: npm run survey -- privacy finish`
}

/** The round's contact question (who answered), as a list of ids for the queries; empty when its version has none. */
async function roundContactQuestions (db: Db, round: Round): Promise<string[]> {
  const q = (await roundQuestionnaire(db, round.id)).contactQuestion()
  return q === null ? [] : [q.id]
}

/** Audit entries whose details may name a person (an address, a name, a client address). */
const PERSONAL_AUDIT = ['contact_added', 'contact_updated', 'contact_activated', 'contact_deactivated', 'contact_erased', 'login', 'login_failed', 'links_exported']

function emlFiles (outboxDir: string): string[] {
  return existsSync(outboxDir) ? readdirSync(outboxDir).filter((f) => /\.eml(\.tmp)?$/.test(f)) : []
}

/**
 * What still needs data a purge of this round would otherwise delete. A later round of the same survey needs the
 * survey's own contacts and the shared ones; an unpurged round of another survey needs the shared contacts (and the
 * .eml files, which are then deleted by round). Audit entries are not per survey: those logged once a later round of
 * this survey, or another survey's round made after this one, was made are that round's and stay (`auditFrom`); an
 * older round of another survey does not keep this round's entries.
 */
interface Later { sameSurvey: boolean, otherSurvey: boolean, auditFrom: string | null }

async function laterRounds (db: Db, round: Round): Promise<Later> {
  const same = await db.selectFrom('round').select('created_at').where('survey_id', '=', round.survey_id).where('opens_on', '>', round.opens_on).orderBy('created_at').executeTakeFirst()
  const others = await db.selectFrom('round').select('created_at').where('survey_id', '!=', round.survey_id).where('purged_at', 'is', null).orderBy('created_at').execute()
  const madeAfter = others.find((o) => o.created_at > round.created_at)
  const auditFrom = [same?.created_at, madeAfter?.created_at].filter((d): d is string => d !== undefined).sort()[0] ?? null
  return { sameSurvey: same !== undefined, otherSurvey: others.length > 0, auditFrom }
}

/** Which contacts a purge anonymises: the survey's own once no later round of it exists, the shared ones once nothing needs them; never another survey's own. */
// biome-ignore lint/suspicious/noExplicitAny: the condition fits a where on contact
function purgedContacts (eb: ExpressionBuilder<any, any>, round: Round, later: Later): Expression<SqlBool> {
  if (later.sameSurvey) return sql<SqlBool>`0`
  return eb.and([eb('email', 'like', '%@%'), later.otherSurvey ? eb('survey_id', '=', round.survey_id) : eb.or([eb('survey_id', '=', round.survey_id), eb('survey_id', 'is', null)])])
}

/** The .eml files of a round's messages (named <kind>-<code>-<message id>.eml); every one when no other round needs any. */
async function roundEmlFiles (db: Db, round: Round, outboxDir: string, later: Later): Promise<string[]> {
  const files = emlFiles(outboxDir)
  if (!later.sameSurvey && !later.otherSurvey) return files
  const ids = (await db.selectFrom('outbox_message as o').innerJoin('mailing as m', 'm.id', 'o.mailing_id').select('o.id').where('m.round_id', '=', round.id).execute()).map((r) => r.id)
  return messageFiles(files, ids)
}

/** The .eml files (named <kind>-<code>-<message id>.eml, or .eml.tmp while written) of these outbox messages. */
function messageFiles (files: string[], messageIds: number[]): string[] {
  const ids = new Set(messageIds.map(String))
  return files.filter((f) => ids.has(/-(\d+)\.eml(\.tmp)?$/.exec(f)?.[1] ?? ''))
}

/** What a purge of a round would delete, for the confirmation. */
export async function purgePreview (db: Db, round: Round, outboxDir: string): Promise<PurgeCounts> {
  const n = async (q: { executeTakeFirstOrThrow: () => Promise<{ n: number | string | bigint }> }): Promise<number> => Number((await q.executeTakeFirstOrThrow()).n)
  const later = await laterRounds(db, round)
  const contactQuestions = await roundContactQuestions(db, round)
  return {
    contacts: await n(db.selectFrom('contact').select((eb) => eb.fn.countAll<number>().as('n')).where((eb) => purgedContacts(eb, round, later))),
    contactAnswers: contactQuestions.length === 0 ? 0 : await n(db.selectFrom('answer_text as t').innerJoin('response as r', 'r.id', 't.response_id').select((eb) => eb.fn.countAll<number>().as('n')).where('r.round_id', '=', round.id).where('t.question_id', 'in', contactQuestions)),
    outboxAddresses: await n(db.selectFrom('outbox_message as o').innerJoin('mailing as m', 'm.id', 'o.mailing_id').select((eb) => eb.fn.countAll<number>().as('n')).where('m.round_id', '=', round.id).where('o.to_address', 'like', '%@%')),
    emlFiles: (await roundEmlFiles(db, round, outboxDir, later)).length,
    auditDetails: await n(db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('detail', 'is not', null).where((eb) => eb.or([eb('action', 'in', PERSONAL_AUDIT), eb('detail', 'like', '%@%')])).where('at', '<', later.auditFrom ?? '9999'))
  }
}

/**
 * Deletes a closed round's personal data: contact addresses and names (the rows stay, anonymised, as the sent
 * messages refer to them), the answers to the contact questions, the addresses and server answers of its
 * e-mails, the .eml files, and the personal details of audit entries. Aggregated results are untouched. Deleted
 * content is overwritten (secure_delete), the file rebuilt (VACUUM) and the WAL emptied, so no copy stays in the
 * database files; `finished` is false when another process kept the WAL from being emptied. Audited. Refuses a round that is not closed. What later rounds still need stays (see laterRounds):
 * the survey's own contacts go once it has no later round, the shared ones once no survey's round needs them.
 */
export async function purgePersonalData (db: Db, round: Round, outboxDir: string, actor: string, now: Date, tries = CHECKPOINT_TRIES): Promise<(PurgeCounts & PurgeFinish) | { refused: string }> {
  if (swedishDate(now) <= round.closes_on) return { refused: `Omgång ${round.name} är inte stängd än (den stänger ${round.closes_on}).` }
  const counts = await purgePreview(db, round, outboxDir)
  const later = await laterRounds(db, round)
  const files = await roundEmlFiles(db, round, outboxDir, later)
  const contactQuestions = await roundContactQuestions(db, round)
  const contactQuestion = (await roundQuestionnaire(db, round.id)).contactQuestion()
  const answersText = contactQuestion === null ? 'svar på kontaktfrågan' : `svar på fråga ${(await roundQuestionnaire(db, round.id)).questionNumber(contactQuestion.id)}`
  await sql`pragma secure_delete = on`.execute(db)
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('contact').set((eb) => ({ email: sql<string>`'raderad-' || ${eb.ref('id')}`, name: null, active: 0, updated_at: now.toISOString() })).where((eb) => purgedContacts(eb, round, later)).execute()
    if (contactQuestions.length > 0) {
      await trx.deleteFrom('answer_text').where('question_id', 'in', contactQuestions)
        .where('response_id', 'in', (eb) => eb.selectFrom('response').select('id').where('round_id', '=', round.id)).execute()
    }
    await trx.updateTable('outbox_message').set({ to_address: '[raderad]', to_name: null, smtp_response: null, last_error: null })
      .where('mailing_id', 'in', (eb) => eb.selectFrom('mailing').select('id').where('round_id', '=', round.id)).execute()
    await trx.updateTable('audit_log').set({ detail: '[raderad]' }).where('detail', 'is not', null)
      .where((eb) => eb.or([eb('action', 'in', PERSONAL_AUDIT), eb('detail', 'like', '%@%')])).where('at', '<', later.auditFrom ?? '9999').execute()
    await trx.updateTable('round').set({ purged_at: now.toISOString() }).where('id', '=', round.id).execute()
    await audit(trx, actor, 'privacy_purged', `Omgång ${round.name}: ${counts.contacts} kontakter, ${counts.contactAnswers} ${answersText}, ${counts.outboxAddresses} e-postadresser i utskick, ${counts.emlFiles} e-postfiler, ${counts.auditDetails} loggdetaljer`, now, { roundId: round.id })
  })
  for (const f of files) rmSync(join(outboxDir, f), { force: true })
  return { ...counts, ...await finishPurge(db, tries) }
}

/** Anonymises one contact (an erasure request), keeps the rows that refer to it, and audits without the address. */
export async function eraseContact (db: Db, contactId: number, actor: string, now: Date, outboxDir: string): Promise<boolean> {
  const erased = await db.transaction().execute(async (trx) => {
    const contact = await trx.selectFrom('contact as c').innerJoin('organisation as o', 'o.id', 'c.organisation_id').select(['c.id', 'o.name']).where('c.id', '=', contactId).executeTakeFirst()
    if (contact === undefined) return null
    const messages = await trx.selectFrom('outbox_message').select('id').where('contact_id', '=', contactId).execute()
    await trx.updateTable('contact').set({ email: `raderad-${contactId}`, name: null, active: 0, updated_at: now.toISOString() }).where('id', '=', contactId).execute()
    await trx.updateTable('outbox_message').set({ to_address: '[raderad]', to_name: null, smtp_response: null, last_error: null }).where('contact_id', '=', contactId).execute()
    await audit(trx, actor, 'contact_erased', `En kontakt hos ${contact.name} raderad på begäran`, now)
    return messages.map((m) => m.id)
  })
  if (erased === null) return false
  // Without an SMTP server, sent mail is kept as files in the outbox: the person's messages go too, as the page
  // promises ("också ur skickade utskick").
  for (const file of messageFiles(emlFiles(outboxDir), erased)) rmSync(join(outboxDir, file), { force: true })
  return true
}
