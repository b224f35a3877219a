import { independentChoices, seededRandom, shuffled, weightedSample } from '../statistics/seeded.js'
import type { Answers, MultiAnswer, RowAnswer } from './answers.js'

// The demo and test answers of this survey ("Internationella samarbeten"), shaped like the 2018 report. With the
// definition and survey-figures.ts, the only code that names question ids.
//
// What the report publishes is fixed exactly (response rates, engagement, q03's "not prioritised", the 527 rows of
// q04 with their countries and activity shares, culture's share of q05's mentions, own funds in q08, q15); all the
// rest is drawn from a second seeded source, so organisations answer differently but the round is the same every run.

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
  'Flera vänorter har blivit vilande de senaste åren. Vi ser över vilka vi ska behålla.',
  'EU-projekten kräver mycket administration i förhållande till storleken på kommunen.',
  'Vi samarbetar främst genom regionens nätverk och deltar sällan på egen hand.',
  'Ungdomsutbytena med vänorten är det som engagerar flest invånare.',
  'Det internationella arbetet saknar en egen budget och konkurrerar med kärnverksamheten.',
  'Vi har en ny internationell strategi sedan i fjol och räknar med fler samarbeten.'
]

/** What "Annat" says, by what the question asks about. */
const otherTexts = {
  reason: ['Vi har slagit ihop förvaltningar och prioriterar om.', 'Kommunen är för liten för att driva egna samarbeten.', 'Politiskt beslut att avveckla vänorterna 2015.'],
  area: ['Idrott och ungdomsutbyten', 'Räddningstjänst', 'Jämställdhet', 'Kyrkans och föreningarnas utbyten'],
  coordination: ['Vänortsföreningen sköter kontakterna.', 'Via regionens internationella kontor.', 'Kommunalförbundet samordnar.'],
  funding: ['Vänortsföreningens medlemsavgifter', 'Sponsorer i det lokala näringslivet', 'Svenska institutet'],
  value: ['Utbyten för skolelever', 'Stolthet och gemenskap i bygden'],
  obstacle: ['Språket', 'Svårt att få svar från partnern', 'Resorna tar mycket tid']
}

/** The areas besides culture as the report ranks them (weights for drawing a twin town's areas, q05). */
const twinAreas: Record<string, number> = {
  education: 26, leisure: 14, business: 13, tourism: 11, environment: 11, democracy: 9, social_care: 7,
  integration: 7, municipal_engineering: 5, health_care: 5, regional_development: 5, other: 2
}
/** Chances of each area in other international cooperation (q11): projects and networks on growth and environment. */
const cooperationAreas: Record<string, number> = {
  business: 0.5, environment: 0.45, regional_development: 0.42, education: 0.35, culture: 0.22, tourism: 0.2, democracy: 0.14,
  integration: 0.14, municipal_engineering: 0.1, health_care: 0.1, social_care: 0.07, leisure: 0.06, other: 0.03
}
const coordination: Record<string, number> = { departments: 0.5, officer: 0.45, assembly: 0.18, steering_group: 0.12, other: 0.04 }
const partnershipCoordination: Record<string, number> = { officer: 0.5, departments: 0.35, steering_group: 0.25, assembly: 0.1, other: 0.03 }
const twinFunding: Record<string, number> = { eu_funds: 0.3, nordic_council: 0.08, other_state_agencies: 0.06, private: 0.05, sida_icld: 0.03, other: 0.03 }
const partnershipFunding: Record<string, number> = { sida_icld: 0.9, own_funds: 0.45, eu_funds: 0.08, other_state_agencies: 0.05, other: 0.03 }
const cooperationFunding: Record<string, number> = { eu_funds: 0.75, own_funds: 0.55, nordic_council: 0.12, other_state_agencies: 0.1, private: 0.04, other: 0.03 }
const values: Record<string, number> = { competence: 0.7, networks: 0.62, operations: 0.45, attractiveness: 0.3, external_funding: 0.28, goals: 0.22, other: 0.03 }
const obstacles: Record<string, number> = { lack_of_time: 0.65, lack_of_funding: 0.55, not_prioritised: 0.3, organisational: 0.25, lack_of_competence: 0.2, other: 0.05 }
const reasons: Record<string, number> = { lack_of_time: 0.35, lack_of_funding: 0.3, lack_of_knowledge: 0.2, ended: 0.08, other: 0.1 }

