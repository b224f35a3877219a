import type { Generated } from 'kysely'

export interface MunicipalityGroupTable {
  code: string
  name: string
  main_group_code: string
  main_group_name: string
}

export interface CountyTable {
  code: string
  name: string
}

export interface OrganisationTable {
  id: Generated<number>
  code: string
  kind: 'municipality' | 'region'
  name: string
  county_code: string
  municipality_group_code: string | null
}

export interface RoundTable {
  id: Generated<number>
  name: string
  opens_on: string
  deadline_on: string
  closes_on: string
  created_at: string
}

export interface PersonalLinkTable {
  id: Generated<number>
  round_id: number
  organisation_id: number
  nonce: string
  token_hash: string
  created_at: string
  revoked_at: string | null
}

export interface ResponseTable {
  id: Generated<number>
  round_id: number
  organisation_id: number
  status: Generated<'draft' | 'submitted'>
  first_opened_at: string
  first_saved_at: string | null
  last_saved_at: string | null
  submitted_at: string | null
}

export interface ResponseSectionTable {
  response_id: number
  section: string
  version: number
  saved_at: string
}

export interface ResponseEventTable {
  id: Generated<number>
  response_id: number
  kind: 'saved' | 'submitted' | 'changed_after_submission'
  section: string | null
  at: string
}

export interface AnswerChoiceTable {
  response_id: number
  question_id: string
  option_id: string
}

export interface AnswerTextTable {
  response_id: number
  question_id: string
  field: string
  value: string
}

export interface PartnershipTable {
  id: Generated<number>
  response_id: number
  position: number
  partner: string
  country: string | null
  form: string | null
  activity: string | null
}

export interface CollaborationTable {
  id: Generated<number>
  response_id: number
  position: number
  name: string
  kind: string | null
  activity: string | null
}

export interface CollaborationCountryTable {
  collaboration_id: number
  country: string
}

export interface SessionTable {
  id_hash: string
  kind: 'respondent' | 'admin'
  link_id: number | null
  created_at: string
  last_seen_at: string
  expires_at: string
}

/** The one Database interface: every table Kysely may touch. */
export interface Database {
  municipality_group: MunicipalityGroupTable
  county: CountyTable
  organisation: OrganisationTable
  round: RoundTable
  personal_link: PersonalLinkTable
  response: ResponseTable
  response_section: ResponseSectionTable
  response_event: ResponseEventTable
  answer_choice: AnswerChoiceTable
  answer_text: AnswerTextTable
  partnership: PartnershipTable
  collaboration: CollaborationTable
  collaboration_country: CollaborationCountryTable
  session: SessionTable
}
