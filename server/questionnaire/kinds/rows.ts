import type { RowAnswer } from '../answers.js'
import { countryCodeFromName, countryHint, countryName, parseCountryList } from '../countries.js'
import type { RowField, RowsQuestion } from '../types.js'
import { neutralLabel, word } from '../wording.js'
import { choiceSchema, type FormReader, textSchema } from './form-reader.js'
import type { QuestionKind, RowChanges } from './kind.js'
import { rowList } from './row-list.js'
import { hasValues, OPEN, PREVIOUS, rowNotice, rowsView, STILL } from './rows-view.js'

type RowState = Record<string, string>

export { OPEN, PREVIOUS, rowNotice, STILL } from './rows-view.js'

/** Rows of last round's answer, shown in a new round: each asks the question's carry-over question (whether it goes on). */
function markPrevious (q: RowsQuestion, state: RowState[]): RowState[] {
  return q.carryOver === undefined ? state : state.map((r) => ({ ...r, [PREVIOUS]: '1', [STILL]: '' }))
}

/** A stored cell as this version reads it: a choice this version does not have (carried over from another version) is blank. */
function storedCell (f: RowField, v: unknown): string | string[] | null {
  if (f.type === 'countries') return (v ?? []) as string[]
  if (f.type === 'choice' && !f.options.some((o) => o.id === v)) return null
  return (v ?? null) as string | null
}

/** The highest row index a form may name; pages never show more rows than a question's maximum. */
const MAX_ROW_INDEX = 9999

function unknownCountry (given: string[]): string {
  const names = [...new Set(given)]
  const hint = names.map(countryHint).find((h) => h !== null)
  return hint ?? `Känner inte igen ${names.slice(0, 5).map((n) => `”${n}”`).join(', ')} som land. Skriv landets namn på svenska, till exempel Tyskland, eller välj i listan.`
}

function parseField (form: FormReader, q: RowsQuestion, f: RowField, raw: string, id: string, where: string): string | string[] | null {
  switch (f.type) {
    case 'text':
      if (raw === '') {
        form.fail(q, id, `Fyll i ${f.label.toLowerCase()}, eller töm hela raden.`, where)
        return null
      }
      return form.check(textSchema(f.maxLength), raw, q, id, where) ?? null
    case 'country': {
      if (raw === '') return null
      const code = countryCodeFromName(raw)
      if (code === undefined) form.fail(q, id, unknownCountry([raw]), where)
      return code ?? null
    }
    case 'choice':
      return raw === '' ? null : (form.check(choiceSchema(f.options.map((o) => o.id)), raw, q, id, where) ?? null)
    case 'countries': {
      if (form.check(textSchema(2000), raw, q, id, where) === undefined) return []
      const { codes, unknown } = parseCountryList(raw)
      if (unknown.length > 0) { form.fail(q, id, unknownCountry(unknown), where); return [] }
      if (codes.length > f.maxCountries) { form.fail(q, id, `Ange högst ${f.maxCountries} länder.`, where); return [] }
      return codes
    }
  }
}

function fieldState (f: RowField, v: unknown): string {
  if (Array.isArray(v)) return v.map((c) => countryName(String(c))).join(', ')
  if (typeof v !== 'string') return ''
  return f.type === 'country' ? countryName(v) : v
}

function cellText (f: RowField, v: unknown, kind: 'municipality' | 'region'): string {
  if (v === null || v === undefined || (Array.isArray(v) && v.length === 0)) return '–'
  if (f.type === 'country') return countryName(String(v))
  if (f.type === 'countries') return (v as string[]).map(countryName).join(', ')
  if (f.type === 'choice') return word(f.options.find((o) => o.id === v)?.label ?? String(v), kind)
  return String(v)
}

/** A row's identity across rounds (its texts and countries), and the row named in one line ("Tver (Ryssland)"). */
function rowKey (q: RowsQuestion, row: Record<string, unknown>): string {
  return q.fields.filter((f) => f.type === 'text' || f.type === 'country').map((f) => String(row[f.id] ?? '').trim().toLowerCase()).join('|')
}

function rowText (q: RowsQuestion, row: Record<string, unknown>, kind: 'municipality' | 'region'): string {
  const named = q.fields.filter((f) => f.type === 'text' || f.type === 'country').map((f) => cellText(f, row[f.id], kind))
  return named.length === 0 ? q.fields.map((f) => cellText(f, row[f.id], kind)).join(', ') : `${named[0]}${named.length > 1 ? ` (${named.slice(1).join(', ')})` : ''}`
}

function rowChanges (q: RowsQuestion, before: RowAnswer[] | null, now: RowAnswer[] | null, kind: 'municipality' | 'region'): RowChanges {
  const nowKeys = new Set((now ?? []).map((r) => rowKey(q, r)))
  const beforeKeys = new Set((before ?? []).map((r) => rowKey(q, r)))
  return {
    ended: (before ?? []).filter((r) => !nowKeys.has(rowKey(q, r))).map((r) => rowText(q, r, kind)),
    added: (now ?? []).filter((r) => !beforeKeys.has(rowKey(q, r))).map((r) => rowText(q, r, kind))
  }
}

