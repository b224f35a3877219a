/** Norden as the report counts it: Finland incl. Åland, Norge, Danmark incl. Färöarna and Grönland, Island. */
const nordic = new Set(['FI', 'AX', 'NO', 'DK', 'FO', 'GL', 'IS', 'SE', 'SJ'])

/** The rest of Europe (the Council of Europe area and European microstates, Kosovo and Belarus included). */
const europe = new Set([
  'AL', 'AD', 'AM', 'AT', 'AZ', 'BY', 'BE', 'BA', 'BG', 'HR', 'CY', 'CZ', 'EE', 'FR', 'GE', 'DE', 'GI', 'GR', 'GG', 'HU', 'IE', 'IM',
  'IT', 'JE', 'XK', 'LV', 'LI', 'LT', 'LU', 'MT', 'MD', 'MC', 'ME', 'NL', 'MK', 'PL', 'PT', 'RO', 'RU', 'SM', 'RS', 'SK', 'SI', 'ES',
  'CH', 'TR', 'UA', 'GB', 'VA'
])

export type WorldRegion = 'nordic' | 'europe' | 'world'

export const worldRegionNames: Record<WorldRegion, string> = { nordic: 'Norden', europe: 'Övriga Europa', world: 'Övriga världen' }

/** The report's world region of a country code. */
export function worldRegion (code: string): WorldRegion {
  if (nordic.has(code)) return 'nordic'
  if (europe.has(code)) return 'europe'
  return 'world'
}
