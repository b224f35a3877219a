import { audit } from './admin/audit.js'
import type { Database, Db } from './db/database.js'
import { importContacts } from './mail/contacts.js'
import { mailingKinds, mailingNames } from './mail/mailings.js'
import { startedAnswers } from './questionnaire/survey-demo.js'
import { publishRegister } from './results/public-register.js'
import { fillSyntheticRound } from './results/synthetic.js'
import { apportion, seededRandom, shuffled } from './statistics/seeded.js'
import { addDays, swedishDate } from './survey/clock.js'
import { dayOffReason } from './survey/holidays.js'
import { createRound } from './survey/new-round.js'
import { type ActiveLink, activeLinks } from './survey/links.js'
import { saveSection } from './survey/response-service.js'
import { closeRoundNow } from './survey/round-dates.js'
import { roundQuestionnaire } from './survey/round-questionnaire.js'
import { requireCurrentRound, workingDayFrom } from './survey/rounds.js'
import { firstSurvey } from './survey/surveys.js'

const opens = '2018-02-12'
const deadline = '2018-03-16'
const closes = '2018-04-13'
/** The invitation (Monday) and the three reminders (Monday, Wednesday, Wednesday), each sent at 08.00 UTC. */
export const demoMailingDays = [opens, '2018-02-26', '2018-03-07', '2018-03-14']
const ADMIN = 'demo@skr.se'
/** A moment of the 2018 season, in UTC. */
const at = (day: string, time: string): Date => new Date(`${day}T${time}:00Z`)

/**
 * The demo's season: the 2018 round filled like the report (answers arriving on working days, most the day after
 * each mailing; contacts; the four mailings; organisations that only opened their link or started; the season's
 * audit log; closed and its register published), then an open second round with new links, prefilled from 2018.
 * Returns the second round's links for a kommun that answered in 2018, one that did not, and a region.
 */
export async function prepareDemoSeason (db: Database, key: Buffer, publicUrl: string, now: Date): Promise<ActiveLink[]> {
  const round = await requireCurrentRound(db, (await firstSurvey(db)).id)
  await db.updateTable('round').set({ name: '2018', opens_on: opens, deadline_on: deadline, closes_on: '2018-04-20' }).where('id', '=', round.id).execute()
  const rnd = seededRandom(2018_02_12)
  const times = shuffled(submissionTimes(226, rnd), rnd)
  await fillSyntheticRound(db, round.id, { at: (i) => times[i] ?? new Date(`${opens}T09:00:00Z`) })
  await openedBeforeSubmitting(db, round.id, rnd)
  await openedAndStarted(db, round.id, rnd)
  await seasonLog(db, round.id)
  const today = swedishDate(now)
  const second = await createRound(db, key, {
    name: today.slice(0, 4), opens_on: today, deadline_on: workingDayFrom(addDays(today, 28)), closes_on: workingDayFrom(addDays(today, 56)), classification: 'skl-2017'
  }, ADMIN, now)
  const links = await activeLinks(db, key, second.id, publicUrl)
  const answered = new Set((await db.selectFrom('response as r').innerJoin('organisation as o', 'o.id', 'r.organisation_id').select('o.code')
    .where('r.round_id', '=', round.id).where('r.status', '=', 'submitted').execute()).map((r) => r.code))
  return [
    links.find((l) => l.kind === 'municipality' && answered.has(l.code)),
    links.find((l) => l.kind === 'municipality' && !answered.has(l.code)),
    links.find((l) => l.kind === 'region')
  ].filter((l): l is ActiveLink => l !== undefined)
}

/** How many answers a day draws: a wave after each mailing (peaking the next day), little at weekends and holidays. */
function dayWeight (day: string): number {
  const strength = [1, 0.75, 0.6, 0.6]
  let w = 0.03
  for (const [m, sent] of demoMailingDays.entries()) {
    const since = (Date.parse(day) - Date.parse(sent)) / 86_400_000
    if (since >= 0) w += (strength[m] ?? 0) * (since === 0 ? 0.5 : Math.exp(-(since - 1) / 3))
  }
  if (day > deadline) w *= 0.4
  return dayOffReason(day) === null ? w : w * 0.1
}

