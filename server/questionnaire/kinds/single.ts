import type { SingleQuestion } from '../types.js'
import { neutralLabel, word } from '../wording.js'
import { choiceSchema } from './form-reader.js'
import type { QuestionKind } from './kind.js'
import { optionList } from './option-list.js'

/** One option of several, as radio buttons; stored as one chosen option. */
export const single: QuestionKind<SingleQuestion, string> = {
  ...optionList,
  parse (form, q) {
    const id = `${q.id}-${q.options[0]?.id}`
    const raw = form.one(q, q.id, id)
    if (raw === '') return ['', null]
    const v = form.check(choiceSchema(q.options.map((o) => o.id)), raw, q, id)
    return [raw, v ?? null]
  },
  state: (_q, value) => value ?? '',
  answered: (_q, value) => value !== '',
  view (q, state, ctx) {
    return {
      error: ctx.errors.get(`${q.id}-${q.options[0]?.id}`) ?? null,
      options: q.options.map((o) => ({ value: o.id, label: word(o.label, ctx.kind), checked: state === o.id }))
    }
  },
  describe (q, value, ctx) {
    const o = q.options.find((x) => x.id === value)
    return { lines: [o === undefined ? value : word(o.label, ctx.kind)] }
  },
  toStored: (_q, value) => ({ choices: [value], texts: {}, rows: [] }),
  // An option this version does not have (an answer carried over from another version) is no answer.
  fromStored: (q, stored) => q.options.find((o) => o.id === stored.choices[0])?.id,
  columns: (q) => [{ header: q.id, value: (a) => typeof a === 'string' ? a : null }],
  codebook: (q) => q.options.map((o) => [o.id, '', neutralLabel(o)]),
  tally (_q, value, add) { add(`opt=${value}`) },
  figures (q, t, push) {
    const base = t('answered')
    for (const o of q.options) push(o.id, 'organisations', base, t(`opt=${o.id}`), neutralLabel(o))
  },
  conditionOption: (q, optionId) => q.options.find((o) => o.id === optionId)
}
