import type { MultiAnswer } from '../answers.js'
import type { MultiQuestion } from '../types.js'
import { neutralLabel, word } from '../wording.js'
import { choiceSchema, textSchema } from './form-reader.js'
import type { QuestionKind } from './kind.js'
import { optionList } from './option-list.js'

/** Any number of options as checkboxes, one of which may carry an "Annat, nämligen" text. */
export const multi: QuestionKind<MultiQuestion, MultiAnswer> = {
  ...optionList,
  parse (form, q) {
    const firstId = `${q.id}-${q.options[0]?.id}`
    const raw = form.many(q.id)
    const other = form.one(q, `${q.id}.other`, `${q.id}-other-text`)
    const otherOption = q.options.find((o) => o.other === true)
    const st = { selected: [...new Set(raw)].slice(0, q.options.length + 1), other }
    if (raw.length > q.options.length * 4) form.fail(q, firstId, 'För många val skickades. Ladda om sidan och försök igen.')
    const ids = q.options.map((o) => o.id)
    const selected = st.selected.filter((v) => form.check(choiceSchema(ids), v, q, firstId) !== undefined)
    const otherText = form.check(textSchema(q.otherMaxLength), other.trim(), q, `${q.id}-other-text`)
    if (otherOption !== undefined && otherText !== undefined && otherText !== '' && !selected.includes(otherOption.id)) {
      selected.push(otherOption.id)
      st.selected.push(otherOption.id)
    }
    const ordered = ids.filter((id) => selected.includes(id))
    const keepOther = otherOption !== undefined && ordered.includes(otherOption.id) && otherText !== undefined && otherText !== ''
    if (ordered.length === 0) return [st, null]
    return [st, { selected: ordered, other: keepOther ? otherText : null }]
  },
  state: (_q, value) => ({ selected: value?.selected ?? [], other: value?.other ?? '' }),
  answered: (_q, value) => value.selected.length > 0,
  view (q, state, ctx) {
    const s = state as { selected: string[], other: string }
    return {
      error: ctx.errors.get(`${q.id}-${q.options[0]?.id}`) ?? null,
      options: q.options.map((o) => ({ value: o.id, label: word(o.label, ctx.kind), checked: s.selected.includes(o.id), other: o.other === true })),
      other: s.other,
      otherMaxLength: q.otherMaxLength,
      otherError: ctx.errors.get(`${q.id}-other-text`) ?? null
    }
  },
  describe (q, value, ctx) {
    return {
      lines: value.selected.map((id) => {
        const o = q.options.find((x) => x.id === id)
        if (o?.other === true) return value.other === null ? 'Annat' : `Annat: ${value.other}`
        return o === undefined ? id : word(o.label, ctx.kind)
      })
    }
  },
  toStored: (_q, value) => ({ choices: value.selected, texts: value.other === null ? {} : { other: value.other } as Record<string, string>, rows: [] }),
  fromStored (q, stored) {
    // Options this version does not have (an answer carried over from another version) are left out.
    const order = q.options.map((o) => o.id)
    const selected = stored.choices.filter((c) => order.includes(c))
    if (selected.length === 0) return undefined
    const other = q.options.find((o) => o.other === true)
    return { selected: selected.sort((a, b) => order.indexOf(a) - order.indexOf(b)), other: other !== undefined && selected.includes(other.id) ? stored.texts.other ?? null : null }
  },
  columns: (q) => [
    ...q.options.map((o) => ({ header: `${q.id}_${o.id}`, value: (a: unknown) => a === undefined || a === null ? null : (a as MultiAnswer).selected.includes(o.id) ? 1 : 0 })),
    { header: `${q.id}_other_text`, value: (a: unknown) => (a as MultiAnswer | undefined | null)?.other ?? null }
  ],
  codebook: (q) => q.options.map((o) => [o.id, '', neutralLabel(o)]),
  tally (_q, value, add) { for (const o of value.selected) add(`opt=${o}`) },
  figures (q, t, push) {
    const base = t('answered')
    for (const o of q.options) push(o.id, 'organisations', base, t(`opt=${o.id}`), neutralLabel(o))
  },
  freeText (q) {
    const other = q.options.find((o) => o.other === true)
    return { field: 'other', label: other === undefined ? null : neutralLabel(other) }
  }
}