/** A table of rows (twin towns, collaborations), each row a few fields; stored one row per row. */
export const rows: QuestionKind<RowsQuestion, RowAnswer[]> = {
  ...rowList,
  rowChanges: (q, before, now, ctx) => rowChanges(q, before, now, ctx.kind),
  parse (form, q) {
    const pattern = new RegExp(`^${q.id}\\.(\\d{1,6})\\.([a-z_]+)$`)
    const byIndex = new Map<number, RowState>()
    let tooMany = false
    for (const key of Object.keys(form.body)) {
      const m = pattern.exec(key)
      if (m === null) continue
      const index = Number(m[1])
      const id = m[2] as string
      const field = q.fields.find((f) => f.id === id)
      if (field === undefined && id !== PREVIOUS && id !== STILL && id !== OPEN) continue
      if (index > MAX_ROW_INDEX) { tooMany = true; continue }
      const row = byIndex.get(index) ?? {}
      row[id] = form.one(q, key, `${q.id}-${byIndex.size}-${id}`)
      byIndex.set(index, row)
    }
    const given = [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([, r]) => r)
    const st = given.map((r): RowState => {
      const out: RowState = Object.fromEntries(q.fields.map((f) => [f.id, r[f.id] ?? '']))
      if (r[PREVIOUS] === '1') { out[PREVIOUS] = '1'; out[STILL] = r[STILL] ?? '' }
      if (r[OPEN] === '1') out[OPEN] = '1'
      return out
    })
    const filled = st.map((r, i) => [r, i] as const).filter(([r]) => hasValues(r))
    // A row from last round must say whether it goes on; one that ended is left out of this round's answers.
    const kept = filled.filter(([r, i]) => {
      if (r[PREVIOUS] !== '1') return true
      const still = r[STILL] ?? ''
      if (still === 'avslutat') return false
      if (still !== 'kvar') form.fail(q, `${q.id}-${i}-${STILL}`, q.carryOver?.missing ?? 'Välj ett svar.', `, rad ${i + 1}`)
      return true
    })
    if (tooMany || kept.length > q.maxRows) form.fail(q, q.id, `Ni kan ange högst ${q.maxRows} ${q.maxRows === 1 ? 'rad' : 'rader'}. Ta bort rader innan ni sparar.`)
    const answer = kept.slice(0, q.maxRows).map(([r, i]) => {
      const out: RowAnswer = {}
      for (const f of q.fields) out[f.id] = parseField(form, q, f, (r[f.id] ?? '').trim(), `${q.id}-${i}-${f.id}`, `, rad ${i + 1}, ${f.label.toLowerCase()}`)
      return out
    })
    return [st, answer.length > 0 ? answer : null]
  },
  state: (q, value) => (value ?? []).map((r) => Object.fromEntries(q.fields.map((f) => [f.id, fieldState(f, r[f.id])]))),
  prefillState: (q, value) => markPrevious(q, (value ?? []).map((r) => Object.fromEntries(q.fields.map((f) => [f.id, fieldState(f, r[f.id])])))),
  answered: (_q, value) => value.length > 0,
  view: (q, state, ctx) => rowsView(q, state as RowState[], ctx),
  describe: (q, value, ctx) => ({
    table: {
      headers: q.fields.map((f) => f.label),
      rows: value.map((r) => ({ cells: q.fields.map((f) => cellText(f, r[f.id], ctx.kind)), notice: rowNotice(q, r, ctx.icld) }))
    }
  }),
  toStored: (_q, value) => ({ choices: [], texts: {}, rows: value }),
  fromStored: (q, stored) => stored.rows.length === 0
    ? undefined
    : stored.rows.map((r) => Object.fromEntries(q.fields.map((f) => [f.id, storedCell(f, r[f.id])]))),
  columns (q, count) {
    const cols = []
    for (let n = 1; n <= count; n++) {
      for (const f of q.fields) {
        cols.push({
          header: `${q.id}_${n}_${f.id}`,
          value: (a: unknown) => {
            const v = (a as RowAnswer[] | undefined | null)?.[n - 1]?.[f.id]
            return v === undefined || v === null ? null : Array.isArray(v) ? v.join(' ') : v
          }
        })
      }
    }
    return cols
  },
  codebook: (q) => q.fields.flatMap((f): Array<[string, string, string]> => [
    [f.id, f.type, f.label],
    ...(f.type === 'choice' ? f.options.map((o): [string, string, string] => [`${f.id}=${o.id}`, '', neutralLabel(o)]) : [])
  ]),
  tally (q, value, add) {
    for (const r of value) {
      add('rows')
      for (const f of q.fields) {
        const v = r[f.id]
        if (f.type === 'choice') add(`${f.id}=${typeof v === 'string' ? v : 'blank'}`)
        if (f.type === 'country' && typeof v === 'string') { add(`${f.id}:set`); add(`${f.id}=${v}`) }
      }
    }
  },
  figures (q, t, push) {
    const total = t('rows')
    for (const f of q.fields) {
      if (f.type === 'choice') {
        for (const o of f.options) push(`${f.id}=${o.id}`, 'rows', total, t(`${f.id}=${o.id}`), neutralLabel(o))
        push(`${f.id}=blank`, 'rows', total, t(`${f.id}=blank`), `${f.label} ej angiven`)
      }
      if (f.type === 'country') {
        const base = t(`${f.id}:set`)
        const counts = t.keys(`${f.id}=`).map(([key, n]) => [key.slice(f.id.length + 1), n] as const)
        counts.sort((a, b) => b[1] - a[1] || countryName(a[0]).localeCompare(countryName(b[0]), 'sv'))
        for (const [code, n] of counts) push(`${f.id}=${code}`, 'rows', base, n, countryName(code))
      }
    }
  }
}
