export type OrganisationKind = 'municipality' | 'region'

/** A text that may differ between kommuner and regions; `{org}` is filled in later. */
export type Wording = string | { municipality: string, region: string }

export interface Option {
  id: string
  label: Wording
  /** The option carries a free-text "Annat, nämligen". */
  other?: true
}

/** Shown when every clause holds (all) or when one does (any). */
export interface Condition {
  mode: 'all' | 'any'
  clauses: Array<{ question: string, equals: string }>
}

interface QuestionBase {
  id: string
  text: string
  hint?: string
  showWhen?: Condition
}

export interface SingleQuestion extends QuestionBase { type: 'single', options: Option[] }
export interface MultiQuestion extends QuestionBase { type: 'multi', options: Option[], otherMaxLength: number }
export interface TextQuestion extends QuestionBase { type: 'text', maxLength: number }

export type RowField =
  | { id: string, label: string, type: 'text', maxLength: number, required: true }
  | { id: string, label: string, type: 'country' }
  | { id: string, label: string, type: 'countries', hint: string, maxCountries: number }
  | { id: string, label: string, type: 'choice', options: Option[] }

export interface RowsQuestion extends QuestionBase {
  type: 'rows'
  maxRows: number
  rowLabel: string
  /** What the rows are, in result tables ("Vänorter och kommunala partnerskap per samarbetsform"). */
  tableTitle: string
  fields: RowField[]
  /** Rows whose `field` is `equals` must name a country in ICLD's list in `countryField` (a notice, not an error: `message`, `{land}` the country). */
  icldCheck?: { field: string, equals: string, countryField: string, message: string }
  /** In a new round, each row from last round asks this (`question`, answers `yes`/`no`; `missing` when neither is chosen); without it rows carry over as they are. */
  carryOver?: { question: string, yes: string, no: string, missing: string }
}

export interface ContactField {
  id: string
  label: string
  input: 'text' | 'email' | 'tel'
  autocomplete: string
  maxLength: number
}

export interface ContactQuestion extends QuestionBase { type: 'contact', fields: ContactField[] }

export type Question = SingleQuestion | MultiQuestion | TextQuestion | RowsQuestion | ContactQuestion

export interface Definition { term: string, text: string }

export interface Section {
  id: string
  letter: string
  title: string
  showWhen?: Condition
  skippedBecause?: string
  definitions: Definition[]
  questions: Question[]
}

/** A chapter of the results: its title and its questions, in the order tables and sheets show them. */
export interface ResultChapter {
  title: string
  /** The chapter's sheet in results.xlsx (Excel allows 31 characters). */
  sheet: string
  questions: string[]
}

/** A whole questionnaire: its sections (pages) and how its results are grouped. */
export interface SurveyDefinition { sections: Section[], chapters: ResultChapter[] }
