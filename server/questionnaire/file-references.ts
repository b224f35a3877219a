import { mailPlaceholders, unknownPlaceholders } from '../mail/placeholders.js'
import type { FileCondition, FileProblem, FileQuestion, QuestionnaireFile } from './file-format.js'

// What refers to what in a questionnaire file, checked after its shape: every id unique where it must be, every
// condition naming an earlier single-choice question and one of its options, every question in exactly one result
// chapter, the contact question a contact question, `{fråga:id}` naming a question, mail texts holding only known placeholders.

/** The `{fråga:q01}` references in a text, which become "fråga 1" with the question's number. */
export const QUESTION_REF = /\{fråga:([a-z][a-z0-9_]*)\}/g

type Problems = FileProblem[]

function duplicates (ids: string[], path: (i: number) => string, problems: Problems, what = 'finns två gånger'): void {
  const seen = new Set<string>()
  ids.forEach((id, i) => {
    if (seen.has(id)) problems.push({ path: path(i), message: `"${id}" ${what}` })
    seen.add(id)
  })
}

function checkCondition (c: FileCondition | undefined, path: string, earlier: ReadonlyMap<string, FileQuestion>, problems: Problems): void {
  if (c === undefined) return
  const [mode, clauses] = 'alla' in c ? ['alla', c.alla] as const : ['någon', c.någon] as const
  clauses.forEach((cl, i) => {
    const where = `${path}.${mode}[${i}]`
    const q = earlier.get(cl.fråga)
    if (q === undefined) {
      problems.push({ path: `${where}.fråga`, message: `"${cl.fråga}" är inte en fråga före den här` })
    } else if (q.typ !== 'single') {
      problems.push({ path: `${where}.fråga`, message: `"${cl.fråga}" är inte en fråga med ett svarsalternativ (typ single)` })
    } else if (!q.alternativ.some((o) => o.id === cl.svar)) {
      problems.push({ path: `${where}.svar`, message: `"${cl.svar}" är inte ett alternativ i ${cl.fråga}` })
    }
  })
}

function checkQuestion (q: FileQuestion, path: string, problems: Problems): void {
  if (q.typ === 'single' || q.typ === 'multi') {
    duplicates(q.alternativ.map((o) => o.id), (i) => `${path}.alternativ[${i}].id`, problems)
    const others = q.alternativ.flatMap((o, i) => o.annat === true ? [i] : [])
    if (q.typ === 'single') for (const i of others) problems.push({ path: `${path}.alternativ[${i}].annat`, message: 'bara flervalsfrågor (typ multi) kan ha ett alternativ med fritext' })
    if (q.typ === 'multi') for (const i of others.slice(1)) problems.push({ path: `${path}.alternativ[${i}].annat`, message: 'bara ett alternativ i en fråga kan ha fritext' })
  }
  if (q.typ === 'rows' || q.typ === 'contact') duplicates(q.fält.map((f) => f.id), (i) => `${path}.fält[${i}].id`, problems)
  if (q.typ !== 'rows') return
  q.fält.forEach((f, i) => { if (f.typ === 'val') duplicates(f.alternativ.map((o) => o.id), (j) => `${path}.fält[${i}].alternativ[${j}].id`, problems) })
  const check = q.icld_kontroll
  if (check === undefined) return
  const field = q.fält.find((f) => f.id === check.fält)
  if (field === undefined || field.typ !== 'val') problems.push({ path: `${path}.icld_kontroll.fält`, message: `"${check.fält}" är inte ett valfält (typ val) i frågan` })
  else if (!field.alternativ.some((o) => o.id === check.svar)) problems.push({ path: `${path}.icld_kontroll.svar`, message: `"${check.svar}" är inte ett alternativ i fältet ${check.fält}` })
  if (!q.fält.some((f) => f.id === check.landfält && f.typ === 'land')) problems.push({ path: `${path}.icld_kontroll.landfält`, message: `"${check.landfält}" är inte ett landfält (typ land) i frågan` })
}

