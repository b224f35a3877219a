import t from 'tap'
import { chiSquareCdf, mt19937 } from '../../server/statistics/distributions.js'

// For even df the chi-square tail has a closed form: P(X > x) = exp(-x/2) * sum_{k<df/2} (x/2)^k / k!.
function closedFormCdf (x: number, df: number): number {
  let sum = 0
  let term = 1
  for (let k = 0; k < df / 2; k++) {
    if (k > 0) term *= (x / 2) / k
    sum += term
  }
  return 1 - Math.exp(-x / 2) * sum
}

t.test('chi-square CDF agrees with the closed form for even df to 1e-13', async (t) => {
  let worst = 0
  for (const df of [2, 4, 6, 8, 10, 20, 40, 100]) {
    for (const x of [0.01, 0.5, 1, 3, 7.5, 9.23, 15, 30, 60, 100, 150]) worst = Math.max(worst, Math.abs(chiSquareCdf(x, df) - closedFormCdf(x, df)))
  }
  t.ok(worst < 1e-13, `largest difference ${worst}`)
})

t.test('chi-square CDF for odd df: known values', async (t) => {
  // df = 1: P(X <= x) = erf(sqrt(x/2)); the 95 % and 99 % points of the table.
  t.ok(Math.abs(chiSquareCdf(3.841458820694124, 1) - 0.95) < 1e-12)
  t.ok(Math.abs(chiSquareCdf(6.634896601021214, 1) - 0.99) < 1e-12)
  t.ok(Math.abs(chiSquareCdf(11.070497693516351, 5) - 0.95) < 1e-12)
  t.ok(Math.abs(chiSquareCdf(15.50731305586545, 8) - 0.95) < 1e-12)
  t.equal(chiSquareCdf(0, 3), 0)
  t.ok(Number.isNaN(chiSquareCdf(1, 0)))
  t.ok(Number.isNaN(chiSquareCdf(1, 2.5)))
})

t.test('MT19937 gives the reference sequence', async (t) => {
  // The first outputs of init_genrand(5489), the reference implementation's default seed.
  const g = mt19937(5489)
  t.same([g(), g(), g(), g(), g()], [3499211612, 581869302, 3890346734, 3586334585, 545404204])
  const again = mt19937(5489)
  t.equal(again(), 3499211612, 'the same seed gives the same sequence')
  const h = mt19937(1)
  t.equal(h(), 1791095845, 'init_genrand(1)')
})