const firstNames = ['Anna', 'Erik', 'Maria', 'Lars', 'Karin', 'Johan', 'Sara', 'Peter', 'Eva', 'Mikael', 'Lena', 'Anders', 'Emma', 'Fredrik', 'Helena', 'Jonas', 'Sofia', 'Per', 'Malin', 'Ahmed', 'Leila', 'Nils']
const lastNames = ['Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson', 'Larsson', 'Olsson', 'Persson', 'Svensson', 'Gustafsson', 'Lindberg', 'Holm', 'Berg', 'Sandberg', 'Åkesson', 'Öberg', 'Hassan', 'Lindqvist']
const titles = ['Internationell samordnare', 'Kommunsekreterare', 'Utvecklingsstrateg', 'EU-samordnare', 'Kanslichef', 'Näringslivschef', 'Strateg, internationella frågor']

/** One item of a list, chosen by an index that wraps around. */
function pick<T> (items: readonly T[], index: number): T {
  return items[Math.floor(index) % items.length] as T
}

/** A multiple-choice answer; "Annat" gets a text of its kind. */
function multi (selected: string[], other: keyof typeof otherTexts, rnd: () => number): MultiAnswer {
  const unique = [...new Set(selected)]
  return { selected: unique, other: unique.includes('other') ? pick(otherTexts[other], rnd() * 10) : null }
}

/** What the report fixes for one kind of organisation, decided once for all of them (indexes within a pattern). */
interface Quotas {
  areaCounts: number[], culture: Set<number>, ownFunds: Set<number>, reasonGiven: Set<number>, notPrioritised: Set<number>
  /**
   * Whether funding besides own funds is drawn freely. Not for the six regions: a count of one of theirs would be
   * hidden in the published report, and with it (alla = kommuner + regioner) the kommuner's share of own funds
   * that the report states; they get EU funds every other one, as before.
   */
  freeFunding: boolean
}

/**
 * The report's fixed shares, spread over organisations at random: each organisation with twin towns names 1–10
 * areas, five on average (730 mentions for 146 kommuner), culture among them in 117 of 146; own funds in all but
 * one in 25 (140 of 146); of those without engagement, all but one in 20 say why (38 of 40), 26 of 38 "not prioritised".
 */
function quotasFor (s: Shape, kind: 'municipality' | 'region', rnd: () => number): Quotas {
  const twins = s.both + s.twinOnly
  const none = s.submitted - s.both - s.twinOnly - s.otherOnly
  const indexes = (n: number): number[] => Array.from({ length: n }, (_, i) => i)
  const some = (from: number[], n: number): Set<number> => new Set(shuffled(from, rnd).slice(0, n))
  const reasonGiven = some(indexes(none), none - Math.floor(none / 20))
  return {
    areaCounts: areaCounts(twins, 5 * twins, rnd),
    culture: some(indexes(twins), Math.round(twins * 117 / 146)),
    ownFunds: new Set(indexes(twins).filter((i) => i % 25 !== 0)),
    reasonGiven,
    notPrioritised: some([...reasonGiven], Math.round(reasonGiven.size * 26 / 38)),
    freeFunding: kind === 'municipality'
  }
}

