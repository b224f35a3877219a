import type { Db } from '../db/database.js'
import { classificationGroups, roundClassification } from '../db/reference-data.js'
import type { Figure } from './figures.js'

// Small-cell protection for every published output (publicering.csv/xlsx, the report page and rapport.docx).
// Primary: a count of 1 or 2, or any count of a base under 5, is not published ("–", its percent too).
// Secondary: a hidden count that could be worked out by subtraction from published figures is protected by hiding
// more counts, until no hidden count follows from the published ones by any combination of these sums:
//   - the groups: alla = kommuner + regioner, kommuner = its huvudgrupper, a huvudgrupp = its kommungrupper;
//   - a question's options where their counts add up to the (published) base (a single choice, a rows field);
//   - two options whose counts add up to the base (a figure and its complement, e.g. "något" and "inget");
//   - the mentions of a question, which repeat its counts and add up to their base.
// Bases and response rates are published as they are: they say who answered, not what. So are the figures of a
// register question (`listed`): only Internationella samarbeten's twin-town question, whose every row the public
// register lists with its organisation. Every other question of every survey is protected, whatever its kind or id
// (rows and free text included). results.csv for SKR's own analysts keeps every figure.

/** The smallest base whose counts are published. */
export const MIN_BASE = 5
/** Counts from 1 up to this are not published. */
export const MAX_SMALL_COUNT = 2

/** A sum the published figures obey: Σ coefficient × count of cell = constant. */
export interface Relation { cells: Array<{ key: string, coef: number }>, constant: number }

/** Which groups add up to which: a total group and its parts. */
export type GroupSums = Array<{ total: string, parts: string[] }>

/** The group sums of a round: alla of kommuner and regioner, kommuner of its huvudgrupper, each huvudgrupp of its kommungrupper. */
export async function groupSums (db: Db, roundId: number): Promise<GroupSums> {
  const groups = await classificationGroups(db, await roundClassification(db, roundId))
  const mains = [...new Set(groups.map((g) => g.main_group_code))]
  return [
    { total: 'alla', parts: ['kommuner', 'regioner'] },
    { total: 'kommuner', parts: mains.map((m) => `huvudgrupp=${m}`) },
    ...mains.map((m) => ({ total: `huvudgrupp=${m}`, parts: groups.filter((g) => g.main_group_code === m).map((g) => `kommungrupp=${g.code}`) }))
  ]
}

const family = (option: string): string => option.includes('=') ? option.slice(0, option.indexOf('=')) : ''

/** The key of a figure's count: a mention repeats the count of its option, so both share one key. */
function keyer (figures: Figure[]): (f: Figure) => string {
  const organisations = new Map(figures.filter((f) => f.unit === 'organisations').map((f) => [`${f.question}|${f.option}|${f.group}`, f.count]))
  return (f) => {
    const own = `${f.question}|${f.option}|${f.group}`
    return f.unit === 'mentions' && organisations.get(own) === f.count ? `${own}|organisations` : `${own}|${f.unit}`
  }
}

/**
 * Whether a question's figures are protected: not the response rates (they say who answered, not what) and not a
 * register question's (`listed`, from the survey module: registerQuestions), whose every row is public anyway.
 */
export function protectedQuestion (id: string, listed: ReadonlySet<string>): boolean {
  return id !== 'response' && !listed.has(id)
}

/** The sums the figures obey (see the rule above), among the protected questions' figures. */
export function relations (figures: Figure[], sums: GroupSums, asked: ReadonlySet<string>, listed: ReadonlySet<string>): Relation[] {
  const key = keyer(figures)
  const answers = figures.filter((f) => protectedQuestion(f.question, listed))
  const out: Relation[] = []
  const byOption = new Map<string, Map<string, Figure>>()
  const byFamily = new Map<string, Figure[]>()
  for (const f of answers) {
    const o = `${f.question}|${f.unit}|${f.option}`
    const groups = byOption.get(o) ?? new Map<string, Figure>()
    groups.set(f.group, f)
    byOption.set(o, groups)
    const fam = `${f.question}|${f.unit}|${family(f.option)}|${f.group}`
    byFamily.set(fam, [...(byFamily.get(fam) ?? []), f])
  }
  for (const groups of byOption.values()) {
    for (const s of sums) {
      // A group without a row for the option has none: a published zero.
      const total = groups.get(s.total)
      const parts = s.parts.map((p) => groups.get(p)).filter((p): p is Figure => p !== undefined)
      if (total === undefined) continue
      out.push({ cells: [{ key: key(total), coef: 1 }, ...parts.map((p) => ({ key: key(p), coef: -1 }))], constant: 0 })
    }
  }
  for (const members of byFamily.values()) {
    const first = members[0]
    const base = first?.base ?? 0
    if (first === undefined || base === 0) continue
    if (members.length <= 8 && !asked.has(first.question)) out.push(...inclusionExclusion(members, key))
    if (members.reduce((s, f) => s + f.count, 0) === base) out.push({ cells: members.map((f) => ({ key: key(f), coef: 1 })), constant: base })
    if (members.length > 2) {
      members.forEach((a, i) => {
        for (const b of members.slice(i + 1)) if (a.count + b.count === base) out.push({ cells: [{ key: key(a), coef: 1 }, { key: key(b), coef: 1 }], constant: base })
      })
    }
  }
  out.push(...sameCounts(answers, key, asked))
  return out
}

