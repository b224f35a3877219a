import { mt19937 } from '../statistics/distributions.js'
import type { Answers, MultiAnswer, RowAnswer } from './answers.js'

// The demo and test answers of this survey ("Internationella samarbeten"), shaped like the 2018 report. With the
// definition and survey-figures.ts, the only code that names question ids.

/** How many organisations fall in each engagement pattern: both, q01 only, q02 only, none. */
export interface Shape { submitted: number, both: number, twinOnly: number, otherOnly: number }

/** The 2018 report's chapter 1: 213 of 290 kommuner (146 / 80 / 53 / 173 / 40) and 13 of 20 regions (6 / 10 / 5 / 11 / 2). */
export const reportShape: Record<'municipality' | 'region', Shape> = {
  municipality: { submitted: 213, both: 53, twinOnly: 93, otherOnly: 27 },
  region: { submitted: 13, both: 5, twinOnly: 1, otherOnly: 5 }
}

const twinCountries = ['FI', 'FI', 'FI', 'NO', 'NO', 'DK', 'DK', 'IS', 'AX', 'EE', 'LV', 'LT', 'DE', 'DE', 'PL', 'FR', 'GB', 'CN', 'US', 'JP', 'RU', 'NL', 'IT', 'HU']
const icld = ['KE', 'TZ', 'ZA', 'BW', 'UA', 'GE', 'MD', 'VN', 'ID', 'IN', 'BA', 'RS']
const partnerNames = ['Åbo', 'Tammerfors', 'Bergen', 'Ålborg', 'Tartu', 'Riga', 'Kaunas', 'Rostock', 'Gdańsk', 'Lahtis', 'Vasa', 'Odense', 'Tromsø', 'Reykjavik', 'Lund']
const areaCycle = ['culture', 'education', 'business', 'democracy', 'leisure', 'tourism', 'culture', 'environment', 'municipal_engineering', 'social_care',
  'health_care', 'integration', 'culture', 'regional_development', 'education', 'business', 'leisure', 'education', 'culture', 'environment',
  'democracy', 'business', 'tourism', 'integration', 'education']

/** A seeded random source, so the synthetic round is the same every time. */
function random (seed: number): () => number {
  const g = mt19937(seed)
  return () => g() / 4294967296
}

function shuffle<T> (items: T[], rnd: () => number): T[] {
  const a = [...items]
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1))
    const t = a[i] as T; a[i] = a[j] as T; a[j] = t
  }
  return a
}

/** One item of a list, chosen by an index that wraps around. */
function pick<T> (items: readonly T[], index: number): T {
  return items[index % items.length] as T
}

function multi (selected: string[], other: string | null = null): MultiAnswer {
  return { selected: [...new Set(selected)], other }
}

