import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { fromRoot } from '../paths.js'
import { type FileCondition, type FileProblem, type FileQuestion, type FileWording, parseFileShape, type QuestionnaireFile } from './file-format.js'
import { checkReferences, QUESTION_REF } from './file-references.js'
import { asContact } from './kinds/index.js'
import type { MailingKind } from '../db/schema.js'
import type { Condition, ContactQuestion, Option, Question, ResultChapter, RowField, Section, Wording } from './types.js'

/** What a version says besides its questions: the survey's title, the lead on the start page and its mail texts (each `{ subject, body }`, when the file gives them). */
export interface VersionTexts { title: string, intro: string, mail: Partial<Record<MailingKind, { subject: string, body: string }>> }

/**
 * One questionnaire version, as a round froze it: its sections (pages), questions, result chapters and contact
 * question, with lookups by id and the numbers questions are shown with ("Fråga 4"), computed from their place.
 * Every page, save, result and export of a round reads the round's own; nothing keeps one for the process.
 */
export class Questionnaire {
  readonly questions: Question[]
  private readonly byId: Map<string, Question>
  private readonly sectionOf: Map<string, Section>
  private readonly numberOf: Map<string, number>

  constructor (
    readonly hash: string,
    readonly name: string,
    readonly source: string,
    readonly sections: Section[],
    readonly chapters: ResultChapter[],
    readonly contactQuestionId: string | null,
    readonly texts: VersionTexts
  ) {
    this.questions = sections.flatMap((s) => s.questions)
    this.byId = new Map(this.questions.map((q) => [q.id, q]))
    this.sectionOf = new Map(sections.flatMap((s) => s.questions.map((q) => [q.id, s] as const)))
    this.numberOf = new Map(this.questions.map((q, i) => [q.id, i + 1]))
  }

  /** Whether the version has a question with this id (stored answers may outlive a question). */
  hasQuestion (id: string): boolean {
    return this.byId.has(id)
  }

  /** The question with this id; throws for an id the version does not have. */
  question (id: string): Question {
    const q = this.byId.get(id)
    if (q === undefined) throw new Error(`Unknown question ${id} in questionnaire ${this.name}`)
    return q
  }

  /** The section a question belongs to. */
  sectionOfQuestion (id: string): Section {
    const s = this.sectionOf.get(id)
    if (s === undefined) throw new Error(`Unknown question ${id} in questionnaire ${this.name}`)
    return s
  }

  /** The section with this id, or undefined. */
  findSection (id: string): Section | undefined {
    return this.sections.find((s) => s.id === id)
  }

  /** A part as the respondent saw it, its letter and title ("B (E-tjänster och samarbeten)"), for admin pages; an unknown id as it is. */
  partName (id: string): string {
    const part = this.findSection(id)
    return part === undefined ? id : `${part.letter} (${part.title})`
  }

  /** The number shown beside a question ("Fråga 4"): its place in this version, apart from its stable id. */
  questionNumber (id: string): number {
    const n = this.numberOf.get(id)
    if (n === undefined) throw new Error(`Unknown question ${id} in questionnaire ${this.name}`)
    return n
  }

  /** The question that holds who answered (shown on the privacy page, deleted by the purge), or null. */
  contactQuestion (): ContactQuestion | null {
    const q = this.contactQuestionId === null ? undefined : this.byId.get(this.contactQuestionId)
    return asContact(q)
  }

  /** How pages name the contact question: "fråga 18" and its fields ("namn, befattning, e-post och telefon"); null when the version has none. */
  contactNaming (): { question: string, fields: string } | null {
    const q = this.contactQuestion()
    return q === null ? null : { question: `fråga ${this.questionNumber(q.id)}`, fields: listText(q.fields.map((f) => f.label.toLowerCase())) }
  }

  /** The numbers of the questions whose answers decide what else is shown, in order ("1, 2 och 15"). */
  deciding (): string {
    const ids = new Set(this.sections.flatMap((s) => [s.showWhen, ...s.questions.map((q) => q.showWhen)]).flatMap((c) => c?.clauses.map((x) => x.question) ?? []))
    return numberList(this.questions.filter((q) => ids.has(q.id)).map((q) => this.questionNumber(q.id)))
  }

  /** The numbers of these questions, those the version has, as a list ("6–9", "1, 2 och 15"). */
  numbers (ids: string[]): string {
    return numberList(ids.filter((id) => this.byId.has(id)).map((id) => this.questionNumber(id)).sort((a, b) => a - b))
  }