/** a + b − c = d among a few of the survey's own figures (e.g. "något" = vänorter + andra − båda); zeros say nothing. */
function inclusionExclusion (members: Figure[], key: (f: Figure) => string): Relation[] {
  const out: Relation[] = []
  for (const a of members) {
    for (const b of members) {
      if (key(b) <= key(a)) continue
      for (const c of members) {
        if (c === a || c === b) continue
        for (const d of members) {
          if (d === a || d === b || d === c || c.count === 0 || d.count === 0 || a.count + b.count - c.count !== d.count) continue
          out.push({ cells: [{ key: key(a), coef: 1 }, { key: key(b), coef: 1 }, { key: key(c), coef: -1 }, { key: key(d), coef: -1 }], constant: 0 })
        }
      }
    }
  }
  return out
}

/**
 * A count of the survey's own figures (made from answers, e.g. "vänorter eller partnerskap" from question 1) that
 * equals an answer's count and base in the same group: taken as the same count, so that one is never shown for the other.
 */
function sameCounts (figures: Figure[], key: (f: Figure) => string, asked: ReadonlySet<string>): Relation[] {
  const byCount = new Map<string, Figure[]>()
  for (const f of figures) {
    if (f.count === 0 || !asked.has(f.question)) continue
    const k = `${f.group}|${f.unit}|${f.base}|${f.count}`
    byCount.set(k, [...(byCount.get(k) ?? []), f])
  }
  const out: Relation[] = []
  for (const d of figures) {
    if (asked.has(d.question) || d.count === 0) continue
    for (const a of byCount.get(`${d.group}|${d.unit}|${d.base}|${d.count}`) ?? []) out.push({ cells: [{ key: key(d), coef: 1 }, { key: key(a), coef: -1 }], constant: 0 })
  }
  return out
}

/** Whether a figure's count is not published on its own (primary suppression). */
export function primarySmall (f: Pick<Figure, 'base' | 'count' | 'question'>, listed: ReadonlySet<string>): boolean {
  if (!protectedQuestion(f.question, listed)) return false
  return (f.base > 0 && f.base < MIN_BASE) || (f.count >= 1 && f.count <= MAX_SMALL_COUNT)
}

/**
 * The figures whose counts are not published: the small ones, and the ones hidden beside them so that none of them
 * can be worked out from the published figures through the sums (checked by elimination, not only one sum at a time).
 */
