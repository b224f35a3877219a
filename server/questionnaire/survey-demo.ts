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

/** Real networks and projects of Swedish kommuner and regions, with their type and countries. */
const collaborations: Array<{ name: string, kind: string, countries: string[] }> = [
  { name: 'Union of the Baltic Cities (UBC)', kind: 'network', countries: ['FI', 'EE', 'LV', 'LT', 'PL', 'DE', 'DK'] },
  { name: 'Eurocities', kind: 'network', countries: ['DE', 'FR', 'NL', 'ES', 'IT'] },
  { name: 'Interreg Nord', kind: 'interreg', countries: ['FI', 'NO'] },
  { name: 'Interreg Sverige–Norge', kind: 'interreg', countries: ['NO'] },
  { name: 'Interreg Öresund-Kattegat-Skagerrak', kind: 'interreg', countries: ['DK', 'NO'] },
  { name: 'Interreg Central Baltic', kind: 'interreg', countries: ['FI', 'EE', 'LV', 'AX'] },
  { name: 'Interreg Östersjöregionen', kind: 'interreg', countries: ['FI', 'EE', 'LV', 'LT', 'PL', 'DE'] },
  { name: 'Kvarkenrådet', kind: 'cross_border', countries: ['FI'] },
  { name: 'Tornedalsrådet', kind: 'cross_border', countries: ['FI', 'NO'] },
  { name: 'Gränskommittén Østfold–Bohuslän/Dalsland', kind: 'cross_border', countries: ['NO'] },
  { name: 'Mittnorden-kommittén', kind: 'cross_border', countries: ['NO', 'FI'] },
  { name: 'ESF-projekt Vägar till arbete', kind: 'esf', countries: [] },
  { name: 'ESF-projekt Unga in', kind: 'esf', countries: [] },
  { name: 'Erasmus+ skolsamarbete', kind: 'other_eu', countries: ['DE', 'ES', 'IT', 'PL'] },
  { name: 'Kreativa Europa, kulturprojekt', kind: 'other_eu', countries: ['FR', 'DK'] },
  { name: 'Borgmästaravtalet (Covenant of Mayors)', kind: 'other_eu', countries: ['BE'] },
  { name: 'Nordiska skärgårdssamarbetet', kind: 'nordic_council', countries: ['FI', 'AX'] },
  { name: 'Nordiska ministerrådets gränshinderarbete', kind: 'nordic_council', countries: ['NO', 'DK', 'FI'] },
  { name: 'Barentsrådet, regionala rådet', kind: 'other', countries: ['NO', 'FI', 'RU'] },
  { name: 'WHO Healthy Cities', kind: 'network', countries: ['DK', 'GB'] },
  { name: 'Cittaslow', kind: 'network', countries: ['IT'] },
  { name: 'ECAD – European Cities Against Drugs', kind: 'network', countries: ['LV', 'LT'] }
]

