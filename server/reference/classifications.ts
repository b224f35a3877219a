/** A kommungrupp classification shipped with the product: the groups its results by kommungrupp use. */
export interface Classification {
  id: string
  name: string
  /** A name short enough for a heading on a phone, e.g. "SKL:s indelning 2017". */
  shortName: string
  source: string
  /** Files in server/reference/: the groups (kod, namn, huvudgrupp_kod, huvudgrupp) and each kommun's group (kommunkod and this column). */
  files: { groups: string, municipalities: string, groupColumn: string }
}

/**
 * The classifications a round may use, loaded at every start into classification_group and organisation_group.
 * SKL's 2017 classification (server/reference/kommuner.csv and kommungrupper.csv) is the one the 2018 report used.
 * A later classification from SKR is added here with its two files and its source; a round created with it has
 * its results by kommungrupp, its dropout analysis and its exports grouped by it.
 */
export const classifications: readonly Classification[] = [
  {
    id: 'skl-2017',
    name: 'SKL:s kommungruppsindelning 2017',
    shortName: 'SKL:s indelning 2017',
    source: 'Sveriges Kommuner och Landsting, Kommungruppsindelning 2017 (reviderad), 9 kommungrupper i 3 huvudgrupper',
    files: { groups: 'kommungrupper.csv', municipalities: 'kommuner.csv', groupColumn: 'kommungrupp_kod' }
  }
]

/** The classification with this id, or undefined. */
export function findClassification (id: string): Classification | undefined {
  return classifications.find((c) => c.id === id)
}

/** The classification of a round, by its stored id; an unknown id is a database from a newer version. */
export function classificationOf (id: string): Classification {
  return findClassification(id) ?? { id, name: `kommungruppsindelning ${id}`, shortName: id, source: 'okänd källa', files: { groups: '', municipalities: '', groupColumn: '' } }
}