export function suppressed (figures: Figure[], sums: GroupSums, asked: ReadonlySet<string>, listed: ReadonlySet<string>): Set<Figure> {
  const key = keyer(figures)
  const value = new Map(figures.map((f) => [key(f), f.count]))
  const rels = relations(figures, sums, asked, listed)
  const relsOf = new Map<string, Relation[]>()
  for (const r of rels) for (const c of r.cells) relsOf.set(c.key, [...(relsOf.get(c.key) ?? []), r])
  const hidden = new Set<string>()
  const hiddenIn = new Map<Relation, number>(rels.map((r) => [r, 0]))
  const work: Relation[] = []
  const hide = (k: string): void => {
    if (hidden.has(k)) return
    hidden.add(k)
    for (const r of relsOf.get(k) ?? []) { hiddenIn.set(r, (hiddenIn.get(r) ?? 0) + 1); work.push(r) }
  }
  for (const f of figures) if (primarySmall(f, listed)) hide(key(f))
  // Cells of the finest groups go first (the report and most readers use alla, kommuner and regioner), then the
  // smallest count that is not itself small (it protects best and costs least; a zero protects nothing alone), then
  // the cell whose other sums already have a hidden cell (one with none would need another beside it there).
  const candidates = (rs: Relation[]): string[] => [...new Set(rs.flatMap((r) => r.cells.filter((c) => !hidden.has(c.key)).map((c) => c.key)))]
    .map((k) => ({ k, n: value.get(k) ?? 0, level: level(k), cost: (relsOf.get(k) ?? []).filter((x) => hiddenIn.get(x) === 0).length }))
    .sort((a, b) => a.level - b.level || rank(a.n) - rank(b.n) || a.n - b.n || a.cost - b.cost || a.k.localeCompare(b.k)).map((c) => c.k)
  const stuck = new Set<string>()
  for (let round = 0; round < 10_000; round++) {
    while (work.length > 0) {
      const r = work.pop()
      if (r === undefined || hiddenIn.get(r) !== 1) continue
      const p = candidates([r])[0]
      if (p !== undefined) hide(p)
    }
    // Cells found by combining sums: one more hidden cell in a sum of each (then all is checked again).
    let changed = false
    for (const k of determined(rels, hidden)) {
      if (stuck.has(k)) continue
      const p = candidates(relsOf.get(k) ?? [])[0]
      if (p === undefined) stuck.add(k)
      else { hide(p); changed = true }
    }
    if (!changed) break
  }
  return new Set(figures.filter((f) => hidden.has(key(f))))
}

const LEVELS = ['kommungrupp', 'huvudgrupp', 'regioner', 'kommuner', 'alla']
const level = (key: string): number => LEVELS.indexOf(key.split('|')[2]?.split('=')[0] ?? '')
const rank = (n: number): number => n > MAX_SMALL_COUNT ? 0 : n > 0 ? 1 : 2

/**
 * The hidden cells whose value follows from the published ones: the sums restricted to hidden cells, reduced to
 * row echelon form per connected part; a cell is determined when a reduced row names it alone.
 */
export function determined (rels: Relation[], hidden: Set<string>): string[] {
  const rows = rels.map((r) => r.cells.filter((c) => hidden.has(c.key))).filter((cells) => cells.length > 0)
  const parent = new Map<string, string>()
  const find = (k: string): string => { let x = k; for (let up = parent.get(x); up !== undefined && up !== x; up = parent.get(x)) x = up; parent.set(k, x); return x }
  for (const cells of rows) for (const c of cells) if (!parent.has(c.key)) parent.set(c.key, c.key)
  for (const cells of rows) for (const c of cells.slice(1)) parent.set(find(c.key), find(cells[0]?.key ?? c.key))
  const parts = new Map<string, Array<Array<{ key: string, coef: number }>>>()
  for (const cells of rows) { const p = find(cells[0]?.key ?? ''); parts.set(p, [...(parts.get(p) ?? []), cells]) }
  const out: string[] = []
  for (const part of parts.values()) out.push(...determinedIn(part))
  return out
}

function determinedIn (rows: Array<Array<{ key: string, coef: number }>>): string[] {
  const keys = [...new Set(rows.flatMap((r) => r.map((c) => c.key)))]
  const col = new Map(keys.map((k, i) => [k, i]))
  const m: number[][] = rows.map((r) => {
    const v = new Array<number>(keys.length).fill(0)
    for (const c of r) { const j = col.get(c.key) ?? 0; v[j] = (v[j] ?? 0) + c.coef }
    return v
  })
  const at = (row: number[] | undefined, j: number): number => row?.[j] ?? 0
  let lead = 0
  for (let c = 0; c < keys.length && lead < m.length; c++) {
    const p = m.findIndex((row, i) => i >= lead && Math.abs(at(row, c)) > 1e-9)
    if (p === -1) continue
    const pivot = m[p] ?? []
    m[p] = m[lead] ?? []
    m[lead] = pivot
    const d = at(pivot, c)
    for (let j = 0; j < keys.length; j++) pivot[j] = at(pivot, j) / d
    for (let i = 0; i < m.length; i++) {
      const row = m[i]
      const f = at(row, c)
      if (i === lead || row === undefined || Math.abs(f) <= 1e-9) continue
      for (let j = 0; j < keys.length; j++) row[j] = at(row, j) - f * at(pivot, j)
    }
    lead++
  }
  return m.filter((row) => row.filter((x) => Math.abs(x) > 1e-9).length === 1).map((row) => keys[row.findIndex((x) => Math.abs(x) > 1e-9)] ?? '')
}
