import type { Db } from '../db/database.js'
import { countryName } from '../questionnaire/countries.js'
import { fieldOptions } from '../questionnaire/kinds/row-list.js'
import { registers } from '../questionnaire/survey-figures.js'
import type { RowsQuestion } from '../questionnaire/types.js'
import { neutralLabel } from '../questionnaire/wording.js'
import { audit } from '../admin/audit.js'
import { roundQuestionnaire } from '../survey/round-questionnaire.js'
import { roundState, surveyIdOrFirst, type Round } from '../survey/rounds.js'
import type { PublicRow } from './register-rows.js'
import { bumpRegisterGeneration, copyRegisterRows, dropRegisterRows } from './register-snapshot.js'

/** The register's search: part of a name or a code, a country (ISO), a län code and a form; '' for any. */
export interface RegisterFilter { q: string, land: string, lan: string, form: string }

/** The round whose rows the public register shows: the latest round of Internationella samarbeten an admin has published; undefined when none. */
export async function publishedRound (db: Db): Promise<Round | undefined> {
  return await db.selectFrom('round').selectAll().where('survey_id', '=', surveyIdOrFirst(undefined)).where('register_published_at', 'is not', null).orderBy('opens_on', 'desc').orderBy('id', 'desc').executeTakeFirst()
}

/** The rows that match a filter: a part of the organisation's name or its code, a country, a län and a form. */
export function filterRows (rows: PublicRow[], f: RegisterFilter): PublicRow[] {
  const q = f.q.trim().toLocaleLowerCase('sv')
  return rows.filter((r) => (q === '' || r.organisation.toLocaleLowerCase('sv').includes(q) || r.organisationCode === q) &&
    (f.land === '' || r.countryCode === f.land) && (f.lan === '' || r.countyCode === f.lan) && (f.form === '' || r.formId === f.form))
}

/** The number of collaborations per country (by ISO code), most first. */
export function perCountry (rows: PublicRow[]): Array<{ code: string, name: string, n: number }> {
  const counts = new Map<string, number>()
  for (const r of rows) if (r.countryCode !== '') counts.set(r.countryCode, (counts.get(r.countryCode) ?? 0) + 1)
  return [...counts].map(([code, n]) => ({ code, name: countryName(code), n })).sort((a, b) => b.n - a.n || a.name.localeCompare(b.name, 'sv'))
}

/** The forms a row may have, for the filter. */
export async function formOptions (db: Db, roundId: number): Promise<Array<{ id: string, label: string }>> {
  const q = (await roundQuestionnaire(db, roundId)).question(registers.twinTowns) as RowsQuestion
  return (fieldOptions(q, 'form') ?? []).map((o) => ({ id: o.id, label: neutralLabel(o) }))
}

/**
 * Publishes a closed round's rows in the public register (audited): they are copied now, and nothing saved later
 * reaches the register. Refused while the round takes answers.
 */
export async function publishRegister (db: Db, round: Round, actor: string, now: Date): Promise<{ ok: true } | { ok: false, reason: string }> {
  if (roundState(round, now) !== 'closed') return { ok: false, reason: `Omgång ${round.name} tar emot svar till och med stängningsdagen. Registret kan publiceras när den har stängt.` }
  if (round.register_published_at !== null) return { ok: false, reason: `Omgång ${round.name} är redan publicerad.` }
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('round').set({ register_published_at: now.toISOString(), register_published_by: actor }).where('id', '=', round.id).execute()
    const n = await copyRegisterRows(trx, round.id, now)
    await bumpRegisterGeneration(trx)
    await audit(trx, actor, 'register_published', `Omgång ${round.name} (${n} samarbeten)`, now, { roundId: round.id })
  })
  return { ok: true }
}

/** Takes a round's rows out of the public register again (audited). */
export async function unpublishRegister (db: Db, round: Round, actor: string, now: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('round').set({ register_published_at: null, register_published_by: null }).where('id', '=', round.id).execute()
    await dropRegisterRows(trx, round.id)
    await bumpRegisterGeneration(trx)
    await audit(trx, actor, 'register_unpublished', `Omgång ${round.name}`, now, { roundId: round.id })
  })
}

/** Leaves an organisation (by code) out of the public register, or takes it back in (audited); false for an unknown code. */
export async function setExcluded (db: Db, code: string, excluded: boolean, actor: string, now: Date): Promise<{ name: string } | undefined> {
  const org = await db.selectFrom('organisation').select(['id', 'name']).where('code', '=', code).executeTakeFirst()
  if (org === undefined) return undefined
  await db.transaction().execute(async (trx) => {
    if (excluded) await trx.insertInto('register_exclusion').values({ organisation_id: org.id, at: now.toISOString(), actor }).onConflict((oc) => oc.doNothing()).execute()
    else await trx.deleteFrom('register_exclusion').where('organisation_id', '=', org.id).execute()
    await bumpRegisterGeneration(trx)
    await audit(trx, actor, excluded ? 'register_excluded' : 'register_included', org.name, now)
  })
  return { name: org.name }
}

/** The organisations left out of the public register, by name. */
export async function exclusions (db: Db): Promise<Array<{ code: string, name: string, at: string, actor: string }>> {
  return await db.selectFrom('register_exclusion as x').innerJoin('organisation as o', 'o.id', 'x.organisation_id')
    .select(['o.code', 'o.name', 'x.at', 'x.actor']).orderBy('o.name').execute()
}

/** The counties, for the filter. */
export async function counties (db: Db): Promise<Array<{ code: string, name: string }>> {
  return await db.selectFrom('county').select(['code', 'name']).orderBy('name').execute()
}

/** Every round of a survey (the first when not given) with whether its register is published, latest first. */
export async function registerRounds (db: Db, surveyId?: number): Promise<Round[]> {
  return await db.selectFrom('round').selectAll().where('survey_id', '=', surveyIdOrFirst(surveyId)).orderBy('opens_on', 'desc').orderBy('id', 'desc').execute()
}

/** A survey's round (the first survey's when not given) by name. */
export async function roundByName (db: Db, name: string, surveyId?: number): Promise<Round | undefined> {
  return await db.selectFrom('round').selectAll().where('survey_id', '=', surveyIdOrFirst(surveyId)).where('name', '=', name).executeTakeFirst()
}