function checkRefs (textValue: string | undefined, path: string, known: ReadonlySet<string>, problems: Problems): void {
  for (const m of (textValue ?? '').matchAll(QUESTION_REF)) {
    if (!known.has(m[1] ?? '')) problems.push({ path, message: `{fråga:${m[1]}} nämner en fråga som inte finns` })
  }
}

/** Every {…} in the mail texts that is not a placeholder: it would reach every recipient as typed. */
function checkMailTexts (file: QuestionnaireFile, problems: Problems): void {
  const allowed = mailPlaceholders.map((p) => p.name).join(' och ')
  for (const [kind, m] of Object.entries(file.utskick ?? {})) {
    for (const [field, value] of [['ämne', m.ämne], ['text', m.text]] as const) {
      for (const p of unknownPlaceholders(value)) problems.push({ path: `utskick.${kind}.${field}`, message: `${p} är ingen platshållare; tillåtna är ${allowed}` })
    }
  }
}

/** Every problem with what the file's parts refer to; empty when the file is whole. */
export function checkReferences (file: QuestionnaireFile): FileProblem[] {
  const problems: Problems = []
  duplicates(file.begrepp.map((t) => t.id), (i) => `begrepp[${i}].id`, problems)
  duplicates(file.delar.map((s) => s.id), (i) => `delar[${i}].id`, problems)
  duplicates(file.delar.map((s) => s.bokstav), (i) => `delar[${i}].bokstav`, problems)
  const all = file.delar.flatMap((s, si) => s.frågor.map((q, qi) => ({ q, path: `delar[${si}].frågor[${qi}]` })))
  duplicates(all.map((x) => x.q.id), (i) => `${all[i]?.path ?? ''}.id`, problems)
  const terms = new Set(file.begrepp.map((t) => t.id))
  const ids = new Set(all.map((x) => x.q.id))
  const earlier = new Map<string, FileQuestion>()
  file.delar.forEach((s, si) => {
    checkCondition(s.visas_när, `delar[${si}].visas_när`, earlier, problems)
    checkRefs(s.hoppas_över, `delar[${si}].hoppas_över`, ids, problems)
    s.begrepp.forEach((t, i) => { if (!terms.has(t)) problems.push({ path: `delar[${si}].begrepp[${i}]`, message: `"${t}" finns inte bland begreppen` }) })
    s.frågor.forEach((q, qi) => {
      const path = `delar[${si}].frågor[${qi}]`
      checkCondition(q.visas_när, `${path}.visas_när`, earlier, problems)
      checkQuestion(q, path, problems)
      earlier.set(q.id, q)
    })
  })
  const listed = file.resultatkapitel.flatMap((c, ci) => c.frågor.map((q, i) => ({ q, path: `resultatkapitel[${ci}].frågor[${i}]` })))
  duplicates(listed.map((x) => x.q), (i) => listed[i]?.path ?? '', problems, 'står i mer än ett resultatkapitel')
  for (const x of listed) if (!ids.has(x.q)) problems.push({ path: x.path, message: `"${x.q}" är inte en fråga i formuläret` })
  for (const x of all) if (!listed.some((l) => l.q === x.q.id)) problems.push({ path: `${x.path}.id`, message: `"${x.q.id}" står inte i något resultatkapitel` })
  duplicates(file.resultatkapitel.map((c) => c.flik), (i) => `resultatkapitel[${i}].flik`, problems)
  if (file.kontaktfråga !== null) {
    const contact = all.find((x) => x.q.id === file.kontaktfråga)
    if (contact === undefined) problems.push({ path: 'kontaktfråga', message: `"${file.kontaktfråga}" är inte en fråga i formuläret` })
    else if (contact.q.typ !== 'contact') problems.push({ path: 'kontaktfråga', message: `"${file.kontaktfråga}" är inte en kontaktfråga (typ contact)` })
  }
  checkMailTexts(file, problems)
  return problems
}
