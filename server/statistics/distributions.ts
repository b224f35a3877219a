// Two small numerical building blocks, in place of two @stdlib packages that brought 276 packages with them.

/**
 * ln Γ(a) for a whole or half-whole a > 0, as degrees of freedom give: exact by Γ(a) = (a − 1) Γ(a − 1) down to
 * Γ(1) = 1 or Γ(1/2) = √π.
 */
function logGammaHalfInteger (a: number): number {
  if (!Number.isInteger(2 * a) || a <= 0) throw new RangeError(`logGamma needs a whole or half-whole number, got ${a}`)
  let sum = Number.isInteger(a) ? 0 : 0.5 * Math.log(Math.PI)
  for (let v = a - 1; v > 0; v -= 1) sum += Math.log(v)
  return sum
}

/** The regularized lower incomplete gamma function P(a, x): a series below a + 1, a continued fraction above. */
function lowerRegularizedGamma (a: number, x: number): number {
  if (x <= 0) return 0
  const front = Math.exp(-x + a * Math.log(x) - logGammaHalfInteger(a))
  if (x < a + 1) {
    let sum = 1 / a
    let term = sum
    for (let n = 1; n < 10_000; n++) {
      term *= x / (a + n)
      sum += term
      if (Math.abs(term) < Math.abs(sum) * 1e-17) break
    }
    return front * sum
  }
  // Lentz's method for the continued fraction of Q(a, x).
  const tiny = 1e-300
  let b = x + 1 - a
  let c = 1 / tiny
  let d = 1 / b
  let h = d
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - a)
    b += 2
    d = an * d + b
    if (Math.abs(d) < tiny) d = tiny
    c = b + an / c
    if (Math.abs(c) < tiny) c = tiny
    d = 1 / d
    const delta = d * c
    h *= delta
    if (Math.abs(delta - 1) < 1e-17) break
  }
  return 1 - front * h
}

/** The chi-square distribution function P(X ≤ x) with df (a whole number) degrees of freedom. */
export function chiSquareCdf (x: number, df: number): number {
  if (!Number.isInteger(df) || df <= 0 || Number.isNaN(x)) return Number.NaN
  return x <= 0 ? 0 : lowerRegularizedGamma(df / 2, x / 2)
}

/**
 * A Mersenne Twister (MT19937) seeded with one 32-bit integer (init_genrand of the reference implementation):
 * returns a function giving the next unsigned 32-bit integer, the same sequence as any standard MT19937.
 */
export function mt19937 (seed: number): () => number {
  const mt = new Uint32Array(624)
  let index = 624
  mt[0] = seed >>> 0
  for (let i = 1; i < 624; i++) {
    const prev = (mt[i - 1] as number) ^ ((mt[i - 1] as number) >>> 30)
    mt[i] = (Math.imul(1812433253, prev) + i) >>> 0
  }
  const twist = (): void => {
    for (let i = 0; i < 624; i++) {
      const y = ((mt[i] as number) & 0x80000000) | ((mt[(i + 1) % 624] as number) & 0x7fffffff)
      mt[i] = (mt[(i + 397) % 624] as number) ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0)
    }
    index = 0
  }
  return () => {
    if (index >= 624) twist()
    let y = mt[index++] as number
    y ^= y >>> 11
    y ^= (y << 7) & 0x9d2c5680
    y ^= (y << 15) & 0xefc60000
    y ^= y >>> 18
    return y >>> 0
  }
}
