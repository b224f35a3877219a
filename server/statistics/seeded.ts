import { mt19937 } from './distributions.js'

/** A random source in [0, 1) from a seed: the same sequence every time, so synthetic data never changes between runs. */
export function seededRandom (seed: number): () => number {
  const g = mt19937(seed)
  return () => g() / 4294967296
}

/** A copy of the items in an order drawn from the source (Fisher–Yates). */
export function shuffled<T> (items: readonly T[], rnd: () => number): T[] {
  const a = [...items]
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1))
    const t = a[i] as T; a[i] = a[j] as T; a[j] = t
  }
  return a
}

/** n of the keys, without repeats, each drawn with a chance that grows with its weight (Efraimidis–Spirakis). */
export function weightedSample (weights: Readonly<Record<string, number>>, n: number, rnd: () => number): string[] {
  return Object.entries(weights)
    .filter(([, w]) => w > 0)
    .map(([key, w]) => ({ key, order: Math.log(1 - rnd()) / w }))
    .sort((a, b) => b.order - a.order)
    .slice(0, Math.max(0, n))
    .map((x) => x.key)
}

/**
 * Each key kept with its own chance (weights are probabilities), at least `min` and at most `max` of them; the
 * extra or missing ones are settled by a weighted draw. The keys come back in the order of the weights.
 */
export function independentChoices (chances: Readonly<Record<string, number>>, rnd: () => number, min = 1, max = Number.POSITIVE_INFINITY): string[] {
  const keys = Object.keys(chances)
  let chosen = keys.filter((k) => rnd() < (chances[k] ?? 0))
  if (chosen.length < min) {
    const rest = Object.fromEntries(keys.filter((k) => !chosen.includes(k)).map((k) => [k, chances[k] ?? 0]))
    chosen = [...chosen, ...weightedSample(rest, min - chosen.length, rnd)]
  }
  if (chosen.length > max) chosen = weightedSample(Object.fromEntries(chosen.map((k) => [k, chances[k] ?? 0])), max, rnd)
  return keys.filter((k) => chosen.includes(k))
}

/** Splits a total into parts that follow the weights as closely as whole numbers allow (largest remainder). */
export function apportion (total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0)
  const exact = weights.map((w) => sum === 0 ? 0 : total * w / sum)
  const parts = exact.map(Math.floor)
  const order = exact.map((x, i) => ({ i, rest: x - Math.floor(x) })).sort((a, b) => b.rest - a.rest || a.i - b.i)
  const missing = total - parts.reduce((s, p) => s + p, 0)
  for (let k = 0; k < missing; k++) {
    const at = order[k % order.length]?.i ?? 0
    parts[at] = (parts[at] ?? 0) + 1
  }
  return parts
}
