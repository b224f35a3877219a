import { chiSquareCdf, mt19937 } from './distributions.js'
import { wholePercent } from './format.js'

export interface GroupCount { key: string, label: string, population: number, responded: number }

export interface GroupResult extends GroupCount {
  rate: number | null
  populationShare: number
  respondentShare: number
  differencePp: number
  adjustedResidual: number | null
}

export interface IndependenceTest {
  method: 'chi-square' | 'permutation'
  statistic: number
  df: number
  p: number
  minExpected: number
  permutations: number | null
  seed: number | null
}

export interface DropoutResult {
  groups: GroupResult[]
  population: number
  responded: number
  test: IndependenceTest | null
  verdict: string
  underRepresented: string[]
}

export const PERMUTATIONS = 20_000
export const SEED = 20180301

/** Pearson's statistic for the responded / not responded × group table. */
export function chiSquare (groups: Array<{ population: number, responded: number }>): { statistic: number, minExpected: number } {
  const n = groups.reduce((s, g) => s + g.population, 0)
  const r = groups.reduce((s, g) => s + g.responded, 0)
  let statistic = 0
  let minExpected = Infinity
  for (const g of groups) {
    const e1 = (r * g.population) / n
    const e0 = ((n - r) * g.population) / n
    minExpected = Math.min(minExpected, e1, e0)
    statistic += (g.responded - e1) ** 2 / e1 + (g.population - g.responded - e0) ** 2 / e0
  }
  return { statistic, minExpected }
}

/** Monte Carlo permutation p-value: response flags shuffled over the units, group sizes fixed; seeded, so reproducible. */
export function permutationP (groups: Array<{ population: number, responded: number }>, observed: number, permutations = PERMUTATIONS, seed = SEED): number {
  const n = groups.reduce((s, g) => s + g.population, 0)
  const flags = new Uint8Array(n)
  const groupOf = new Uint16Array(n)
  let i = 0
  groups.forEach((g, gi) => {
    for (let k = 0; k < g.population; k++, i++) {
      groupOf[i] = gi
      flags[i] = k < g.responded ? 1 : 0
    }
  })
  const generator = mt19937(seed)
  const random = (): number => generator() / 4294967296
  const sims = groups.map((g) => ({ population: g.population, responded: 0 }))
  let atLeast = 0
  for (let b = 0; b < permutations; b++) {
    for (let k = n - 1; k > 0; k--) {
      const j = Math.floor(random() * (k + 1))
      const t = flags[k] as number; flags[k] = flags[j] as number; flags[j] = t
    }
    for (const s of sims) s.responded = 0
    for (let k = 0; k < n; k++) if (flags[k] === 1) (sims[groupOf[k] as number] as { responded: number }).responded++
    if (chiSquare(sims).statistic >= observed - 1e-9) atLeast++
  }
  return (atLeast + 1) / (permutations + 1)
}

/**
 * Dropout by group: rates, shares of population vs respondents, and a test that answering is independent of
 * the group (chi-square, or a permutation test when an expected count is below 5), with a Swedish verdict.
 */
export function dropoutAnalysis (input: GroupCount[], dimension: string, opts: { permutations?: number, seed?: number } = {}): DropoutResult {
  const groups = input.filter((g) => g.population > 0)
  const population = groups.reduce((s, g) => s + g.population, 0)
  const responded = groups.reduce((s, g) => s + g.responded, 0)
  const results: GroupResult[] = groups.map((g) => {
    const populationShare = g.population / population
    const respondentShare = responded === 0 ? 0 : g.responded / responded
    const expected = (responded * g.population) / population
    const variance = expected * (1 - responded / population) * (1 - g.population / population)
    return {
      ...g,
      rate: g.population === 0 ? null : g.responded / g.population,
      populationShare,
      respondentShare,
      differencePp: (respondentShare - populationShare) * 100,
      adjustedResidual: variance > 0 ? (g.responded - expected) / Math.sqrt(variance) : null
    }
  })
  if (groups.length < 2 || responded === 0 || responded === population) {
    const verdict = responded === 0 ? 'Ingen har svarat ännu, så bortfallet kan inte analyseras.' : responded === population ? 'Alla har svarat: inget bortfall.' : 'För få grupper för ett test.'
    return { groups: results, population, responded, test: null, verdict, underRepresented: [] }
  }
  const { statistic, minExpected } = chiSquare(groups)
  const df = groups.length - 1
  const exact = minExpected < 5
  const permutations = opts.permutations ?? PERMUTATIONS
  const seed = opts.seed ?? SEED
  const p = exact ? permutationP(groups, statistic, permutations, seed) : 1 - chiSquareCdf(statistic, df)
  const test: IndependenceTest = { method: exact ? 'permutation' : 'chi-square', statistic, df, p, minExpected, permutations: exact ? permutations : null, seed: exact ? seed : null }
  const under = p < 0.05 ? results.filter((g) => g.adjustedResidual !== null && g.adjustedResidual < -1.96) : []
  // Plain language first. A test that finds nothing does not show that the dropout is even: with small groups only
  // large differences can be seen, so the lowest response rate is named beside the verdict.
  const lowest = [...results].sort((a, b) => (a.rate ?? 1) - (b.rate ?? 1))[0]
  const lowestText = lowest === undefined ? '' : ` Lägst svarsfrekvens: ${lowest.label}, ${lowest.responded} av ${lowest.population} (${wholePercent(lowest.responded, lowest.population)} %).`
  const verdict = p >= 0.05
    ? `Inga tecken på ojämnt bortfall mellan ${dimension}: de som svarat fördelar sig ungefär som alla. Det betyder inte att bortfallet är helt jämnt; i små grupper syns bara stora skillnader.${lowestText}`
    : `Tecken på ojämnt bortfall mellan ${dimension}: vissa grupper har svarat i lägre grad än andra, så resultaten kan spegla dem sämre. ${under.length > 0
      ? `Underrepresenterade bland de svarande: ${under.map((g) => `${g.label} (${wholePercent(g.responded, g.population)} % svarade)`).join(', ')}.`
      : 'Ingen enskild grupp avviker tydligt.'}`
  return { groups: results, population, responded, test, verdict, underRepresented: under.map((g) => g.key) }
}