/** How many areas each of n organisations names (1–10, most 3–6), adding up to the total. */
function areaCounts (n: number, total: number, rnd: () => number): number[] {
  const spread = { 1: 3, 2: 8, 3: 14, 4: 18, 5: 18, 6: 14, 7: 10, 8: 7, 9: 4 }
  const counts = Array.from({ length: n }, () => Number(weightedSample(spread, 1, rnd)[0]))
  let diff = total - counts.reduce((s, c) => s + c, 0)
  while (diff !== 0 && n > 0) {
    const j = Math.floor(rnd() * n)
    const c = counts[j] ?? 1
    if (diff > 0 && c < 10) { counts[j] = c + 1; diff-- } else if (diff < 0 && c > 1) { counts[j] = c - 1; diff++ }
  }
  return counts
}

/** A contact person with a plausible name and title. */
function contact (rnd: () => number): Answers[string] {
  const first = pick(firstNames, rnd() * firstNames.length)
  const last = pick(lastNames, rnd() * lastNames.length)
  const ascii = (s: string): string => s.toLowerCase().normalize('NFD').replace(/[^a-z]/g, '')
  return { name: `${first} ${last}`, title: pick(titles, rnd() * titles.length), email: `${ascii(first)}.${ascii(last)}@example.se`, phone: rnd() < 0.6 ? `010-${String(1000000 + Math.floor(rnd() * 8999999)).slice(0, 3)} ${String(Math.floor(rnd() * 100)).padStart(2, '0')} ${String(Math.floor(rnd() * 100)).padStart(2, '0')}` : null }
}

/**
 * Answers for one organisation with the given engagement. index is its place within its pattern (what the quotas
 * refer to); rnd is the source that chose the organisations (its draws here are kept so that the same ones are
 * chosen as before), vary the source of everything the report leaves free.
 */
function answersFor (pattern: 'both' | 'twin' | 'other' | 'none', i: number, q: Quotas, rnd: () => number, vary: () => number): Answers {
  const q01 = pattern === 'both' || pattern === 'twin' ? 'yes' : 'no'
  const q02 = pattern === 'both' || pattern === 'other' ? 'yes' : 'no'
  const a: Answers = { q01, q02 }
  if (pattern === 'none') {
    if (q.reasonGiven.has(i)) {
      const np = q.notPrioritised.has(i)
      a.q03 = multi([...(np ? ['not_prioritised'] : []), ...independentChoices(reasons, vary, np ? 0 : 1, 3)], 'reason', vary)
    }
    if (vary() < 0.2) a.q17 = pick(comments, vary() * comments.length)
    return a
  }
  if (q01 === 'yes') {
    for (let k = 0; k < 1 + (i % 5); k++) rnd()
    a.q04 = []
    const culture = q.culture.has(i)
    a.q05 = multi([...(culture ? ['culture'] : []), ...weightedSample(twinAreas, (q.areaCounts[i] ?? 5) - (culture ? 1 : 0), vary)], 'area', vary)
    if (vary() < 0.95) a.q06 = multi(independentChoices(coordination, vary, 1, 3), 'coordination', vary)
    const own = q.ownFunds.has(i)
    const extra = q.freeFunding ? independentChoices(twinFunding, vary, own ? 0 : 1, 3) : i % 2 === 0 || !own ? ['eu_funds'] : []
    a.q08 = multi([...(own ? ['own_funds'] : []), ...extra], 'funding', vary)
  }
  if (q02 === 'yes') {
    const first = pick(collaborations, i)
    const second = pick(collaborations, i * 7 + 3)
    a.q10 = [first, ...(i % 3 === 0 && second !== first ? [second] : [])].map((c, k) => ({ name: c.name, kind: c.kind, countries: c.countries, activity: pick(['active', 'sporadic', 'dormant'], i + k) }))
    a.q11 = multi(independentChoices(cooperationAreas, vary, 1, 5), 'area', vary)
    if (vary() < 0.95) a.q12 = multi(independentChoices(coordination, vary, 1, 2), 'coordination', vary)
    a.q13 = multi(independentChoices(cooperationFunding, vary, 1, 4), 'funding', vary)
  }
  if (vary() < 0.97) a.q14 = multi(independentChoices(values, vary, 1, 5), 'value', vary)
  const h = (i * 37) % 173
  a.q15 = h < 65 ? 'yes' : h < 125 ? 'no' : h < 170 ? 'cannot_judge' : null
  if (a.q15 === 'yes') a.q16 = multi(independentChoices(obstacles, vary, 1, 4), 'obstacle', vary)
  if (vary() < 0.17) a.q17 = pick(comments, vary() * comments.length)
  a.q18 = contact(vary)
  return a
}

