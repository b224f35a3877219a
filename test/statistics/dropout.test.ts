import t from 'tap'
import { dropoutAnalysis, permutationP, chiSquare } from '../../server/statistics/dropout.js'
import { percentOneDecimal, pValueText, signedPoints, wholePercent } from '../../server/statistics/format.js'

// Reference values: for even degrees of freedom the chi-square survival function has the closed form
// P(X > x) = exp(-x/2) * sum_{k=0}^{df/2-1} (x/2)^k / k!  (df = 2: exp(-x/2)). The statistics and p-values below
// were computed with that formula in Python's standard library (math.exp), independently of the code under test.
const main = (a: number, b: number, c: number) => [
  { key: 'A', label: 'Storstäder och storstadsnära kommuner', population: 46, responded: a },
  { key: 'B', label: 'Större städer och kommuner nära större stad', population: 108, responded: b },
  { key: 'C', label: 'Mindre städer/tätorter och landsbygdskommuner', population: 136, responded: c }
]

t.test('proportional non-response is not flagged', async (t) => {
  const r = dropoutAnalysis(main(23, 54, 68), 'huvudgrupperna')
  t.equal(r.test?.method, 'chi-square')
  t.equal(r.test?.statistic, 0)
  t.equal(r.test?.p, 1)
  t.match(r.verdict, /^Inga tecken på ojämnt bortfall mellan huvudgrupperna: de som svarat fördelar sig ungefär som alla\. Det betyder inte att bortfallet är helt jämnt/)
  t.notMatch(r.verdict, /p [=<]/, 'no p-value in the plain-language verdict')
  t.same(r.underRepresented, [])
  t.equal(r.groups[0]!.differencePp, 0)
})

t.test('dropout concentrated in one group is flagged with the right p-value', async (t) => {
  const r = dropoutAnalysis(main(25, 80, 105), 'huvudgrupperna')
  t.equal(r.test?.method, 'chi-square')
  t.equal(r.test?.df, 2)
  t.equal(r.test!.statistic.toFixed(3), '9.228', 'chi-square 9.228106')
  t.equal(r.test!.p.toFixed(3), '0.010', 'p = exp(-9.228106/2) = 0.009912')
  t.ok(Math.abs(r.test!.p - 0.009911562986599022) < 1e-9)
  t.same(r.underRepresented, ['A'])
  t.equal(r.verdict, 'Tecken på ojämnt bortfall mellan huvudgrupperna: vissa grupper har svarat i lägre grad än andra, så resultaten kan spegla dem sämre. Underrepresenterade bland de svarande: Storstäder och storstadsnära kommuner (54 % svarade).')
  const a = r.groups[0]
  t.equal(a!.populationShare.toFixed(4), (46 / 290).toFixed(4))
  t.equal(a!.respondentShare.toFixed(4), (25 / 210).toFixed(4))
  t.equal(a!.differencePp.toFixed(2), ((25 / 210 - 46 / 290) * 100).toFixed(2))
})

t.test('nine groups with large expected counts use chi-square with df = 8', async (t) => {
  const groups = [[30, 10], [43, 30], [21, 17], [52, 40], [35, 25], [29, 20], [52, 38], [40, 25], [20, 13]]
    .map(([population = 0, responded = 0], i) => ({ key: `G${i}`, label: `Grupp ${i}`, population, responded }))
  const r = dropoutAnalysis(groups, 'kommungrupperna')
  t.equal(r.test?.method, 'chi-square', 'smallest expected count 6.46')
  t.equal(r.test?.df, 8)
  t.equal(r.test!.statistic.toFixed(3), '21.490')
  t.equal(r.test!.p.toFixed(3), '0.006', 'closed form: 0.005953')
  t.ok(Math.abs(r.test!.p - 0.0059534409826486) < 1e-9)
  t.same(r.underRepresented, ['G0'])
})

t.test('small expected counts (Storstäder has 3 kommuner) take the seeded permutation path', async (t) => {
  const groups = [[3, 3], [43, 30], [21, 17], [52, 40], [35, 25], [29, 20], [52, 38], [40, 25], [15, 10]]
    .map(([population = 0, responded = 0], i) => ({ key: `G${i}`, label: `Grupp ${i}`, population, responded }))
  t.ok(chiSquare(groups).minExpected < 5)
  const r = dropoutAnalysis(groups, 'kommungrupperna')
  t.equal(r.test?.method, 'permutation')
  t.equal(r.test?.permutations, 20000)
  t.ok(Math.abs(r.test!.p - 0.772) < 0.03, `close to the asymptotic 0.772 (got ${r.test!.p})`)
  t.equal(dropoutAnalysis(groups, 'kommungrupperna').test!.p, r.test!.p, 'reproducible: same seed, same p')
  t.not(permutationP(groups, r.test!.statistic, 2000, 1), permutationP(groups, r.test!.statistic, 2000, 2), 'the seed matters')
  t.match(r.verdict, /^Inga tecken på ojämnt bortfall mellan kommungrupperna/)
})

t.test('no answers yet, or everyone answered', async (t) => {
  t.equal(dropoutAnalysis(main(0, 0, 0), 'huvudgrupperna').test, null)
  t.match(dropoutAnalysis(main(0, 0, 0), 'huvudgrupperna').verdict, 'Ingen har svarat ännu')
  t.match(dropoutAnalysis(main(46, 108, 136), 'huvudgrupperna').verdict, 'Alla har svarat')
})

t.test('rounding is half away from zero', async (t) => {
  t.equal(wholePercent(213, 290), 73)
  t.equal(wholePercent(1, 8), 13, '12.5 → 13')
  t.equal(wholePercent(3, 8), 38, '37.5 → 38')
  t.equal(wholePercent(0, 0), null)
  t.equal(percentOneDecimal(1, 16), '6.3', '6.25 → 6.3')
  t.equal(percentOneDecimal(146, 213), '68.5')
  t.equal(pValueText(0.0004), 'p < 0,001')
  t.equal(pValueText(0.87), 'p = 0,87')
})

t.test('a group with few answers is named even when the test finds nothing (Blekinge: 1 of 5)', async (t) => {
  const groups = [['Blekinge län', 5, 1], ['Stockholms län', 26, 20], ['Skåne län', 33, 24], ['Västra Götalands län', 49, 36]]
    .map(([label, population, responded]) => ({ key: String(label), label: String(label), population: Number(population), responded: Number(responded) }))
  const r = dropoutAnalysis(groups, 'länen')
  t.equal(r.test?.method, 'permutation', 'an expected count under 5')
  t.ok(r.test !== null && r.test.p >= 0.05, 'the test finds nothing')
  t.match(r.verdict, 'Inga tecken på ojämnt bortfall mellan länen')
  t.match(r.verdict, 'Lägst svarsfrekvens: Blekinge län, 1 av 5 (20 %).', 'absence of evidence is not stated as evidence: the low rate is named')
})

t.test('differences in percentage points: a sign, a comma, and never "−0,0"', async (t) => {
  t.equal(signedPoints(3.24), '+3,2')
  t.equal(signedPoints(-1), '−1,0')
  t.equal(signedPoints(-0.04), '0,0')
  t.equal(signedPoints(0.04), '0,0')
  t.equal(pValueText(0.0000499), 'p < 0,001', 'below what 20,000 permutations can tell apart')
  t.equal(pValueText(0), 'p < 0,001', 'a permutation p of zero is never printed as 0,000')
  t.equal(pValueText(0.0099), 'p = 0,010')
})
