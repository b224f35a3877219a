import type { Db } from '../db/database.js'
import { getsSurveyMail } from '../mail/contacts.js'
import { classificationGroups, mainGroups, nameInRound, roundClassification } from '../db/reference-data.js'

export type OrgStatus = 'not_opened' | 'opened' | 'in_progress' | 'submitted'

export const statusNames: Record<OrgStatus, string> = {
  not_opened: 'Inte öppnat',
  opened: 'Öppnat',
  in_progress: 'Påbörjat',
  submitted: 'Inskickat'
}

/** An organisation's status in a round from its response (none, or its status and first save), as the admin pages name it. */
export function orgStatus (r: { response_id: number | null, status: string | null, first_saved_at: string | null }): OrgStatus {
  return r.response_id === null ? 'not_opened' : r.status === 'submitted' ? 'submitted' : r.first_saved_at !== null ? 'in_progress' : 'opened'
}

export interface OrgFilter { id?: number, kind?: string, group?: string, county?: string, status?: string, reminders?: string, search?: string }

export interface OrgListRow {
  id: number
  code: string
  name: string
  kind: 'municipality' | 'region'
  /** The kommungrupp in the round's classification, its name and its main group; null for regions. */
  group: string | null
  groupName: string | null
  mainGroup: string | null
  county: string
  status: OrgStatus
  reminders: number
  /** Active contacts the round's survey mails: its own, or else the shared ones. */
  contacts: number
}

/**
 * Organisations with their status in the round, filtered by type, kommungrupp or main group (of the round's
 * classification), län, status and reminders received.
 */
export async function listOrganisations (db: Db, roundId: number, filter: OrgFilter): Promise<OrgListRow[]> {
  const classification = await roundClassification(db, roundId)
  const { survey_id: surveyId } = await db.selectFrom('round').select('survey_id').where('id', '=', roundId).executeTakeFirstOrThrow()
  const rows = await db.selectFrom('organisation as o')
    .innerJoin('county as c', 'c.code', 'o.county_code')
    .leftJoin('response as r', (j) => j.onRef('r.organisation_id', '=', 'o.id').on('r.round_id', '=', roundId))
    .leftJoin('organisation_group as og', (j) => j.onRef('og.organisation_id', '=', 'o.id').on('og.classification', '=', classification))
    .leftJoin('classification_group as g', (j) => j.onRef('g.code', '=', 'og.group_code').on('g.classification', '=', classification))
    .select(['o.id', 'o.code', nameInRound('o', roundId).as('name'), 'o.kind', 'og.group_code as group', 'g.name as group_name', 'g.main_group_code as main_group', 'c.name as county', 'r.status', 'r.first_saved_at', 'r.id as response_id'])
    .select((eb) => [
      eb.selectFrom('outbox_message as om').innerJoin('mailing as m', 'm.id', 'om.mailing_id')
        .select((e) => e.fn.count<number>('m.id').distinct().as('n'))
        .whereRef('om.organisation_id', '=', 'o.id').where('m.round_id', '=', roundId).where('m.kind', '!=', 'invitation').where('om.status', '=', 'sent')
        .as('reminders'),
      eb.selectFrom('contact as c').select((e) => e.fn.countAll<number>().as('n')).whereRef('c.organisation_id', '=', 'o.id').where('c.active', '=', 1)
        .where((e) => getsSurveyMail(e, surveyId)).as('contacts')
    ])
    .$if(filter.id !== undefined, (qb) => qb.where('o.id', '=', filter.id as number))
    .orderBy('o.kind').orderBy('name').execute()
  const list: OrgListRow[] = rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    kind: r.kind,
    group: r.group,
    groupName: r.group_name,
    mainGroup: r.main_group,
    county: r.county,
    status: orgStatus(r),
    reminders: Number(r.reminders ?? 0),
    contacts: Number(r.contacts ?? 0)
  }))
  const search = (filter.search ?? '').trim().toLocaleLowerCase('sv')
  return list.filter((o) =>
    (search === '' || o.code.toLocaleLowerCase('sv').startsWith(search) || o.name.toLocaleLowerCase('sv').includes(search)) &&
    (filter.kind === undefined || filter.kind === '' || o.kind === filter.kind) &&
    (filter.group === undefined || filter.group === '' || o.group === filter.group || o.mainGroup === filter.group) &&
    (filter.county === undefined || filter.county === '' || o.county === filter.county) &&
    (filter.status === undefined || filter.status === '' || o.status === filter.status || (filter.status === 'not_submitted' && o.status !== 'submitted')) &&
    (filter.reminders === undefined || filter.reminders === '' || o.reminders === Number(filter.reminders)))
}

/** Every message to an organisation in a round, newest first. */
export async function organisationMessages (db: Db, roundId: number, organisationId: number): Promise<Array<{ kind: string, to_address: string, status: string, attempts: number, last_error: string | null, sent_at: string | null, created_at: string }>> {
  return await db.selectFrom('outbox_message as o').innerJoin('mailing as m', 'm.id', 'o.mailing_id')
    .select(['m.kind', 'o.to_address', 'o.status', 'o.attempts', 'o.last_error', 'o.sent_at', 'o.created_at'])
    .where('m.round_id', '=', roundId).where('o.organisation_id', '=', organisationId)
    .orderBy('o.id', 'desc').execute()
}

/** The main groups, kommungrupper (of the round's classification) and län the organisations list filters by. */
export async function organisationFilters (db: Db, roundId: number): Promise<{ mains: Array<{ code: string, name: string }>, groups: Array<{ code: string, name: string, main_group_code: string, main_group_name: string }>, counties: string[] }> {
  const groups = await classificationGroups(db, await roundClassification(db, roundId))
  const counties = await db.selectFrom('county').select('name').orderBy('name').execute()
  return { mains: mainGroups(groups), groups, counties: counties.map((c) => c.name) }
}

/** An organisation by its code with its name in the round (the round's name set) and its län, or undefined. */
export async function findOrganisationByCode (db: Db, roundId: number, code: string): Promise<{ id: number, code: string, name: string, kind: 'municipality' | 'region', county: string } | undefined> {
  return await db.selectFrom('organisation as o').innerJoin('county as c', 'c.code', 'o.county_code')
    .select(['o.id', 'o.code', nameInRound('o', roundId).as('name'), 'o.kind', 'c.name as county'])
    .where('o.code', '=', code).executeTakeFirst()
}

/** The organisation's response in the round and its newest events (at most 200), or nulls before the first opening. */
export async function organisationResponse (db: Db, roundId: number, organisationId: number): Promise<{ responseId: number | null, events: Array<{ kind: string, section: string | null, at: string, actor: string | null }> }> {
  const response = await db.selectFrom('response').select('id').where('round_id', '=', roundId).where('organisation_id', '=', organisationId).executeTakeFirst()
  if (response === undefined) return { responseId: null, events: [] }
  const events = await db.selectFrom('response_event').select(['kind', 'section', 'at', 'actor']).where('response_id', '=', response.id).orderBy('id', 'desc').limit(200).execute()
  return { responseId: response.id, events }
}

/** Every organisation's code and name in the round, kommuner first, for choosing one. */
export async function organisationChoices (db: Db, roundId: number): Promise<Array<{ code: string, name: string }>> {
  return await db.selectFrom('organisation as o').select(['o.code', nameInRound('o', roundId).as('name')]).orderBy('o.kind').orderBy('name').execute()
}
