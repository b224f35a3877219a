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
  fields: RowField[]
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
  id: 'a' | 'b' | 'c' | 'd' | 'e'
  letter: string
  title: string
  showWhen?: Condition
  skippedBecause?: string
  definitions: Definition[]
  questions: Question[]
}
