import { createRequire } from 'node:module'
import countries from 'i18n-iso-countries'

const require = createRequire(import.meta.url)
countries.registerLocale(require('i18n-iso-countries/langs/sv.json'))

const officialNames = countries.getNames('sv', { select: 'official' }) as Record<string, string>
const allNames = countries.getNames('sv', { select: 'all' }) as unknown as Record<string, string[]>

const collator = new Intl.Collator('sv')

/** Every ISO 3166-1 alpha-2 country with its Swedish name, sorted as Swedes sort. */
export const countryList: ReadonlyArray<{ code: string, name: string }> = Object.entries(officialNames)
  .map(([code, name]) => ({ code, name }))
  .sort((a, b) => collator.compare(a.name, b.name))

export const countryCodes: ReadonlySet<string> = new Set(countryList.map((c) => c.code))

const byName = new Map<string, string>()
for (const [code, names] of Object.entries(allNames)) {
  for (const name of names) byName.set(normalise(name), code)
  byName.set(normalise(code), code)
}
for (const { code, name } of countryList) byName.set(normalise(name), code)

function normalise (name: string): string {
  return name.normalize('NFC').trim().toLocaleLowerCase('sv')
}

/** The Swedish name of an ISO code; the code itself if unknown. */
export function countryName (code: string): string {
  return officialNames[code] ?? code
}

/** The ISO code for a Swedish country name (or an ISO code), or undefined. */
export function countryCodeFromName (name: string): string | undefined {
  return byName.get(normalise(name))
}
