import type { AnswerValue, Answers } from '../answers.js'
import type { OrganisationKind, Option, Question } from '../types.js'
import type { FormReader } from './form-reader.js'

/** What a question shows while being answered: the input as typed. */
export type QuestionState = string | { selected: string[], other: string } | Array<Record<string, string>> | Record<string, string>

/** An answer as the database keeps it: chosen option ids, named texts and rows (each row one JSON object). */
export interface Stored {
  choices: string[]
  texts: Record<string, string>
  rows: Array<Record<string, unknown>>
}

/** A row of a rows question opened for editing; index null is a new row. */
export interface RowEdit { question: string, index: number | null }

/** Who is answering and what the page needs to know about the world. */
export interface ViewContext {
  kind: OrganisationKind
  icld: ReadonlySet<string>
  /** The message of an error by the id of the element it belongs to. */
  errors: ReadonlyMap<string, string>
  /** The row a rows question shows open for editing: by its index, or a new empty one (index null). */
  edit: RowEdit | null
}

/** An answer written out for the review page, the admin's organisation page and "what changed": one of four shapes. */
export type Description =
  | { lines: string[] }
  | { paragraphs: string[] }
  | { pairs: Array<{ label: string, value: string }> }
  | { table: { headers: string[], rows: Array<{ cells: string[], notice: string | null }> } }

/** One line of a description ("Ja", "Kultur, Turism", "Namn: Eva Ek"); a table's rows joined. */
export function descriptionLine (d: Description): string {
  if ('lines' in d) return d.lines.join(', ')
  if ('paragraphs' in d) return d.paragraphs.join(' ')
  if ('pairs' in d) return d.pairs.map((p) => `${p.label}: ${p.value}`).join('; ')
  return d.table.rows.map((r) => r.cells.join(', ')).join('; ')
}

/** A column of responses.csv: its header and how a response's answer fills it (undefined when not shown). */
export interface Column { header: string, value: (answer: AnswerValue | undefined) => string | number | null }

/** Counts of the submitted responses of one group, read by key within one question. */
export interface Tally {
  (key: string): number
  /** The keys that start with this prefix, with their counts. */
  keys: (prefix: string) => Array<[string, number]>
}

export type Unit = 'organisations' | 'rows' | 'mentions'
/** Adds one figure of a question: option id, unit, base, count and the option's text. */
export type PushFigure = (option: string, unit: Unit, base: number, count: number, optionText: string) => void

/** One result table of a question: the figures of `unit` whose option starts with `prefix`. */
export interface TableSpec { id: string, title: string, unit: Unit, prefix: string }

/** How a question's tables are headed: its own heading ("Fråga 4. …") and a text numbered like it. */
export interface TableHeading { title: string, numbered: (text: string) => string }

/** What a figure reads of a question: option ids, or for a list of rows, fields with option ids of each. */
export interface FigureReads { options?: string[], fields?: Record<string, string[]> }

/** An id a figure reads that a question lacks: a field, or an option (`field=option` within a row). */
export type LackedId = { field: string } | { option: string }

/** What changed in a list of rows since last round: the rows ended and the rows added, each named in one line. */
export interface RowChanges { ended: string[], added: string[] }

/**
 * Everything one kind of question does: reading and checking its form fields, the state a page shows, the view
 * model of its partial (`views/partials/questions/<type>.eta`), its text on the review page, its storage, its
 * columns in responses.csv and the codebook, and its counts and figures in the results.
 */
export interface QuestionKind<Q extends Question = Question, V = AnswerValue> {
  parse: (form: FormReader, q: Q) => [QuestionState, V | null]
  state: (q: Q, value: V | null) => QuestionState
  /** The state of a page that starts from last round's answer, when it differs from `state` (rows ask whether each goes on). */
  prefillState?: (q: Q, value: V | null) => QuestionState
  answered: (q: Q, value: V) => boolean
  view: (q: Q, state: QuestionState, ctx: ViewContext) => Record<string, unknown>
  describe: (q: Q, value: V, ctx: { kind: OrganisationKind, icld: ReadonlySet<string> }) => Description
  toStored: (q: Q, value: V) => Stored
  fromStored: (q: Q, stored: Stored) => V | undefined
  /** The columns of responses.csv; `rows` is the most rows any response has for this question. */
  columns: (q: Q, rows: number, includeContacts: boolean) => Column[]
  /** Rows of the codebook after the question's own: [option, type, text]. */
  codebook: (q: Q) => Array<[string, string, string]>
  /** The keys this answer adds to the counts of submitted responses (beyond "applies" and "answered", which are counted for every kind). */
  tally: (q: Q, value: V, add: (key: string) => void) => void
  figures: (q: Q, t: Tally, push: PushFigure) => void
  /** Its result tables (figureTable leaves out those without figures). */
  tables: (q: Q, heading: TableHeading) => TableSpec[]
  /** Figures as shares of all mentions of its options, for the questions a survey counts that way; only kinds with options. */
  mentions?: (q: Q, t: Tally, push: PushFigure) => void
  /** Its ids below the question with their export texts (options; a row's fields and `field=option`; contact fields), as version diffs compare them. */
  optionLabels: (q: Q) => Map<string, string>
  /** What the report's appendix lists under the question: its options, its fields or that it is a free text. */
  appendix: (q: Q) => string[]
  /** The ids `reads` names that this question lacks. */
  lacking: (q: Q, reads: FigureReads) => LackedId[]
  /** The option a visibility condition names: only the kind conditions may name (one chosen option) has it. */
  conditionOption?: (q: Q, optionId: string) => Option | undefined
  /** Where its free text is stored (the answer_text field) and what the free-text page adds to the question's text. */
  freeText?: (q: Q) => { field: string, label: string | null }
  /** For a list of rows: the most rows a page takes and the field a new row's focus goes to. */
  rowList?: (q: Q) => { max: number, firstField: string }
  /** For a list of rows: which rows ended and which are new since last round (other kinds' change is one line). */
  rowChanges?: (q: Q, before: V | null, now: V | null, ctx: { kind: OrganisationKind, icld: ReadonlySet<string> }) => RowChanges
}

export type { Answers }