/** Distinct free-text answers, as officials write them. */
const comments = [
  'Vänortsarbetet ger mycket för skolorna, men det är svårt att hålla kontakterna levande när de eldsjälar som startade dem går i pension.',
  'Vi vill gärna komma igång med internationellt arbete men saknar någon som kan samordna det.',
  'De kommunala partnerskapen genom ICLD har varit mycket lärorika för våra politiker och tjänstepersoner.',
  'Samarbetet över gränsen till Norge är en självklar del av vardagen här, inte något särskilt internationellt arbete.',
  'Efter pandemin har flera vänorter blivit vilande. Vi ser över vilka vi ska behålla.',
  'EU-projekten kräver mycket administration i förhållande till storleken på kommunen.',
  'Vi samarbetar främst genom regionens nätverk och deltar sällan på egen hand.'
]
const otherReasons = ['Vi har slagit ihop förvaltningar och prioriterar om.', 'Kommunen är för liten för att driva egna samarbeten.', 'Politiskt beslut att avveckla vänorterna 2015.']

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
  return items[Math.floor(index) % items.length] as T
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
      a.q03 = multi(i % 7 === 0 ? [...reasons, 'other'] : reasons, i % 7 === 0 ? pick(otherReasons, i / 7) : null)
    }
    a.q17 = i % 5 === 0 ? pick(comments, i / 5 + 1) : undefined
    return a
  }
  if (q01 === 'yes') {
    // The rows come from assignTwinRows; the draws an earlier version made here are kept, so the same
    // organisations are chosen as before (the seeded sequence goes on to the regions).
    for (let k = 0; k < 1 + (i % 5); k++) rnd()
    a.q04 = []
    a.q05 = multi(areaCycle.slice((i * 5) % 25, (i * 5) % 25 + 5))
    a.q06 = multi(i % 3 === 0 ? ['officer', 'assembly'] : ['departments'])
    if (i % 4 === 0) a.q07 = multi(['officer'])
    a.q08 = multi(i % 25 === 0 ? ['eu_funds'] : i % 2 === 0 ? ['own_funds', 'eu_funds'] : ['own_funds'])
    if (i % 4 === 0) a.q09 = multi(['sida_icld'])
  }
  if (q02 === 'yes') {
    const first = pick(collaborations, i)
    const second = pick(collaborations, i * 7 + 3)
    a.q10 = [first, ...(i % 3 === 0 && second !== first ? [second] : [])].map((c, k) => ({ name: c.name, kind: c.kind, countries: c.countries, activity: pick(['active', 'sporadic', 'dormant'], i + k) }))
    a.q11 = multi(['environment', 'business'])
    a.q12 = multi(['departments'])
    a.q13 = multi(['eu_funds', 'own_funds'])
  }
  a.q14 = multi(['competence', 'networks', i % 6 === 0 ? 'attractiveness' : 'operations'])
  const h = (i * 37) % 173
  a.q15 = h < 65 ? 'yes' : h < 125 ? 'no' : h < 170 ? 'cannot_judge' : null
  if (a.q15 === 'yes') a.q16 = multi(['lack_of_time', i % 2 === 0 ? 'lack_of_funding' : 'not_prioritised'])
  if (i % 6 === 0) a.q17 = pick(comments, i / 6)
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
  const planned: Array<{ organisationId: number, kind: 'municipality' | 'region', answers: Answers }> = []
  for (const kind of ['municipality', 'region'] as const) {
    const orgs = shuffle(organisations[kind], rnd)
    const s = shape[kind]
    for (const [i, id] of orgs.slice(0, s.submitted).entries()) {
      const pattern = i < s.both ? 'both' : i < s.both + s.twinOnly ? 'twin' : i < s.both + s.twinOnly + s.otherOnly ? 'other' : 'none'
      const index = pattern === 'none' ? i - s.both - s.twinOnly - s.otherOnly : i
      planned.push({ organisationId: id, kind, answers: answersFor(pattern, index, rnd) })
    }
  }
  assignTwinRows(planned, random((opts.seed ?? 2018) + 1))
  spreadTwinActivity(planned.map((p) => p.answers))
  return planned.map(({ organisationId, answers }) => ({ organisationId, answers }))
}

