import { createRequire } from 'node:module'
import countries from 'i18n-iso-countries'

const require = createRequire(import.meta.url)
countries.registerLocale(require('i18n-iso-countries/langs/sv.json'))
countries.registerLocale(require('i18n-iso-countries/langs/en.json'))

const officialNames = countries.getNames('sv', { select: 'official' }) as Record<string, string>
const allNames = countries.getNames('sv', { select: 'all' }) as unknown as Record<string, string[]>
const englishNames = countries.getNames('en', { select: 'all' }) as unknown as Record<string, string[]>

/** Territories without a population to cooperate with: not offered and not accepted. */
const uninhabited = new Set(['AQ', 'BV', 'HM', 'TF', 'GS', 'UM'])

/**
 * The names Swedish public bodies use where the ISO list says otherwise (Utrikesdepartementet's forms), without
 * commas, so a list of countries separated by commas can always be read back.
 */
const swedishNames: Record<string, string> = {
  PS: 'Palestina',
  MM: 'Myanmar',
  CD: 'Kongo-Kinshasa',
  CG: 'Kongo-Brazzaville',
  BQ: 'Karibiska Nederländerna'
}

/** Other names people write for a country. */
const aliases: Record<string, string[]> = {
  PS: ['Palestina', 'Palestinska territorierna', 'Palestinska territoriet', 'Palestinska territoriet, ockuperade', 'Västbanken', 'Gaza'],
  MM: ['Myanmar', 'Burma'],
  CD: ['Kongo-Kinshasa', 'DR Kongo', 'Demokratiska republiken Kongo', 'Kongo (Kinshasa)'],
  CG: ['Kongo-Brazzaville', 'Republiken Kongo', 'Kongo (Brazzaville)'],
  BQ: ['Karibiska Nederländerna', 'Bonaire, Saint Eustatius och Saba', 'Bonaire'],
  GB: ['Förenade kungariket', 'England', 'Skottland', 'Wales', 'Nordirland', 'UK'],
  US: ['Förenta staterna', 'Amerika', 'USA'],
  NL: ['Holland'],
  BY: ['Vitryssland'],
  MK: ['Makedonien'],
  SZ: ['Swaziland'],
  CZ: ['Tjeckiska republiken'],
  KR: ['Korea', 'Republiken Korea'],
  KP: ['Demokratiska folkrepubliken Korea'],
  CI: ["Côte d'Ivoire"],
  TR: ['Türkiye'],
  CV: ['Kap Verde'],
  AE: ['Förenade arabemiraten', 'Arabemiraten']
}

/** Names that fit more than one country: the answer says which to choose between. */
const ambiguous: Record<string, string> = {
  kongo: 'Det finns två Kongo: skriv Kongo-Kinshasa (Demokratiska republiken Kongo) eller Kongo-Brazzaville.',
  congo: 'Det finns två Kongo: skriv Kongo-Kinshasa (Demokratiska republiken Kongo) eller Kongo-Brazzaville.'
}

const collator = new Intl.Collator('sv')

/** The Swedish name of an ISO code; the code itself if unknown. */
export function countryName (code: string): string {
  return swedishNames[code] ?? officialNames[code] ?? code
}

/** Every inhabited country or territory with its Swedish name, sorted as Swedes sort. */
export const countryList: ReadonlyArray<{ code: string, name: string }> = Object.keys(officialNames)
  .filter((code) => !uninhabited.has(code))
  .map((code) => ({ code, name: countryName(code) }))
  .sort((a, b) => collator.compare(a.name, b.name))

export const countryCodes: ReadonlySet<string> = new Set(countryList.map((c) => c.code))

function normalise (name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('sv')
}

const byName = new Map<string, string>()
for (const [code, names] of Object.entries(allNames)) {
  if (uninhabited.has(code)) continue
  for (const name of names) byName.set(normalise(name), code)
  byName.set(normalise(code), code)
}
for (const [code, names] of Object.entries(aliases)) for (const name of names) byName.set(normalise(name), code)
for (const { code, name } of countryList) byName.set(normalise(name), code)
// English names ("Germany", "Ivory Coast") are accepted too; a Swedish name always wins over an English one, and an
// English name of two countries ("Congo") is taken by neither.
const englishCodes = new Map<string, Set<string>>()
for (const [code, names] of Object.entries(englishNames)) {
  if (uninhabited.has(code)) continue
  for (const name of names) englishCodes.set(normalise(name), (englishCodes.get(normalise(name)) ?? new Set()).add(code))
}
for (const [name, codes] of englishCodes) if (codes.size === 1 && !byName.has(name)) byName.set(name, [...codes][0] as string)

/** The ISO code for a Swedish or English country name, a common other name or an ISO code, or undefined. */
export function countryCodeFromName (name: string): string | undefined {
  return byName.get(normalise(name))
}

/** Why a name that is not a country was not taken, in Swedish, when there is more to say than that it is unknown. */
export function countryHint (name: string): string | null {
  return ambiguous[normalise(name)] ?? null
}

/** The most comma-separated parts any known name has ("Bonaire, Saint Eustatius och Saba" has two). */
const maxNameParts = Math.max(1, ...[...byName.keys()].map((name) => name.split(',').length))

/**
 * Reads a list of countries separated by commas, semicolons or line breaks, in time linear in the text. A name
 * that itself holds a comma ("Bonaire, Saint Eustatius och Saba") is read as one name: at each place the longest
 * run of at most `maxNameParts` parts that is a known name is taken. Returns the codes in order (without
 * repeats) and the parts that are no country.
 */
export function parseCountryList (text: string): { codes: string[], unknown: string[] } {
  const codes = new Set<string>()
  const unknown: string[] = []
  for (const line of text.split(/[;\n]/)) {
    const parts = line.split(',').map((s) => s.trim())
    let i = 0
    while (i < parts.length) {
      if (parts[i] === '') { i++; continue }
      let taken = 0
      for (let j = Math.min(parts.length, i + maxNameParts); j > i; j--) {
        const code = countryCodeFromName(parts.slice(i, j).join(', '))
        if (code !== undefined) {
          codes.add(code)
          taken = j - i
          break
        }
      }
      if (taken === 0) { unknown.push(parts[i] as string); taken = 1 }
      i += taken
    }
  }
  return { codes: [...codes], unknown }
}