  /** In JSON (a page's fingerprint, a log line) a version is its hash. */
  toJSON (): string {
    return this.hash
  }

  /** A text with `{fråga:q01}` written out as "fråga 1". */
  fillNumbers (text: string): string {
    return text.replace(QUESTION_REF, (_m, id: string) => `fråga ${this.questionNumber(id)}`)
  }
}

/** Words joined as Swedish lists them: "a, b och c". */
export function listText (words: string[]): string {
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} och ${words[words.length - 1]}`
}

/** Numbers as a list, a run of three or more written as a range: [1, 2, 15] → "1, 2 och 15", [6, 7, 8, 9] → "6–9". */
export function numberList (ns: number[]): string {
  const parts: string[] = []
  for (let i = 0; i < ns.length;) {
    let j = i
    while (j + 1 < ns.length && ns[j + 1] === (ns[j] as number) + 1) j++
    if (j - i >= 2) parts.push(`${ns[i]}–${ns[j]}`)
    else for (let k = i; k <= j; k++) parts.push(String(ns[k]))
    i = j + 1
  }
  return listText(parts)
}

/** A questionnaire file that cannot be used: every problem with its path. */
export class QuestionnaireInvalid extends Error {
  constructor (readonly problems: FileProblem[]) {
    super(problems.map((p) => `${p.path}: ${p.message}`).join('\n'))
    this.name = 'QuestionnaireInvalid'
  }
}

const wording = (w: FileWording): Wording => typeof w === 'string' ? w : { municipality: w.kommun, region: w.region }
const option = (o: { id: string, text: FileWording, annat?: true }): Option => ({ id: o.id, label: wording(o.text), ...(o.annat === true ? { other: true as const } : {}) })
const condition = (c: FileCondition): Condition => 'alla' in c
  ? { mode: 'all', clauses: c.alla.map((x) => ({ question: x.fråga, equals: x.svar })) }
  : { mode: 'any', clauses: c.någon.map((x) => ({ question: x.fråga, equals: x.svar })) }

function rowField (f: Extract<FileQuestion, { typ: 'rows' }>['fält'][number]): RowField {
  if (f.typ === 'text') return { id: f.id, label: f.text, type: 'text', maxLength: f.max_tecken, required: true }
  if (f.typ === 'land') return { id: f.id, label: f.text, type: 'country' }
  if (f.typ === 'länder') return { id: f.id, label: f.text, type: 'countries', hint: f.hjälp, maxCountries: f.max_länder }
  return { id: f.id, label: f.text, type: 'choice', options: f.alternativ.map(option) }
}

function question (q: FileQuestion): Question {
  const base = { id: q.id, text: q.text, ...(q.hjälp === undefined ? {} : { hint: q.hjälp }), ...(q.visas_när === undefined ? {} : { showWhen: condition(q.visas_när) }) }
  switch (q.typ) {
    case 'single': return { ...base, type: 'single', options: q.alternativ.map(option) }
    case 'multi': return { ...base, type: 'multi', options: q.alternativ.map(option), otherMaxLength: q.annat_max_tecken }
    case 'text': return { ...base, type: 'text', maxLength: q.max_tecken }
    case 'contact': return { ...base, type: 'contact', fields: q.fält.map((f) => ({ id: f.id, label: f.text, input: f.inmatning, autocomplete: f.autocomplete, maxLength: f.max_tecken })) }
    case 'rows': return {
      ...base,
      type: 'rows',
      maxRows: q.max_rader,
      rowLabel: q.radnamn,
      tableTitle: q.tabellrubrik,
      fields: q.fält.map(rowField),
      ...(q.icld_kontroll === undefined ? {} : { icldCheck: { field: q.icld_kontroll.fält, equals: q.icld_kontroll.svar, countryField: q.icld_kontroll.landfält, message: q.icld_kontroll.meddelande } }),
      ...(q.fortsätter === undefined ? {} : { carryOver: { question: q.fortsätter.fråga, yes: q.fortsätter.ja, no: q.fortsätter.nej, missing: q.fortsätter.saknas } })
    }
  }
}

function compile (hash: string, file: QuestionnaireFile): Questionnaire {
  const terms = new Map(file.begrepp.map((t) => [t.id, { term: t.term, text: t.text }]))
  const sections: Section[] = file.delar.map((s) => ({
    id: s.id,
    letter: s.bokstav,
    title: s.rubrik,
    ...(s.visas_när === undefined ? {} : { showWhen: condition(s.visas_när) }),
    definitions: s.begrepp.map((t) => terms.get(t) as { term: string, text: string }),
    questions: s.frågor.map(question),
    ...(s.hoppas_över === undefined ? {} : { skippedBecause: s.hoppas_över })
  }))
  const chapters = file.resultatkapitel.map((c) => ({ title: c.rubrik, sheet: c.flik, questions: c.frågor }))
  const m = file.utskick
  const mail = m === undefined
    ? {}
    : Object.fromEntries(([['invitation', m.inbjudan], ['reminder-1', m.påminnelse_1], ['reminder-2', m.påminnelse_2], ['reminder-3', m.påminnelse_3]] as const).map(([kind, t]) => [kind, { subject: t.ämne, body: t.text }]))
  const q = new Questionnaire(hash, file.version, file.källa, sections, chapters, file.kontaktfråga, { title: file.titel, intro: file.inledning, mail })
  for (const s of sections) if (s.skippedBecause !== undefined) s.skippedBecause = q.fillNumbers(s.skippedBecause)
  return q
}

/** The fingerprint a round stores with its version: sha256 of the file's text. */
export function questionnaireHash (content: string): string {
  return createHash('sha256').update(content).digest('hex')
}

/** A questionnaire file's text as uploaded or read from disk, without the byte order mark some editors put first (Excel, Notepad). */
export function questionnaireText (bytes: Buffer | string): string {
  const text = typeof bytes === 'string' ? bytes : bytes.toString('utf8')
  return text.startsWith('\uFEFF') ? text.slice(1) : text
}

/** Where and why JSON.parse stopped, in Swedish, from its (English, version-dependent) message. */
export function jsonErrorText (content: string, message: string): string {
  const position = /at position (\d+)/.exec(message)
  const token = /Unexpected token '(.+?)'/.exec(message)
  let where = ''
  if (position !== null) {
    const before = content.slice(0, Number(position[1]))
    const line = before.split('\n').length
    where = ` på rad ${line}, tecken ${before.length - before.lastIndexOf('\n')}`
  }
  if (/Unexpected end of JSON input/.test(message)) return 'filen tar slut mitt i (saknas ett avslutande } eller ], eller ett citattecken?).'
  const check = `Kontrollera kommatecken, citattecken och klamrar${where === '' ? '' : ' där'}.`
  return token !== null ? `oväntat tecken ”${token[1]}”${where}. ${check}` : `fel${where}. ${check}`
}

/** Reads a questionnaire file's text: its shape and what refers to what, every problem with its path. */
export function parseQuestionnaire (content: string): { ok: true, questionnaire: Questionnaire, file: QuestionnaireFile } | { ok: false, problems: FileProblem[] } {
  let data: unknown
  try {
    data = JSON.parse(content)
  } catch (err) {
    return { ok: false, problems: [{ path: '(filen)', message: `är inte giltig JSON: ${jsonErrorText(content, (err as Error).message)}` }] }
  }
  const shape = parseFileShape(data)
  if (!shape.ok) return shape
  const problems = checkReferences(shape.file)
  if (problems.length > 0) return { ok: false, problems }
  return { ok: true, questionnaire: compile(questionnaireHash(content), shape.file), file: shape.file }
}

const cache = new Map<string, Questionnaire>()

/** The questionnaire of a stored version's text, parsed once per hash; a stored version that no longer parses is a broken database. */
export function questionnaireOf (content: string): Questionnaire {
  const hash = questionnaireHash(content)
  const hit = cache.get(hash)
  if (hit !== undefined) return hit
  const r = parseQuestionnaire(content)
  if (!r.ok) throw new QuestionnaireInvalid(r.problems)
  cache.set(hash, r.questionnaire)
  return r.questionnaire
}

/** The shipped questionnaire files, oldest first; the last is the one a new round takes unless given another. */
export const shippedVersions = ['2018'] as const

/** The text of a shipped questionnaire file (server/questionnaire/versions/<name>.json). */
export function shippedContent (name: string): string {
  return readFileSync(fromRoot('server', 'questionnaire', 'versions', `${name}.json`), 'utf8')
}

/** The shipped 2018 questionnaire, which every round made before versions were stored is given. */
export function questionnaire2018 (): Questionnaire {
  return questionnaireOf(shippedContent('2018'))
}
