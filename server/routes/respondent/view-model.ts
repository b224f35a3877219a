import { escapeHtml } from '../../html.js'
import type { Answers, ContactAnswer, MultiAnswer, RowAnswer } from '../../questionnaire/answers.js'
import { isAnswered } from '../../questionnaire/answers.js'
import { countryCodeFromName, countryList, countryName } from '../../questionnaire/countries.js'
import { question, questionNumber, sections } from '../../questionnaire/definition.js'
import type { FieldError, FormState, MultiState, RowState } from '../../questionnaire/form.js'
import type { Condition, OrganisationKind, Question, RowsQuestion, Section } from '../../questionnaire/types.js'
import { isQuestionVisible, isSectionVisible, visibleSections } from '../../questionnaire/visibility.js'
import { fillOrg, word } from '../../questionnaire/wording.js'

// About 250 countries in every twin-town row make up most of a section page, so the list is written as short as
// HTML allows: no value attribute (an option's value is then its text, the Swedish name, which the form takes) and
// no end tags. The offset of each country's option is kept to mark the chosen one.
const optionAt = new Map<string, number>()
let allCountryOptions = ''
for (const c of countryList) {
  optionAt.set(c.code, allCountryOptions.length)
  allCountryOptions += `<option>${escapeHtml(c.name)}`
}

/** The country <option> list, built once; only the chosen one (by code or name) is marked per row. */
function countryOptionsHtml (selected: string): string {
  const code = countryCodeFromName(selected)
  const at = code === undefined ? undefined : optionAt.get(code)
  if (at === undefined) return allCountryOptions
  return `${allCountryOptions.slice(0, at)}<option selected>${allCountryOptions.slice(at + '<option>'.length)}`
}

/** The notice shown beside a municipal partnership outside ICLD's countries. */
export function icldNotice (row: { form?: unknown, country?: unknown }, icld: ReadonlySet<string>): string | null {
  if (row.form !== 'municipal_partnership' || typeof row.country !== 'string' || row.country === '' || icld.has(row.country)) return null
  return `Kommunala partnerskap finns bara med ICLD:s samarbetsländer, och ${countryName(row.country)} är inte ett av dem. Kontrollera samarbetsformen: är det en vänort?`
}

function conditionText (c: Condition): string {
  const parts = c.clauses.map((cl) => {
    const q = question(cl.question)
    const option = q.type === 'single' ? q.options.find((o) => o.id === cl.equals) : undefined
    return `${option === undefined ? cl.equals : word(option.label, 'municipality')} på fråga ${questionNumber(cl.question)}`
  })
  return `Besvaras bara om ni har svarat ${parts.join(c.mode === 'all' ? ' och ' : ' eller ')}.`
}

function showWhenAttr (c: Condition | undefined): string {
  if (c === undefined) return ''
  return `${c.mode}:${c.clauses.map((cl) => `${cl.question}=${cl.equals}`).join(',')}`
}

/** What the section template needs for each question: texts filled in, values and errors placed. */
export function questionViews (section: Section, kind: OrganisationKind, state: FormState, errors: FieldError[], extraRows: number, icld: ReadonlySet<string>): unknown[] {
  const errorById = new Map<string, string>()
  for (const e of errors) if (!errorById.has(e.id)) errorById.set(e.id, e.message)
  return section.questions.map((q) => {
    const base = {
      id: q.id,
      type: q.type,
      number: questionNumber(q.id),
      text: fillOrg(q.text, kind),
      hint: q.hint ?? null,
      condition: q.showWhen === undefined ? null : conditionText(q.showWhen),
      showWhen: showWhenAttr(q.showWhen),
      error: errorById.get(q.id) ?? null,
      errorById: Object.fromEntries(errorById)
    }
    switch (q.type) {
      case 'single': {
        const value = state[q.id] as string
        return { ...base, error: errorById.get(`${q.id}-${q.options[0].id}`) ?? null, options: q.options.map((o) => ({ value: o.id, label: word(o.label, kind), checked: value === o.id })) }
      }
      case 'multi': {
        const s = state[q.id] as MultiState
        return {
          ...base,
          error: errorById.get(`${q.id}-${q.options[0].id}`) ?? null,
          options: q.options.map((o) => ({ value: o.id, label: word(o.label, kind), checked: s.selected.includes(o.id), other: o.other === true })),
          other: s.other,
          otherMaxLength: q.otherMaxLength,
          otherError: errorById.get(`${q.id}-other-text`) ?? null
        }
      }
      case 'text':
        return { ...base, value: state[q.id] as string, maxLength: q.maxLength }
      case 'contact': {
        const s = state[q.id] as Record<string, string>
        return { ...base, fields: q.fields.map((f) => ({ ...f, value: s[f.id] ?? '', error: errorById.get(`${q.id}-${f.id}`) ?? null })) }
      }
      case 'rows':
        return rowsView(q, base, state[q.id] as RowState[], errorById, extraRows, icld)
    }
  })
}