/** Real towns, by country, for the demo's twin towns and partnerships (a partner is always a town of its country). */
const towns: Record<string, string[]> = {
  FI: ['Åbo', 'Tammerfors', 'Vasa', 'Lahtis', 'Uleåborg', 'Jyväskylä', 'Kuopio', 'Björneborg', 'Joensuu', 'Borgå', 'Kotka', 'Karleby', 'Jakobstad', 'Raumo', 'Kristinestad', 'Nyslott', 'Villmanstrand', 'Hyvinge', 'Lovisa', 'Ekenäs', 'Hangö', 'Kemi', 'Torneå', 'Rovaniemi', 'Seinäjoki', 'Salo', 'Kouvola', 'Imatra', 'Kajana', 'S:t Michel'],
  NO: ['Bergen', 'Tromsø', 'Trondheim', 'Stavanger', 'Kristiansand', 'Drammen', 'Fredrikstad', 'Bodø', 'Ålesund', 'Hamar', 'Lillehammer', 'Molde', 'Harstad', 'Narvik', 'Arendal', 'Larvik', 'Halden', 'Kongsberg', 'Gjøvik', 'Mo i Rana'],
  DK: ['Odense', 'Ålborg', 'Århus', 'Esbjerg', 'Randers', 'Kolding', 'Horsens', 'Vejle', 'Roskilde', 'Helsingør', 'Herning', 'Silkeborg', 'Næstved', 'Fredericia', 'Viborg', 'Svendborg', 'Holstebro', 'Hillerød', 'Nyborg', 'Skive'],
  IS: ['Akureyri', 'Reykjavik', 'Hafnarfjörður', 'Kópavogur', 'Ísafjörður', 'Selfoss'],
  AX: ['Mariehamn', 'Jomala', 'Saltvik', 'Finström'],
  FO: ['Tórshavn', 'Klaksvík'],
  DE: ['Rostock', 'Lübeck', 'Kiel', 'Greifswald', 'Stralsund', 'Wismar', 'Schwerin', 'Flensburg', 'Potsdam', 'Halle', 'Erfurt', 'Jena', 'Weimar', 'Leipzig', 'Dresden', 'Bremen', 'Hannover', 'Münster', 'Freiburg', 'Heidelberg', 'Tübingen', 'Gotha', 'Eisenach', 'Celle'],
  EE: ['Tartu', 'Pärnu', 'Viljandi', 'Haapsalu', 'Kuressaare', 'Rakvere', 'Narva', 'Võru', 'Paide', 'Valga', 'Jõhvi', 'Saue'],
  LV: ['Riga', 'Jelgava', 'Liepāja', 'Ventspils', 'Cēsis', 'Valmiera', 'Kuldīga', 'Sigulda', 'Talsi', 'Tukums'],
  LT: ['Kaunas', 'Klaipėda', 'Šiauliai', 'Panevėžys', 'Alytus', 'Marijampolė', 'Utena', 'Palanga', 'Trakai'],
  PL: ['Gdańsk', 'Gdynia', 'Sopot', 'Szczecin', 'Koszalin', 'Słupsk', 'Elbląg', 'Olsztyn', 'Toruń', 'Poznań', 'Kraków', 'Lublin', 'Bydgoszcz', 'Kołobrzeg'],
  RU: ['Petrozavodsk', 'Archangelsk', 'Murmansk', 'Pskov', 'Novgorod', 'Kaliningrad', 'Vyborg', 'Tver', 'Vologda', 'Sovetsk', 'Kirovsk', 'Tichvin', 'Apatity', 'Severodvinsk', 'Pusjkin', 'Kingisepp'],
  FR: ['Chartres', 'Lorient', 'Caen', 'Rouen', 'Dijon', 'Besançon', 'Poitiers', 'Tours', 'Angers', 'Nancy', 'Reims', 'Bayonne'],
  GB: ['Lincoln', 'Dundee', 'Aberdeen', 'Inverness', 'Durham', 'Exeter', 'Bath', 'Carlisle', 'Hull'],
  NL: ['Enschede', 'Leeuwarden', 'Groningen', 'Zwolle', 'Haarlem', 'Deventer'],
  IT: ['Siena', 'Lucca', 'Parma', 'Perugia', 'Bergamo'],
  HU: ['Debrecen', 'Pécs', 'Szeged', 'Eger'],
  UA: ['Lviv', 'Tjernihiv', 'Poltava', 'Ivano-Frankivsk'],
  ES: ['Granada', 'Cádiz', 'Girona'],
  CZ: ['Brno', 'Olomouc'],
  AT: ['Graz', 'Linz'],
  BE: ['Gent', 'Leuven'],
  SK: ['Košice', 'Žilina'],
  SI: ['Maribor'],
  HR: ['Split'],
  RO: ['Cluj-Napoca'],
  BG: ['Plovdiv'],
  GR: ['Patras'],
  PT: ['Coimbra'],
  IE: ['Galway'],
  CH: ['Winterthur'],
  BA: ['Tuzla', 'Mostar'],
  RS: ['Niš', 'Novi Sad'],
  GE: ['Kutaisi', 'Batumi'],
  MD: ['Bălți', 'Cahul'],
  CN: ['Tianjin', 'Suzhou', 'Ningbo', 'Qingdao', 'Dalian', 'Harbin', 'Xiamen', 'Chengdu', 'Wuhan', 'Jinan', 'Nanjing', 'Hangzhou', 'Kunming', 'Shenyang', 'Changchun', 'Zhuhai', 'Weihai', 'Yantai', 'Guilin', 'Taizhou', 'Jiaxing', 'Shaoxing'],
  US: ['Duluth', 'Minneapolis', 'Seattle', 'Rockford', 'Jamestown', 'Lindsborg', 'Moline', 'Worcester', 'Bismarck', 'Portland', 'Madison', 'Boston', 'Chicago', 'Galesburg', 'Stillwater', 'Kingsburg', 'Turlock'],
  KE: ['Kisumu', 'Nakuru', 'Mombasa', 'Eldoret', 'Kakamega', 'Machakos', 'Nyeri', 'Kitui'],
  TZ: ['Arusha', 'Moshi', 'Mwanza', 'Dodoma', 'Iringa', 'Tanga', 'Morogoro'],
  ZA: ['eThekwini', 'Buffalo City', 'Msunduzi', 'Polokwane', 'Mbombela', 'Nelson Mandela Bay'],
  JP: ['Sapporo', 'Kumamoto', 'Nagano', 'Hakodate', 'Kanazawa'],
  BW: ['Gaborone', 'Francistown', 'Maun', 'Lobatse'],
  VN: ['Hue', 'Da Nang', 'Can Tho', 'Hai Phong'],
  IN: ['Pune', 'Kochi', 'Mysore'],
  ID: ['Yogyakarta', 'Surabaya', 'Semarang'],
  NA: ['Windhoek', 'Swakopmund'],
  MZ: ['Beira', 'Quelimane'],
  UG: ['Jinja', 'Masaka'],
  CA: ['Thunder Bay', 'Kenora'],
  BR: ['Curitiba'],
  AR: ['Rosario'],
  AU: ['Geelong'],
  NZ: ['Nelson'],
  KR: ['Gangneung'],
  TH: ['Chiang Mai']
}

