import { readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import { fromRoot } from '../paths.js'
import type { Db } from './database.js'

type Row = Record<string, string>

function readCsv (name: string): Row[] {
  return parse(readFileSync(fromRoot('server', 'reference', name), 'utf8'), {
    columns: true, bom: true, skip_empty_lines: true, trim: true
  })
}

/** Loads kommungrupper, län, 290 kommuner and 20 regioner; running it again changes nothing. */
export async function loadReferenceData (db: Db): Promise<void> {
  const groups = readCsv('kommungrupper.csv').map((r) => ({
    code: r.kod, name: r.namn, main_group_code: r.huvudgrupp_kod, main_group_name: r.huvudgrupp
  }))
  const municipalities = readCsv('kommuner.csv')
  const regions = readCsv('regioner.csv')
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
  return new Set(readCsv('icld-countries.csv').map((r) => r.iso2))
}