function rowsView (q: RowsQuestion, base: Record<string, unknown>, rows: RowState[], errorById: Map<string, string>, extraRows: number, icld: ReadonlySet<string>): unknown {
  const empty = Object.fromEntries(q.fields.map((f) => [f.id, '']))
  const filled = rows.filter((r) => Object.values(r).some((v) => v.trim() !== ''))
  const wanted = Math.max(1, extraRows)
  const shown = [...rows]
  const emptyShown = rows.length - filled.length
  for (let i = emptyShown; i < wanted && shown.length < q.maxRows; i++) shown.push({ ...empty })
  return {
    ...base,
    rowLabel: q.rowLabel,
    maxRows: q.maxRows,
    canAdd: shown.length < q.maxRows,
    rows: shown.map((r, i) => ({
      index: i,
      notice: icldNotice(r, icld),
      fields: q.fields.map((f) => ({
        id: f.id,
        inputId: `${q.id}-${i}-${f.id}`,
        name: `${q.id}.${i}.${f.id}`,
        label: f.label,
        type: f.type,
        hint: f.type === 'countries' ? f.hint : null,
        maxLength: f.type === 'text' ? f.maxLength : null,
        value: r[f.id] ?? '',
        choices: f.type === 'choice' ? f.options.map((o) => ({ value: o.id, label: word(o.label, 'municipality') })) : null,
        countryOptions: f.type === 'country' ? countryOptionsHtml(r[f.id] ?? '') : null,
        error: errorById.get(`${q.id}-${i}-${f.id}`) ?? null
      }))
    }))
  }
}

export interface Step { id: string, letter: string, title: string, href: string, current: boolean, saved: boolean }

/** The progress indicator: the shown sections and the review step. */
export function progressSteps (answers: Answers, versions: Record<string, unknown>, current: string): { steps: Step[], position: number, total: number } {
  const shown = visibleSections(answers)
  const steps: Step[] = shown.map((s) => ({
    id: s.id, letter: s.letter, title: s.title, href: `/enkat/del/${s.id}`, current: s.id === current, saved: versions[s.id] !== undefined
  }))
  steps.push({ id: 'review', letter: '', title: 'Granska och skicka in', href: '/enkat/granska', current: current === 'review', saved: false })
  const position = Math.max(1, steps.findIndex((s) => s.current) + 1)
  return { steps, position, total: steps.length }
}

/** An answer written out for the review page and read-only views. */
export function describeAnswer (q: Question, answers: Answers, kind: OrganisationKind, icld: ReadonlySet<string>): unknown {
  const value = answers[q.id]
  if (!isAnswered(q, value)) return { blank: true }
  switch (q.type) {
    case 'single': {
      const o = q.options.find((x) => x.id === value)
      return { lines: [o === undefined ? String(value) : word(o.label, kind)] }
    }
    case 'multi': {
      const m = value as MultiAnswer
      return {
        lines: m.selected.map((id) => {
          const o = q.options.find((x) => x.id === id)
          if (o?.other === true) return m.other === null ? 'Annat' : `Annat: ${m.other}`
          return o === undefined ? id : word(o.label, kind)
        })
      }
    }
    case 'text':
      return { paragraphs: String(value).split(/\n\s*\n/) }
    case 'contact': {
      const c = value as ContactAnswer
      return { pairs: q.fields.filter((f) => c[f.id] !== null && c[f.id] !== undefined).map((f) => ({ label: f.label, value: c[f.id] })) }
    }
    case 'rows': {
      const rows = value as RowAnswer[]
      return {
        table: {
          headers: q.fields.map((f) => f.label),
          rows: rows.map((r) => ({
            cells: q.fields.map((f) => {
              const v = r[f.id]
              if (v === null || v === undefined || (Array.isArray(v) && v.length === 0)) return '–'
              if (f.type === 'country') return countryName(v as string)
              if (f.type === 'countries') return (v as string[]).map(countryName).join(', ')
              if (f.type === 'choice') return word(f.options.find((o) => o.id === v)?.label ?? String(v), kind)
              return String(v)
            }),
            notice: q.id === 'q04' ? icldNotice(r, icld) : null
          }))
        }
      }
    }
  }
}

/** Every section with its shown questions and answers written out; skipped sections say why. */
export function reviewSections (answers: Answers, kind: OrganisationKind, icld: ReadonlySet<string>, onlySection?: string): unknown[] {
  return sections.filter((s) => onlySection === undefined || s.id === onlySection).map((s) => ({
    id: s.id,
    letter: s.letter,
    title: s.title,
    skipped: !isSectionVisible(s, answers),
    skippedBecause: s.skippedBecause ?? null,
    questions: s.questions.filter((q) => isQuestionVisible(s, q, answers)).map((q) => ({
      id: q.id,
      number: questionNumber(q.id),
      text: fillOrg(q.text, kind),
      answer: describeAnswer(q, answers, kind, icld)
    }))
  }))
}
