// The third security round's differencing attack on the published tables: a hidden figure of one or two
// organisations was recovered by subtraction (alla − kommuner, the other options of a single choice, a total).
import t from 'tap'
import { questionnaire2018 } from '../../server/questionnaire/questionnaire.js'
import { fillSyntheticRound } from '../../server/results/synthetic.js'
import { registerQuestions } from '../../server/questionnaire/survey-figures.js'
import { determined, primarySmall, protectedQuestion, type Relation } from '../../server/results/suppression.js'
import { currentRound } from '../../server/survey/rounds.js'
import { loggedIn } from '../helpers/admin.js'
import { parseCsv } from '../helpers/csv.js'

/** The first survey's register question, published as it is. */
const listed = registerQuestions(true)

interface Cell { question: string, option: string, group: string, unit: string, base: number, count: number | null, real?: number }

/** publicering.csv's rows as cells: its key column names the figure as results.csv does. */
function parsePublished (csv: string): Cell[] {
  return parseCsv(csv).map((r) => {
    const [question = '', option = '', group = '', unit = ''] = (r.Nyckel ?? '').split('/')
    return { question, option, group, unit, base: Number(r.Bas), count: r.Antal === '–' ? null : Number(r.Antal) }
  })
}

function parseResults (csv: string): Cell[] {
  const lines = csv.replace(/^\uFEFF/, '').split('\r\n').filter((l) => l !== '')
  return lines.slice(1).map((l) => {
    const [question = '', option = '', group = '', unit = '', base = '', count = ''] = l.split(',')
    return { question, option, group, unit, base: Number(base), count: count === '–' ? null : Number(count) }
  })
}

/**
 * What an attacker knows: the group sums (alla = kommuner + regioner, kommuner = its huvudgrupper, a huvudgrupp =
 * its kommungrupper, whose codes start with its letter), that a single choice's options add up to the base, that
 * mentions repeat the counts of the options and add up to their base, and that complements add up to the base.
 */
function equations (cells: Cell[]): Relation[] {
  const key = (c: Cell): string => `${c.question}|${c.option}|${c.group}`
  const single = new Set(questionnaire2018().questions.filter((q) => q.type === 'single').map((q) => q.id))
  const out: Relation[] = []
  const answers = cells.filter((c) => protectedQuestion(c.question, listed))
  const byOption = new Map<string, Map<string, Cell>>()
  for (const c of answers) {
    const k = `${c.question}|${c.unit}|${c.option}`
    if (!byOption.has(k)) byOption.set(k, new Map())
    byOption.get(k)!.set(c.group, c)
  }
  const unitKey = (c: Cell): string => `${key(c)}|${c.unit === 'mentions' ? 'organisations' : c.unit}`
  for (const groups of byOption.values()) {
    const sum = (total: string, parts: string[]): void => {
      const tc = groups.get(total)
      const pc = parts.map((p) => groups.get(p))
      if (tc === undefined || pc.length === 0 || pc.some((p) => p === undefined)) return
      out.push({ cells: [{ key: unitKey(tc), coef: 1 }, ...pc.map((p) => ({ key: unitKey(p!), coef: -1 }))], constant: 0 })
    }
    const groupIds = [...groups.keys()]
    const mains = groupIds.filter((g) => g.startsWith('huvudgrupp='))
    sum('alla', ['kommuner', 'regioner'])
    sum('kommuner', mains)
    for (const m of mains) sum(m, groupIds.filter((g) => g.startsWith(`kommungrupp=${m.slice(11)}`)))
  }
  const families = new Map<string, Cell[]>()
  for (const c of answers) {
    const f = `${c.question}|${c.unit}|${c.option.includes('=') ? c.option.split('=')[0] : ''}|${c.group}`
    families.set(f, [...(families.get(f) ?? []), c])
  }
  for (const members of families.values()) {
    const first = members[0]!
    if (first.unit === 'mentions' || (first.unit === 'organisations' && single.has(first.question))) out.push({ cells: members.map((c) => ({ key: unitKey(c), coef: 1 })), constant: first.base })
    for (const a of members) for (const b of members) if (a !== b && a.count !== null && b.count !== null && a.count + b.count === a.base) out.push({ cells: [{ key: unitKey(a), coef: 1 }, { key: unitKey(b), coef: 1 }], constant: a.base })
  }
  return out
}