/**
 * The 2018 report's 527 twin towns and partnerships by country: 198 in Norden, 205 in the rest of Europe, 93 in the
 * rest of the world and 31 without a country given; 55 countries. China has 22 rows (20 kommuner and 2 regions),
 * Russia 16 twin towns (15 kommuner and 1 region), as the report says.
 */
const rowsByCountry: Array<[string | null, number]> = [
  ['FI', 92], ['NO', 52], ['DK', 40], ['IS', 8], ['AX', 4], ['FO', 2],
  ['DE', 44], ['EE', 24], ['LV', 18], ['LT', 16], ['PL', 20], ['RU', 16], ['FR', 12], ['GB', 9], ['NL', 6], ['IT', 5], ['HU', 4], ['UA', 4],
  ['ES', 3], ['CZ', 2], ['AT', 2], ['BE', 2], ['SK', 2], ['SI', 1], ['HR', 1], ['RO', 1], ['BG', 1], ['GR', 1], ['PT', 1], ['IE', 1], ['CH', 1],
  ['BA', 2], ['RS', 2], ['GE', 2], ['MD', 2],
  ['CN', 22], ['US', 17], ['KE', 8], ['TZ', 7], ['ZA', 6], ['JP', 5], ['BW', 4], ['VN', 4], ['IN', 3], ['ID', 3], ['NA', 2], ['MZ', 2], ['UG', 2],
  ['CA', 2], ['BR', 1], ['AR', 1], ['AU', 1], ['NZ', 1], ['KR', 1], ['TH', 1],
  [null, 31]
]

/** Countries where every demo row is a municipal partnership, and where every other one is. */
const partnershipCountries = new Set(['KE', 'TZ', 'ZA', 'BW', 'VN', 'IN', 'ID', 'NA', 'MZ', 'UG'])
const sometimesPartnership = new Set(['UA', 'GE', 'MD', 'BA', 'RS'])

