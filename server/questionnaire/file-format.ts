import { z } from 'zod'

// The questionnaire file (server/questionnaire/versions/<name>.json): Swedish keys, because the people who prepare
// a round's version read and edit it. A zod schema checks its shape; checkReferences then checks what refers to
// what (ids unique, conditions naming earlier questions and their options, every question in one result chapter).
// Every problem names its path in the file, e.g. `delar[1].frågor[3].alternativ[4].id: "other" finns två gånger`.

const ID = /^[a-z][a-z0-9_]{0,39}$/
const idText = 'små bokstäver a–z, siffror och understreck, börjar med en bokstav, högst 40 tecken'
const id = z.string().regex(ID, { error: `ska bestå av ${idText}` })
const text = z.string().trim().min(1, { error: 'får inte vara tom' }).max(2000, { error: 'får vara högst 2 000 tecken' })
const limit = (max: number) => z.number().int({ error: 'ska vara ett heltal' }).min(1, { error: 'ska vara minst 1' }).max(max, { error: `får vara högst ${max}` })

/** A text that may differ between kommuner and regions. */
const wording = z.union([text, z.strictObject({ kommun: text, region: text })], { error: 'ska vara en text eller { "kommun": …, "region": … }' })

const option = z.strictObject({ id, text: wording, annat: z.literal(true).optional() })
const options = z.array(option).min(2, { error: 'behöver minst två alternativ' }).max(60, { error: 'får ha högst 60 alternativ' })

const clause = z.strictObject({ fråga: id, svar: id })
const condition = z.union([
  z.strictObject({ alla: z.array(clause).min(1, { error: 'behöver minst ett villkor' }) }),
  z.strictObject({ någon: z.array(clause).min(1, { error: 'behöver minst ett villkor' }) })
], { error: 'ska vara { "alla": [ { "fråga": …, "svar": … } ] } eller { "någon": [ … ] }' })

const base = { id, text, hjälp: text.optional(), visas_när: condition.optional() }

const rowField = z.discriminatedUnion('typ', [
  z.strictObject({ id, text, typ: z.literal('text'), max_tecken: limit(5000), obligatorisk: z.boolean().optional() }),
  z.strictObject({ id, text, typ: z.literal('land') }),
  z.strictObject({ id, text, typ: z.literal('länder'), hjälp: text, max_länder: limit(300) }),
  z.strictObject({ id, text, typ: z.literal('val'), alternativ: options })
], { error: 'ska vara en av text, land, länder, val' })

const question = z.discriminatedUnion('typ', [
  z.strictObject({ ...base, typ: z.literal('single'), alternativ: options }),
  z.strictObject({ ...base, typ: z.literal('multi'), alternativ: options, annat_max_tecken: limit(10000) }),
  z.strictObject({ ...base, typ: z.literal('text'), max_tecken: limit(20000) }),
  z.strictObject({
    ...base,
    typ: z.literal('rows'),
    max_rader: limit(1000),
    radnamn: text,
    tabellrubrik: text,
    icld_kontroll: z.strictObject({ fält: id, svar: id, landfält: id, meddelande: text }).optional(),
    fortsätter: z.strictObject({ fråga: text, ja: text, nej: text, saknas: text }).optional(),
    fält: z.array(rowField).min(1, { error: 'behöver minst ett fält' }).max(20, { error: 'får ha högst 20 fält' })
  }),
  z.strictObject({
    ...base,
    typ: z.literal('contact'),
    fält: z.array(z.strictObject({ id, text, inmatning: z.enum(['text', 'email', 'tel'], { error: 'ska vara text, email eller tel' }), autocomplete: z.string().regex(/^[a-z-]+$/, { error: 'ska vara ett autocomplete-värde, t.ex. name eller email' }), max_tecken: limit(1000) })).min(1, { error: 'behöver minst ett fält' })
  })
], { error: 'ska vara en av single, multi, text, rows, contact' })

const section = z.strictObject({
  id,
  bokstav: z.string().regex(/^[A-ZÅÄÖ]$/, { error: 'ska vara en stor bokstav' }),
  rubrik: text,
  visas_när: condition.optional(),
  hoppas_över: text.optional(),
  begrepp: z.array(id),
  frågor: z.array(question).min(1, { error: 'en del behöver minst en fråga' })
})

const mail = z.strictObject({ ämne: text, text: z.string().trim().min(1, { error: 'får inte vara tom' }).max(10000, { error: 'får vara högst 10 000 tecken' }) })

/** The shape of a questionnaire file. */
export const questionnaireFile = z.strictObject({
  format: z.literal(1, { error: 'ska vara 1 (den här versionen av filformatet)' }),
  enkät: text,
  titel: text,
  inledning: text,
  version: z.string().regex(/^[0-9A-Za-zÅÄÖåäö._-]{1,40}$/, { error: 'ska vara ett kort namn utan mellanslag, t.ex. 2027' }),
  källa: text,
  begrepp: z.array(z.strictObject({ id, term: text, text })),
  delar: z.array(section).min(1, { error: 'behöver minst en del' }).max(26, { error: 'får ha högst 26 delar' }),
  resultatkapitel: z.array(z.strictObject({ rubrik: text, flik: z.string().min(1).max(31, { error: 'får vara högst 31 tecken (Excel)' }), frågor: z.array(id).min(1, { error: 'behöver minst en fråga' }) })).min(1),
  kontaktfråga: id.nullable(),
  utskick: z.strictObject({ inbjudan: mail, påminnelse_1: mail, påminnelse_2: mail, påminnelse_3: mail }).optional()
})

export type QuestionnaireFile = z.infer<typeof questionnaireFile>
export type FileQuestion = QuestionnaireFile['delar'][number]['frågor'][number]
export type FileCondition = z.infer<typeof condition>
export type FileWording = z.infer<typeof wording>

type Path = ReadonlyArray<PropertyKey>

/** A path in the file as a reader writes it: `delar[1].frågor[3].alternativ[4].id`. */
export function pathText (path: Path): string {
  let out = ''
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out === '' ? '' : '.'}${String(p)}`
  return out === '' ? '(filen)' : out
}

const typeNames: Record<string, string> = { string: 'en text', number: 'ett tal', boolean: 'true eller false', object: 'ett objekt { … }', array: 'en lista [ … ]' }

function issueText (issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'saknas' : `ska vara ${typeNames[issue.expected] ?? issue.expected}`
    case 'unrecognized_keys':
      return `okänt fält ${issue.keys.map((k) => `"${k}"`).join(', ')}`
    default:
      return /^[a-zåäö]/.test(issue.message) || /[åäö]/.test(issue.message) ? issue.message : 'har ett ogiltigt värde'
  }
}

/** A problem in a questionnaire file: where and what, in Swedish. */
export interface FileProblem { path: string, message: string }

/** One line per problem, as the CLI prints it and the admin page lists it. */
export function problemText (p: FileProblem): string {
  return `${p.path}: ${p.message}`
}

/** Checks a file's shape; the problems name their paths. */
export function parseFileShape (data: unknown): { ok: true, file: QuestionnaireFile } | { ok: false, problems: FileProblem[] } {
  const r = questionnaireFile.safeParse(data, { reportInput: true })
  if (r.success) return { ok: true, file: r.data }
  const problems = r.error.issues.map((i) => ({ path: pathText(i.path), message: issueText(i) }))
  return { ok: false, problems }
}
