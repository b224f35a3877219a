import { z } from 'zod'
import type { ContactAnswer } from '../answers.js'
import type { ContactQuestion } from '../types.js'
import { textSchema } from './form-reader.js'
import type { QuestionKind } from './kind.js'

const emailSchema = z.email({ error: 'Ange en giltig e-postadress, till exempel namn@kommun.se.' }).max(254, { error: 'E-postadressen är för lång.' })
const phoneSchema = z.string().regex(/^[0-9 +()\-–]*$/, { error: 'Ange telefonnumret med siffror, till exempel 08-452 70 00.' })

/** Personal contact details: never in results or published figures, in exports only when asked for, and purged after the round. */
export const contact: QuestionKind<ContactQuestion, ContactAnswer> = {
  parse (form, q) {
    const st: Record<string, string> = {}
    const answer: ContactAnswer = {}
    for (const f of q.fields) {
      const id = `${q.id}-${f.id}`
      const raw = form.one(q, `${q.id}.${f.id}`, id)
      st[f.id] = raw
      const trimmed = form.check(textSchema(f.maxLength), raw.trim(), q, id, `, ${f.label.toLowerCase()}`)
      if (trimmed === undefined || trimmed === '') { answer[f.id] = null; continue }
      const extra = f.input === 'email' ? emailSchema : f.input === 'tel' ? phoneSchema : undefined
      answer[f.id] = extra === undefined ? trimmed : (form.check(extra, trimmed, q, id, `, ${f.label.toLowerCase()}`) ?? null)
    }
    return [st, Object.values(answer).some((v) => v !== null) ? answer : null]
  },
  state: (q, value) => Object.fromEntries(q.fields.map((f) => [f.id, value?.[f.id] ?? ''])),
  answered: (_q, value) => Object.values(value).some((v) => v !== null && v !== ''),
  view (q, state, ctx) {
    const s = state as Record<string, string>
    return { fields: q.fields.map((f) => ({ ...f, value: s[f.id] ?? '', error: ctx.errors.get(`${q.id}-${f.id}`) ?? null })) }
  },
  describe: (q, value) => ({ pairs: q.fields.filter((f) => value[f.id] !== null && value[f.id] !== undefined).map((f) => ({ label: f.label, value: value[f.id] ?? '' })) }),
  toStored: (_q, value) => ({ choices: [], texts: Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => e[1] !== null)), rows: [] }),
  fromStored (q, stored) {
    if (Object.keys(stored.texts).length === 0) return undefined
    return Object.fromEntries(q.fields.map((f) => [f.id, stored.texts[f.id] ?? null]))
  },
  columns: (q, _rows, includeContacts) => includeContacts
    ? q.fields.map((f) => ({ header: `${q.id}_${f.id}`, value: (a: unknown) => (a as ContactAnswer | undefined | null)?.[f.id] ?? null }))
    : [],
  codebook: (q) => q.fields.map((f) => [f.id, 'contact', f.label]),
  tally () {},
  figures () {},
  tables: () => [],
  optionLabels: (q) => new Map(q.fields.map((f) => [f.id, f.label])),
  appendix: (q) => q.fields.map((f) => f.label),
  lacking: () => []
}