/** Places given without a country: still real towns. */
const withoutCountry = ['Narvik', 'Helsingfors', 'Vilnius', 'Oslo', 'Köpenhamn', 'Tallinn', 'Hamburg', 'Sankt Petersburg']

/**
 * Replaces the twin-town rows of the organisations with twin towns (question 1 = ja) by the report's 527 rows:
 * each organisation gets a number of rows (from 1 to 15), China and Russia go to as many organisations as the
 * report says, and every partner is a real town of its country, never twice in one organisation.
 */
function assignTwinRows (orgs: Array<{ kind: 'municipality' | 'region', answers: Answers }>, rnd: () => number): void {
  const withTwins = orgs.filter((o) => o.answers.q01 === 'yes')
  const total = rowsByCountry.reduce((s, [, n]) => s + n, 0)
  // Rows per organisation: a spread like the report's, the first with 15, adjusted to the total.
  const counts = withTwins.map((_, i) => i === 0 ? 15 : [3, 4, 2, 3, 5, 3, 2, 4, 3, 6, 2, 3, 1, 4, 3, 8][i % 16] ?? 3)
  let diff = total - counts.reduce((s, n) => s + n, 0)
  for (let i = 1; diff !== 0; i = i % (counts.length - 1) + 1) {
    const c = counts[i] ?? 0
    if (diff > 0) { counts[i] = c + 1; diff-- } else if (c > 1) { counts[i] = c - 1; diff++ }
  }
  const rows: Array<Array<string | null>> = withTwins.map(() => [])
  // China and Russia first: one row each in as many different organisations as the report counts.
  const place = (country: string, kind: 'municipality' | 'region', n: number): void => {
    let placed = 0
    for (const [i, o] of withTwins.entries()) {
      if (placed === n) break
      const r = rows[i] as Array<string | null>
      if (o.kind !== kind || r.length >= (counts[i] ?? 0) || r.includes(country)) continue
      r.push(country)
      placed++
    }
  }
  place('CN', 'municipality', 20); place('CN', 'region', 2)
  place('RU', 'municipality', 15); place('RU', 'region', 1)
  const rest: Array<string | null> = []
  for (const [country, n] of rowsByCountry) {
    const already = country === 'CN' ? 22 : country === 'RU' ? 16 : 0
    for (let k = already; k < n; k++) rest.push(country)
  }
  const shuffled = shuffle(rest, rnd)
  let next = 0
  for (const [i] of withTwins.entries()) {
    const r = rows[i] as Array<string | null>
    while (r.length < (counts[i] ?? 0) && next < shuffled.length) r.push(shuffled[next++] ?? null)
  }
  for (const [i, o] of withTwins.entries()) {
    const used = new Set<string>()
    let sometimes = 0
    o.answers.q04 = (rows[i] ?? []).map((country, k): RowAnswer => {
      const names = country === null ? withoutCountry : towns[country] ?? []
      let partner = names[(i + k) % names.length] ?? 'Okänd ort'
      for (let step = 1; used.has(partner) && step < names.length; step++) partner = names[(i + k + step) % names.length] ?? partner
      used.add(partner)
      const partnership = country !== null && (partnershipCountries.has(country) || (sometimesPartnership.has(country) && sometimes++ % 2 === 0))
      return { partner, country, form: partnership ? 'municipal_partnership' : 'twin_town', activity: partnership ? (k % 2 === 0 ? 'active' : 'sporadic') : null }
    })
  }
}

/** Gives the twin-town rows the report's activity shares: 36 % active, 28 % sporadic, 32 % dormant, 4 % not given. */
function spreadTwinActivity (all: Answers[]): void {
  const twins = all.flatMap((a) => ((a.q04 ?? []) as RowAnswer[]).filter((r) => r.form === 'twin_town'))
  twins.forEach((row, k) => {
    const share = k / twins.length
    row.activity = share < 0.36 ? 'active' : share < 0.64 ? 'sporadic' : share < 0.96 ? 'dormant' : null
  })
}