/** n submission times from the opening day to the day before closing, spread by dayWeight, in office hours (after the mailing on a mailing day). */
export function submissionTimes (n: number, rnd: () => number): Date[] {
  const days: string[] = []
  for (let d = opens; d < closes; d = addDays(d, 1)) days.push(d)
  const counts = apportion(n, days.map(dayWeight))
  return days.flatMap((day, k) => Array.from({ length: counts[k] ?? 0 }, () => {
    const from = demoMailingDays.includes(day) ? 8 * 60 + 10 : 6 * 60 + 30
    const minute = rnd() < 0.06 ? 17 * 60 + Math.floor(rnd() * 240) : from + Math.floor(rnd() * (15 * 60 + 30 - from))
    return new Date(Date.parse(`${day}T00:00:00Z`) + minute * 60_000)
  }))
}

/** A submitted response was opened before it was sent in: minutes to a few days before, never before the invitation. */
async function openedBeforeSubmitting (db: Db, roundId: number, rnd: () => number): Promise<void> {
  const invited = Date.parse(`${opens}T08:05:00Z`)
  const rows = await db.selectFrom('response').select(['id', 'submitted_at']).where('round_id', '=', roundId).where('status', '=', 'submitted').orderBy('id').execute()
  for (const r of rows) {
    const submitted = Date.parse(r.submitted_at ?? '')
    const before = rnd() < 0.5 ? 10 + rnd() * 80 : 60 * 24 * rnd() * 4
    const opened = new Date(Math.max(invited, submitted - before * 60_000))
    const saved = new Date(Math.min(submitted, opened.getTime() + 4 * 60_000)).toISOString()
    await db.updateTable('response').set({ first_opened_at: opened.toISOString(), first_saved_at: saved }).where('id', '=', r.id).execute()
  }
}

/** The contacts as imported before the invitation: a registry address each, a second address for the regions. */
async function importDemoContacts (db: Db): Promise<void> {
  const orgs = await db.selectFrom('organisation').select(['code', 'kind', 'name']).orderBy('id').execute()
  const rows = orgs.flatMap((o) => [
    { code: o.code, email: `registrator.${o.code}@demo.example`, name: `Registrator, ${o.name}` },
    ...(o.kind === 'region' ? [{ code: o.code, email: `internationellt.${o.code}@demo.example`, name: `Internationella enheten, ${o.name}` }] : [])
  ]).map((r, i) => ({ ...r, line: i + 2 }))
  await importContacts(db, rows, at('2018-01-29', '08:24'), ADMIN)
}

/** One of the four mailings as it went out: the invitation to everyone, a reminder to those who had not yet submitted. */
async function sendMailing (db: Db, roundId: number, m: number): Promise<void> {
  const kind = mailingKinds[m] ?? 'invitation'
  const sent = at(demoMailingDays[m] ?? opens, '08:00').toISOString()
  const waiting = await db.selectFrom('organisation as o').leftJoin('response as r', (j) => j.onRef('r.organisation_id', '=', 'o.id').on('r.round_id', '=', roundId))
    .select(['o.id', 'r.submitted_at']).execute()
  const to = new Set(waiting.filter((o) => kind === 'invitation' || o.submitted_at === null || o.submitted_at > sent).map((o) => o.id))
  const recipients = (await db.selectFrom('contact').select(['id', 'organisation_id', 'email', 'name']).orderBy('id').execute()).filter((c) => to.has(c.organisation_id))
  await audit(db, ADMIN, 'mailing_started', `${mailingNames[kind]}: ${to.size} organisationer, ${recipients.length} adresser`, new Date(Date.parse(sent) - 5 * 60_000))
  const { id } = await db.insertInto('mailing').values({ round_id: roundId, kind, status: 'done', queued_at: sent, finished_at: sent, created_at: sent }).returning('id').executeTakeFirstOrThrow()
  for (const c of recipients) {
    await db.insertInto('outbox_message').values({
      mailing_id: id, contact_id: c.id, organisation_id: c.organisation_id, to_address: c.email, to_name: c.name, message_id: `<demo-${id}-${c.id}@demo.example>`,
      status: 'sent', next_attempt_at: sent, sent_at: sent, created_at: sent, smtp_response: '250 2.0.0 OK (demo)'
    }).execute()
  }
}