/** Coordination and funding of municipal partnerships (q07, q09), from those whose rows include one; a few leave them blank. */
function partnershipAnswers (all: Answers[], vary: () => number): void {
  for (const a of all) {
    if (!((a.q04 ?? []) as RowAnswer[]).some((r) => r.form === 'municipal_partnership')) continue
    if (vary() < 0.9) a.q07 = multi(independentChoices(partnershipCoordination, vary, 1, 3), 'coordination', vary)
    if (vary() < 0.9) a.q09 = multi(independentChoices(partnershipFunding, vary, 1, 3), 'funding', vary)
  }
}

/**
 * Answers for the organisations of each kind (ids in a stable order), in the engagement patterns of the shape:
 * seeded, so the same every time.
 */
export function demoAnswers (organisations: Record<'municipality' | 'region', number[]>, opts: { shape?: typeof reportShape, seed?: number } = {}): Array<{ organisationId: number, answers: Answers }> {
  const shape = opts.shape ?? reportShape
  const seed = opts.seed ?? 2018
  const rnd = seededRandom(seed)
  const vary = seededRandom(seed + 2)
  const planned: Array<{ organisationId: number, kind: 'municipality' | 'region', answers: Answers }> = []
  for (const kind of ['municipality', 'region'] as const) {
    const orgs = shuffled(organisations[kind], rnd)
    const s = shape[kind]
    const quotas = quotasFor(s, kind, vary)
    for (const [i, id] of orgs.slice(0, s.submitted).entries()) {
      const pattern = i < s.both ? 'both' : i < s.both + s.twinOnly ? 'twin' : i < s.both + s.twinOnly + s.otherOnly ? 'other' : 'none'
      const index = pattern === 'none' ? i - s.both - s.twinOnly - s.otherOnly : i
      planned.push({ organisationId: id, kind, answers: answersFor(pattern, index, quotas, rnd, vary) })
    }
  }
  assignTwinRows(planned, seededRandom(seed + 1))
  spreadTwinActivity(planned.map((p) => p.answers), seededRandom(seed + 3))
  partnershipAnswers(planned.map((p) => p.answers), vary)
  return planned.map(({ organisationId, answers }) => ({ organisationId, answers }))
}

/**
 * The first page of a demo organisation that started but never submitted: whether it has twin towns and other
 * cooperation, drawn from the seed.
 */
export function startedAnswers (seed: number): Answers {
  const rnd = seededRandom(seed)
  return { q01: rnd() < 0.6 ? 'yes' : 'no', q02: rnd() < 0.35 ? 'yes' : 'no' }
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
  const order = shuffled(rest, rnd)
  let next = 0
  for (const [i] of withTwins.entries()) {
    const r = rows[i] as Array<string | null>
    while (r.length < (counts[i] ?? 0) && next < order.length) r.push(order[next++] ?? null)
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

/**
 * Gives the twin-town rows the report's activity shares (36 % active, 28 % sporadic, 32 % dormant, 4 % not given),
 * dealt out at random over the rows, so kommuner and regions alike have every level.
 */
function spreadTwinActivity (all: Answers[], rnd: () => number): void {
  const twins = all.flatMap((a) => ((a.q04 ?? []) as RowAnswer[]).filter((r) => r.form === 'twin_town'))
  const levels = twins.map((_, k) => {
    const share = k / twins.length
    return share < 0.36 ? 'active' : share < 0.64 ? 'sporadic' : share < 0.96 ? 'dormant' : null
  })
  shuffled(levels, rnd).forEach((level, k) => { (twins[k] as RowAnswer).activity = level })
}
