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

/** A survey: a questionnaire with its rounds (e.g. Internationella samarbeten), named in URLs by its slug. */
export interface SurveyTable {
  id: Generated<number>
  slug: string
  title: string
  description: string
  /** The address this survey's pages and e-mails name; null: CONTACT_EMAIL. */
  contact_email: string | null
  /** The questionnaire version the survey was created from, which its first round takes; null for the first survey (it takes the shipped files). */
  questionnaire_hash: string | null
  created_at: string
}

export interface RoundTable {
  id: Generated<number>
  /** The survey the round belongs to; a round's name is unique within its survey. */
  survey_id: number
  name: string
  opens_on: string
  deadline_on: string
  closes_on: string
  created_at: string
  /** When this round's personal data was deleted (privacy purge); null until then. */
  purged_at: string | null
  /** The kommungrupp classification the round's results by group use (see server/reference/classifications.ts). */
  classification: Generated<string>
  /** When the round's rows were published in the public vänortsregister; null while unpublished. */
  register_published_at: string | null
  register_published_by: string | null
  /** When an admin closed the round at once ("Stäng omgången nu"); null while the round follows its dates. */
  closed_at: string | null
  /** The questionnaire version the round was created with (questionnaire_version.hash); set for every round once the database is prepared. */
  questionnaire_hash: string | null
  /** The names of organisations the round uses (server/reference/name-sets.ts). */
  name_set: Generated<string>
}

/** An organisation's name in one name set (the regions' names changed on 1 January 2019). */
export interface OrganisationNameTable {
  name_set: string
  organisation_id: number
  name: string
}

/** A questionnaire version as a round froze it: the file's text, by its sha256. */
export interface QuestionnaireVersionTable {
  hash: string
  name: string
  content: string
  created_at: string
}

/** A kommungrupp of one classification (SKL 2017, or a later one shipped as reference data). */
export interface ClassificationGroupTable {
  classification: string
  code: string
  name: string
  main_group_code: string
  main_group_name: string
}

/** A kommun's group in one classification; regions have none. */
export interface OrganisationGroupTable {
  classification: string
  organisation_id: number
  group_code: string
}

/** An organisation an admin has left out of the public vänortsregister. */
/** A row of the public register as it was published (a PublicRow as JSON); the register never reads live answers. */
export interface RegisterRowTable {
  round_id: number
  position: number
  organisation_id: number
  data: string
}

/** That a published round's rows were copied, when, and how many. */
export interface RegisterSnapshotTable {
  round_id: number
  made_at: string
  row_count: number
}

export interface RegisterExclusionTable {
  organisation_id: number
  at: string
  actor: string
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
  /** Who made the change: `respondent:<session>`, `admin:<e-mail>` or `cli:<user>`; null on rows from before this was kept. */
  actor: string | null
}

/** One row (id 1): what the running server works with, and the lease of the one process that sends e-mail. */
export interface ServerStateTable {
  id: number
  /** A fingerprint of the key personal links are derived from (from SESSION_SECRET), never the key itself. */
  link_key_fingerprint: string | null
  /** The e-mail transport without its password, e.g. smtp://mail.skr.se:587 or "filer i /var/lib/enkat/outbox". */
  transport: string | null
  public_url: string | null
  sender_owner: string | null
  sender_until: string | null
  /** Raised by every publication, withdrawal and exclusion of the public register: its cache's key. */
  register_generation: Generated<number>
}

/** One scratch row written by /readyz. */
export interface HealthProbeTable {
  id: number
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

/** One row of a rows question, its fields as a JSON object. */
export interface AnswerRowTable {
  response_id: number
  question_id: string
  position: number
  data: string
}

/** Counts of submitted answers per round, organisation kind and kommungrupp ('' for regions). */
export interface ResultTallyTable {
  round_id: number
  kind: string
  grp: string
  key: string
  n: number
}

/** The keys a submitted response added to the counts, as a JSON array. */
export interface ResponseTallyTable {
  response_id: number
  kind: string
  grp: string
  keys: string
}

/** The fingerprint of the questionnaire and classification a round's counts were made with. */
export interface TallyStateTable {
  round_id: number
  fingerprint: string
}

export interface SessionTable {
  id_hash: string
  kind: 'respondent' | 'admin'
  link_id: number | null
  admin_id: number | null
  created_at: string
  last_seen_at: string
  expires_at: string
}

/** Every table Kysely may touch. */
export interface Tables {
  municipality_group: MunicipalityGroupTable
  county: CountyTable
  organisation: OrganisationTable
  survey: SurveyTable
  round: RoundTable
  questionnaire_version: QuestionnaireVersionTable
  organisation_name: OrganisationNameTable
  personal_link: PersonalLinkTable
  response: ResponseTable
  response_section: ResponseSectionTable
  response_event: ResponseEventTable
  health_probe: HealthProbeTable
  server_state: ServerStateTable
  answer_choice: AnswerChoiceTable
  answer_text: AnswerTextTable
  answer_row: AnswerRowTable
  result_tally: ResultTallyTable
  response_tally: ResponseTallyTable
  tally_state: TallyStateTable
  session: SessionTable
  contact: ContactTable
  mail_template: MailTemplateTable
  mailing: MailingTable
  outbox_message: OutboxMessageTable
  admin: AdminTable
  audit_log: AuditLogTable
  register_exclusion: RegisterExclusionTable
  register_row: RegisterRowTable
  register_snapshot: RegisterSnapshotTable
  classification_group: ClassificationGroupTable
  organisation_group: OrganisationGroupTable
}

export interface ContactTable {
  id: Generated<number>
  organisation_id: number
  /** Null: the organisation's contact for every survey; set: its contact for that survey only (which then replaces the shared ones there). */
  survey_id: Generated<number | null>
  email: string
  name: string | null
  active: Generated<number>
  created_at: string
  updated_at: string
}

export interface MailTemplateTable {
  round_id: number
  kind: string
  subject: string
  body: string
  updated_at: string
}

export type MailingKind = 'invitation' | 'reminder-1' | 'reminder-2' | 'reminder-3'

export interface MailingTable {
  id: Generated<number>
  round_id: number
  kind: MailingKind
  status: 'scheduled' | 'queued' | 'done'
  scheduled_for: string | null
  /** HH:MM, Swedish time, on scheduled_for; null means 09:00. */
  scheduled_time: string | null
  /** While set and in the future, the sender leaves this mailing's messages alone (the relay refused it). */
  paused_until: string | null
  paused_since: string | null
  /** Why, in Swedish; pause_detail is the SMTP server's own answer. */
  pause_reason: string | null
  pause_detail: string | null
  schedule_error: string | null
  interval_override: Generated<number>
  queued_at: string | null
  finished_at: string | null
  created_at: string
}

export interface OutboxMessageTable {
  id: Generated<number>
  mailing_id: number
  contact_id: number
  organisation_id: number
  to_address: string
  to_name: string | null
  message_id: string
  status: 'queued' | 'sending' | 'sent' | 'failed' | 'cancelled'
  attempts: Generated<number>
  recovered: Generated<number>
  next_attempt_at: string
  claimed_by: string | null
  claimed_until: string | null
  last_error: string | null
  smtp_response: string | null
  sent_at: string | null
  created_at: string
}

export interface AdminTable {
  id: Generated<number>
  email: string
  password_hash: string
  created_at: string
  last_login_at: string | null
}

export interface AuditLogTable {
  id: Generated<number>
  at: string
  actor: string
  action: string
  detail: string | null
  /** The survey the entry concerns; null for one that concerns none (a login) or was written before surveys were noted. */
  survey_id: number | null
}