/**
 * Of the organisations that never submitted, about a third opened their link after a mailing and went no further,
 * and about a fifth also saved the first page (through the same service as the form) without sending it in.
 */
async function openedAndStarted (db: Database, roundId: number, rnd: () => number): Promise<void> {
  const first = (await roundQuestionnaire(db, roundId)).sections[0]
  const silent = await db.selectFrom('organisation as o')
    .where((eb) => eb.not(eb.exists(eb.selectFrom('response as r').select('r.id').whereRef('r.organisation_id', '=', 'o.id').where('r.round_id', '=', roundId))))
    .select('o.id').orderBy('o.id').execute()
  for (const [i, o] of silent.entries()) {
    const fate = rnd()
    if (fate >= 0.55) continue
    const mailed = demoMailingDays[Math.floor(rnd() * demoMailingDays.length)] ?? opens
    const opened = new Date(Date.parse(`${workingDayFrom(addDays(mailed, Math.floor(rnd() * 3)))}T08:30:00Z`) + Math.floor(rnd() * 420) * 60_000)
    const { id } = await db.insertInto('response').values({ round_id: roundId, organisation_id: o.id, status: 'draft', first_opened_at: opened.toISOString() }).returning('id').executeTakeFirstOrThrow()
    if (fate < 0.2 && first !== undefined) {
      await saveSection(db, id, first, startedAnswers(2018 + i), 0, new Date(opened.getTime() + (3 + Math.floor(rnd() * 40)) * 60_000), `respondent:${(0x10000000 + i * 7919).toString(16)}`)
    }
  }
}

/**
 * The season as the audit log tells it, in order: dates set, contacts imported, the invitation's text, the links
 * exported, the four mailings, the round closed early, an export with contacts, a backup, the register published.
 */
async function seasonLog (db: Db, roundId: number): Promise<void> {
  await audit(db, ADMIN, 'login', 'från 192.0.2.10', at('2018-01-29', '08:02'))
  await audit(db, ADMIN, 'round_dates_changed', `Omgång 2018: 2018-02-05/2018-03-09/2018-04-06 → ${opens}/${deadline}/2018-04-20`, at('2018-01-29', '08:10'))
  await importDemoContacts(db)
  await audit(db, ADMIN, 'template_saved', mailingNames.invitation, at('2018-02-08', '13:41'))
  await audit(db, 'cli:enkat', 'links_exported', '310 länkar för omgång 2018 till /var/lib/enkat/lankar-2018.csv', at('2018-02-09', '10:15'))
  await sendMailing(db, roundId, 0)
  await audit(db, ADMIN, 'login', 'från 192.0.2.10', at('2018-02-26', '07:48'))
  for (const m of [1, 2, 3]) await sendMailing(db, roundId, m)
  await audit(db, ADMIN, 'login', 'från 192.0.2.10', at(closes, '13:28'))
  await closeRoundNow(db, roundId, ADMIN, at(closes, '13:30'))
  await audit(db, ADMIN, 'export_with_contacts', 'responses.csv', at('2018-04-16', '13:40'))
  await audit(db, 'cli:enkat', 'backup', '/var/lib/enkat/backup/enkat-2018-04-16.db (226 svar)', at('2018-04-16', '16:05'))
  const round = await db.selectFrom('round').selectAll().where('id', '=', roundId).executeTakeFirstOrThrow()
  await publishRegister(db, round, ADMIN, at('2018-04-23', '10:00'))
}