/** Answers for one organisation with the given engagement; index spreads the patterns deterministically. */
function answersFor (pattern: 'both' | 'twin' | 'other' | 'none', i: number, rnd: () => number): Answers {
  const q01 = pattern === 'both' || pattern === 'twin' ? 'yes' : 'no'
  const q02 = pattern === 'both' || pattern === 'other' ? 'yes' : 'no'
  const a: Answers = { q01, q02 }
  if (pattern === 'none') {
    if (i % 40 < 38) {
      const reasons = i % 40 < 26 ? ['not_prioritised'] : ['lack_of_time']
      if (i % 3 === 0) reasons.push('lack_of_funding')
      a.q03 = multi(i % 7 === 0 ? [...reasons, 'other'] : reasons, i % 7 === 0 ? 'Vi har slagit ihop förvaltningar' : null)
    }
    a.q17 = i % 5 === 0 ? 'Vi vill gärna komma igång med internationellt arbete.' : undefined
    return a
  }
  if (q01 === 'yes') {
    const rows: RowAnswer[] = []
    const twins = 1 + (i % 5)
    for (let k = 0; k < twins; k++) {
      rows.push({ partner: pick(partnerNames, i + k), country: pick(twinCountries, Math.floor(rnd() * twinCountries.length)), form: 'twin_town', activity: null })
    }
    if (i % 4 === 0) rows.push({ partner: 'Kisumu', country: pick(icld, i), form: 'municipal_partnership', activity: i % 8 === 0 ? 'active' : 'sporadic' })
    a.q04 = rows
    a.q05 = multi(areaCycle.slice((i * 5) % 25, (i * 5) % 25 + 5))
    a.q06 = multi(i % 3 === 0 ? ['officer', 'assembly'] : ['departments'])
    if (i % 4 === 0) a.q07 = multi(['officer'])
    a.q08 = multi(i % 25 === 0 ? ['eu_funds'] : i % 2 === 0 ? ['own_funds', 'eu_funds'] : ['own_funds'])
    if (i % 4 === 0) a.q09 = multi(['sida_icld'])
  }
  if (q02 === 'yes') {
    const kinds = ['network', 'interreg', 'cross_border', 'esf', 'other_eu', 'nordic_council', 'other']
    a.q10 = [{ name: `Nätverk ${i}`, kind: pick(kinds, i), countries: ['NO', 'FI'], activity: pick(['active', 'sporadic', 'dormant'], i) }]
    a.q11 = multi(['environment', 'business'])
    a.q12 = multi(['departments'])
    a.q13 = multi(['eu_funds', 'own_funds'])
  }
  a.q14 = multi(['competence', 'networks', i % 6 === 0 ? 'attractiveness' : 'operations'])
  const h = (i * 37) % 173
  a.q15 = h < 65 ? 'yes' : h < 125 ? 'no' : h < 170 ? 'cannot_judge' : null
  if (a.q15 === 'yes') a.q16 = multi(['lack_of_time', i % 2 === 0 ? 'lack_of_funding' : 'not_prioritised'])
  if (i % 6 === 0) a.q17 = 'Vänortsarbetet ger mycket för skolorna.'
  a.q18 = { name: `Kontaktperson ${i}`, title: 'Internationell samordnare', email: `kontakt${i}@example.se`, phone: null }
  return a
}

/**
 * Answers for the organisations of each kind (ids in a stable order), in the engagement patterns of the shape:
 * seeded, so the same every time.
 */
export function demoAnswers (organisations: Record<'municipality' | 'region', number[]>, opts: { shape?: typeof reportShape, seed?: number } = {}): Array<{ organisationId: number, answers: Answers }> {
  const shape = opts.shape ?? reportShape
  const rnd = random(opts.seed ?? 2018)
  const planned: Array<{ organisationId: number, answers: Answers }> = []
  for (const kind of ['municipality', 'region'] as const) {
    const orgs = shuffle(organisations[kind], rnd)
    const s = shape[kind]
    for (const [i, id] of orgs.slice(0, s.submitted).entries()) {
      const pattern = i < s.both ? 'both' : i < s.both + s.twinOnly ? 'twin' : i < s.both + s.twinOnly + s.otherOnly ? 'other' : 'none'
      const index = pattern === 'none' ? i - s.both - s.twinOnly - s.otherOnly : i
      planned.push({ organisationId: id, answers: answersFor(pattern, index, rnd) })
    }
  }
  spreadTwinActivity(planned.map((p) => p.answers))
  return planned
}

/** Gives the twin-town rows the report's activity shares: 36 % active, 28 % sporadic, 32 % dormant, 4 % not given. */
function spreadTwinActivity (all: Answers[]): void {
  const twins = all.flatMap((a) => ((a.q04 ?? []) as RowAnswer[]).filter((r) => r.form === 'twin_town'))
  twins.forEach((row, k) => {
    const share = k / twins.length
    row.activity = share < 0.36 ? 'active' : share < 0.64 ? 'sporadic' : share < 0.96 ? 'dormant' : null
  })
}

