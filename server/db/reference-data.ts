import { readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import { fromRoot } from '../paths.js'
import type { Db } from './database.js'


/** The rows of a shipped reference file with these columns; a missing column is an error in the file, named with it. */
function readCsv<K extends string> (name: string, columns: readonly K[]): Array<Record<K, string>> {
  const rows = parse(readFileSync(fromRoot('server', 'reference', name), 'utf8'), {
    columns: true, bom: true, skip_empty_lines: true, trim: true
  }) as Array<Record<string, string | undefined>>
  return rows.map((r, i) => Object.fromEntries(columns.map((c) => {
    const v = r[c]
    if (v === undefined) throw new Error(`server/reference/${name}, row ${i + 2}: no column ${c}`)
    return [c, v]
  })) as Record<K, string>)
}

/** Loads kommungrupper, län, 290 kommuner and 20 regioner; running it again changes nothing. */
export async function loadReferenceData (db: Db): Promise<void> {
  const groups = readCsv('kommungrupper.csv', ['kod', 'namn', 'huvudgrupp_kod', 'huvudgrupp']).map((r) => ({
    code: r.kod, name: r.namn, main_group_code: r.huvudgrupp_kod, main_group_name: r.huvudgrupp
  }))
  const municipalities = readCsv('kommuner.csv', ['kommunkod', 'namn', 'lanskod', 'lan', 'kommungrupp_kod'])
  const regions = readCsv('regioner.csv', ['lanskod', 'lan', 'namn_2018'])
  const counties = new Map<string, string>()
  for (const r of [...municipalities, ...regions]) counties.set(r.lanskod, r.lan)

  await db.transaction().execute(async (trx) => {
    await trx.insertInto('municipality_group').values(groups)
      .onConflict((oc) => oc.column('code').doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'),
        main_group_code: eb.ref('excluded.main_group_code'),
        main_group_name: eb.ref('excluded.main_group_name')
      }))).execute()
    await trx.insertInto('county').values([...counties].map(([code, name]) => ({ code, name })))
      .onConflict((oc) => oc.column('code').doUpdateSet((eb) => ({ name: eb.ref('excluded.name') }))).execute()
    const organisations = [
      ...municipalities.map((r) => ({
        code: r.kommunkod, kind: 'municipality' as const, name: r.namn, county_code: r.lanskod, municipality_group_code: r.kommungrupp_kod
      })),
      ...regions.map((r) => ({
        code: r.lanskod, kind: 'region' as const, name: r.namn_2018, county_code: r.lanskod, municipality_group_code: null
      }))
    ]
    await trx.insertInto('organisation').values(organisations)
      .onConflict((oc) => oc.column('code').doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'),
        kind: eb.ref('excluded.kind'),
        county_code: eb.ref('excluded.county_code'),
        municipality_group_code: eb.ref('excluded.municipality_group_code')
      }))).execute()
  })
}

/** The ISO codes of the countries where ICLD runs municipal partnerships. */
export function icldCountries (): Set<string> {
  return new Set(readCsv('icld-countries.csv', ['iso2']).map((r) => r.iso2))
}
