import type { TextQuestion } from '../types.js'
import { textSchema } from './form-reader.js'
import type { QuestionKind } from './kind.js'

/** A free text; its figure is only how many wrote one (the texts themselves are read on the free-text page). */
export const text: QuestionKind<TextQuestion, string> = {
  parse (form, q) {
    const raw = form.one(q, q.id, q.id)
    const v = form.check(textSchema(q.maxLength), raw.trim(), q, q.id)
    return [raw, v === undefined || v === '' ? null : v]
  },
  state: (_q, value) => value ?? '',
  answered: (_q, value) => value !== '',
  view: (q, state) => ({ value: state, maxLength: q.maxLength }),
  describe: (_q, value) => ({ paragraphs: value.split(/\n\s*\n/) }),
  toStored: (_q, value) => ({ choices: [], texts: { text: value }, rows: [] }),
  fromStored: (_q, stored) => stored.texts.text,
  columns: (q) => [{ header: q.id, value: (a) => typeof a === 'string' ? a : null }],
  codebook: () => [],
  tally () {},
  figures (_q, t, push) {
    push('answered', 'organisations', t('applies'), t('answered'), 'Har skrivit en kommentar')
  },
  tables: (q, heading) => [{ id: q.id, title: `${heading.title}: har skrivit något`, unit: 'organisations', prefix: '' }],
  optionLabels: () => new Map(),
  appendix: () => ['Fritext'],
  lacking: () => [],
  freeText: () => ({ field: 'text', label: null })
}