/** Differencing, repeated until it finds nothing more: every sum with one unknown left gives it away. */
function difference (cells: Cell[]): Map<string, number> {
  const known = new Map<string, number>()
  const keyOf = (c: Cell): string => `${c.question}|${c.option}|${c.group}|${c.unit === 'mentions' ? 'organisations' : c.unit}`
  for (const c of cells) if (c.count !== null) known.set(keyOf(c), c.count)
  const found = new Map<string, number>()
  const eqs = equations(cells)
  for (let changed = true; changed;) {
    changed = false
    for (const e of eqs) {
      const unknown = e.cells.filter((c) => !known.has(c.key))
      if (unknown.length !== 1) continue
      const rest = e.cells.reduce((s, c) => s + (known.has(c.key) ? c.coef * known.get(c.key)! : 0), 0)
      const value = (e.constant - rest) / unknown[0]!.coef
      known.set(unknown[0]!.key, value)
      found.set(unknown[0]!.key, value)
      changed = true
    }
  }
  return found
}

t.test('4. differencing the published tables recovers no hidden figure; results.csv stays complete', async (t) => {
  const { app, c } = await loggedIn(t)
  const round = (await currentRound(app.db))!
  await fillSyntheticRound(app.db, round.id)
  const results = parseResults((await c.get('/admin/resultat/results.csv')).body)
  const published = parsePublished((await c.get('/admin/resultat/publicering.csv')).body)
  t.equal(published.length, results.length, 'every figure has its row')
  t.ok(results.some((r) => r.count === 1 || r.count === 2), 'results.csv for the analysts keeps counts of one and two')
  const hidden = published.filter((p) => p.count === null)
  t.ok(hidden.length > 0, `${hidden.length} figures are hidden`)
  t.notOk(published.some((p) => protectedQuestion(p.question, listed) && (p.count === 1 || p.count === 2)), 'no count of one or two is published (but the register\'s own rows and response rates)')
  t.notOk(published.some((p) => protectedQuestion(p.question, listed) && p.base > 0 && p.base < 5 && p.count !== null), 'no count of a base under five')

  // The attack as made on the old tables (only small counts hidden) recovers figures: the attack is real.
  const primaryOnly = results.map((r) => primarySmall({ question: r.question, base: r.base, count: r.count ?? 0 }, listed) ? { ...r, count: null } : r)
  t.ok(difference(primaryOnly).size > 0, `on tables with only the small counts hidden, differencing recovers ${difference(primaryOnly).size}`)
  // On the published tables it recovers nothing, and neither does solving all the sums together.
  t.same([...difference(published).keys()], [], 'differencing recovers nothing')
  const unknown = new Set(published.filter((p) => p.count === null).map((p) => `${p.question}|${p.option}|${p.group}|${p.unit === 'mentions' ? 'organisations' : p.unit}`))
  t.same(determined(equations(published), unknown), [], 'elimination over every sum recovers nothing either')

  // The report shows the same protection.
  const report = (await c.get('/admin/resultat/rapport')).body
  t.match(report, /<td class="num">–<\/td>/, 'hidden cells are "–"')
  t.notMatch(report, 'NaN', 'no sentence shows an unknown figure')
  const regions = /Bland landstingen\/regionerna har ([^.]*)\./.exec(report)?.[1] ?? ''
  t.notMatch(regions, /\b[12] /, `the sentence on regions states no count of one or two: ${regions}`)
})
