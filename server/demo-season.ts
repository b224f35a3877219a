import { audit } from './admin/audit.js'
import type { Db } from './db/database.js'
import { mailingKinds, mailingNames } from './mail/mailings.js'
import { fillSyntheticRound } from './results/synthetic.js'
import { addDays, swedishDate } from './survey/clock.js'
import { createRound } from './survey/new-round.js'
import { type ActiveLink, activeLinks } from './survey/links.js'
import { requireCurrentRound, workingDayFrom } from './survey/rounds.js'
import { firstSurvey } from './survey/surveys.js'

const opens = '2018-02-12'
const mailingDays = [opens, '2018-02-26', '2018-03-07', '2018-03-14']

/** Days after the opening on which the demo's answers came in: most on the days after each mailing, none at weekends. */
const spread = [0, 1, 1, 2, 3, 4, 7, 8, 9, 14, 14, 15, 16, 17, 21, 22, 22, 23, 28, 29, 30, 31, 35]

/**
 * The demo's season: the 2018 round filled like the report (answers, contacts, the four mailings, organisations
 * that only opened or started, the season's audit log), then an open second round with new links, prefilled from
 * 2018. Returns the second round's links for a kommun that answered in 2018, one that did not, and a region.
 */
export async function prepareDemoSeason (db: Db, key: Buffer, publicUrl: string, now: Date): Promise<ActiveLink[]> {
  const round = await requireCurrentRound(db, (await firstSurvey(db)).id)
  await db.updateTable('round').set({ name: '2018', opens_on: opens, deadline_on: '2018-03-16', closes_on: '2018-04-13' }).where('id', '=', round.id).execute()
  await fillSyntheticRound(db, round.id, { at: (i) => new Date(`${addDays(opens, spread[(i * 7) % spread.length] ?? 0)}T${String(7 + (i % 8)).padStart(2, '0')}:${String((i * 13) % 60).padStart(2, '0')}:00Z`) })
  await contactsAndMailings(db, round.id)
  await openedAndStarted(db, round.id)
  await seasonLog(db)
  const today = swedishDate(now)
  const second = await createRound(db, key, {
    name: today.slice(0, 4), opens_on: today, deadline_on: workingDayFrom(addDays(today, 28)), closes_on: workingDayFrom(addDays(today, 56)), classification: 'skl-2017'
  }, 'demo@skr.se', now)
  const links = await activeLinks(db, key, second.id, publicUrl)
  const answered = new Set((await db.selectFrom('response as r').innerJoin('organisation as o', 'o.id', 'r.organisation_id').select('o.code')
    .where('r.round_id', '=', round.id).where('r.status', '=', 'submitted').execute()).map((r) => r.code))
  return [
    links.find((l) => l.kind === 'municipality' && answered.has(l.code)),
    links.find((l) => l.kind === 'municipality' && !answered.has(l.code)),
    links.find((l) => l.kind === 'region')
  ].filter((l): l is ActiveLink => l !== undefined)
}

/** One contact per organisation and the four mailings as they went out (each reminder to those not yet submitted). */
async function contactsAndMailings (db: Db, roundId: number): Promise<void> {
  const orgs = await db.selectFrom('organisation as o').leftJoin('response as r', (j) => j.onRef('r.organisation_id', '=', 'o.id').on('r.round_id', '=', roundId))
    .select(['o.id', 'o.code', 'o.name', 'r.submitted_at']).orderBy('o.id').execute()
  const created = `${opens}T07:00:00.000Z`
  for (const o of orgs) {
    await db.insertInto('contact').values({ organisation_id: o.id, email: `registrator.${o.code}@demo.example`, name: `Registrator, ${o.name}`, created_at: created, updated_at: created }).execute()
  }
  const contacts = new Map((await db.selectFrom('contact').select(['id', 'organisation_id', 'email', 'name']).execute()).map((c) => [c.organisation_id, c]))
  for (const [i, kind] of mailingKinds.entries()) {
    const at = new Date(`${mailingDays[i]}T08:00:00Z`).toISOString()
    const { id } = await db.insertInto('mailing').values({ round_id: roundId, kind, status: 'done', queued_at: at, finished_at: at, created_at: at }).returning('id').executeTakeFirstOrThrow()
    for (const o of orgs.filter((o) => kind === 'invitation' || o.submitted_at === null || o.submitted_at > at)) {
      const c = contacts.get(o.id)
      if (c === undefined) continue
      await db.insertInto('outbox_message').values({
        mailing_id: id, contact_id: c.id, organisation_id: o.id, to_address: c.email, to_name: c.name, message_id: `<demo-${id}-${o.id}@demo.example>`,
        status: 'sent', next_attempt_at: at, sent_at: at, created_at: at, smtp_response: '250 2.0.0 OK (demo)'
      }).execute()
    }
  }
}

/** Of the organisations that never submitted, every third opened its link and every sixth also saved a page. */
async function openedAndStarted (db: Db, roundId: number): Promise<void> {
  const silent = await db.selectFrom('organisation as o')
    .where((eb) => eb.not(eb.exists(eb.selectFrom('response as r').select('r.id').whereRef('r.organisation_id', '=', 'o.id').where('r.round_id', '=', roundId))))
    .select('o.id').orderBy('o.id').execute()
  for (const [i, o] of silent.entries()) {
    if (i % 3 !== 0) continue
    const opened = new Date(`${addDays(mailingDays[i % 4] ?? opens, 1)}T09:${String(i % 60).padStart(2, '0')}:00Z`).toISOString()
    const saved = i % 6 === 0 ? new Date(new Date(opened).getTime() + 20 * 60_000).toISOString() : null
    await db.insertInto('response').values({ round_id: roundId, organisation_id: o.id, status: 'draft', first_opened_at: opened, first_saved_at: saved, last_saved_at: saved }).execute()
  }
}

/** The audit entries a season leaves: dates set, contacts imported, links exported, each mailing started. */
async function seasonLog (db: Db): Promise<void> {
  const at = (day: string, time: string): Date => new Date(`${day}T${time}:00Z`)
  await audit(db, 'demo@skr.se', 'login', 'från 192.0.2.10', at('2018-02-05', '08:02'))
  await audit(db, 'demo@skr.se', 'round_dates_changed', 'Omgång 2018: 2018-02-12/2018-03-16/2018-04-13', at('2018-02-05', '08:10'))
  await audit(db, 'demo@skr.se', 'contacts_imported', '310 rader: 310 nya, 0 uppdaterade', at('2018-02-05', '08:24'))
  for (const [i, kind] of mailingKinds.entries()) {
    await audit(db, 'demo@skr.se', 'mailing_started', `${mailingNames[kind]}: utskick till de organisationer som inte hade svarat`, at(mailingDays[i] ?? opens, '07:55'))
  }
  await audit(db, 'demo@skr.se', 'export_with_contacts', 'responses.csv', at('2018-04-16', '13:40'))
}
