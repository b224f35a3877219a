/** The names of organisations at one time, and the word for the regions then: what a round's pages, mails and downloads say. */
export interface NameSet {
  id: string
  name: string
  /** The column of server/reference/regioner.csv with the regions' names (kommuner keep theirs). */
  column: 'namn_2018' | 'namn_2019'
  /** The regions as a group, in running text and as a heading: "landsting/regioner" until 2018, "regioner" since. */
  regions: string
  regionsTitle: string
  /** The regions in the definite form: "landstingen/regionerna" or "regionerna". */
  regionsDefinite: string
  /** One region, as in a register row. */
  region: string
  source: string
}

/**
 * The name sets a round may use, oldest first. Every landsting became a region on 1 January 2019 (lag (2019) om
 * regionalt utvecklingsansvar), and seven took new names. A round keeps the set it was created with: the first
 * round of the product reproduces the 2018 survey and has the 2018 names; a round created later takes the newest.
 */
export const nameSets: readonly NameSet[] = [
  {
    id: 'namn-2018',
    name: 'Namnen 2018 (landsting/regioner)',
    column: 'namn_2018',
    regions: 'landsting/regioner',
    regionsTitle: 'Landsting/regioner',
    regionsDefinite: 'landstingen/regionerna',
    region: 'Landsting/region',
    source: 'Internationella samarbeten 2018, SKL (landstingens och regionernas namn som enkäten använde)'
  },
  {
    id: 'namn-2019',
    name: 'Namnen sedan 1 januari 2019 (regioner)',
    column: 'namn_2019',
    regions: 'regioner',
    regionsTitle: 'Regioner',
    regionsDefinite: 'regionerna',
    region: 'Region',
    source: 'Lag (2019) om regionalt utvecklingsansvar; regionernas namn från 1 januari 2019'
  }
]

/** The newest name set: what a new round takes. */
export const newestNameSet = (nameSets[nameSets.length - 1] as NameSet).id

/** The name set with this id; an unknown id (a database from a newer version) reads as the newest. */
export function nameSetOf (id: string): NameSet {
  return nameSets.find((s) => s.id === id) ?? (nameSets[nameSets.length - 1] as NameSet)
}
