import { readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import { type RawBuilder, sql } from 'kysely'
import { fromRoot } from '../paths.js'
import type { Db } from './database.js'
import { classifications } from '../reference/classifications.js'
import { type NameSet, nameSetOf, nameSets } from '../reference/name-sets.js'


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
  const regions = readCsv('regioner.csv', ['lanskod', 'lan', 'namn_2018', 'namn_2019'])
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
  await loadClassifications(db)
  await loadNameSets(db, regions)
}

/** The regions' names in every name set (kommuner keep organisation.name), updating what was there. */
async function loadNameSets (db: Db, regions: Array<Record<'lanskod' | 'namn_2018' | 'namn_2019', string>>): Promise<void> {
  const ids = new Map((await db.selectFrom('organisation').select(['id', 'code']).where('kind', '=', 'region').execute()).map((o) => [o.code, o.id]))
  const rows = nameSets.flatMap((s) => regions.flatMap((r) => {
    const id = ids.get(r.lanskod)
    return id === undefined ? [] : [{ name_set: s.id, organisation_id: id, name: r[s.column] }]
  }))
  await db.insertInto('organisation_name').values(rows)
    .onConflict((oc) => oc.columns(['name_set', 'organisation_id']).doUpdateSet((eb) => ({ name: eb.ref('excluded.name') }))).execute()
}

/**
 * An organisation's name as a round uses it (its name set), in SQL: `organisation` is the alias of the organisation
 * table as written in the query (e.g. 'o'), `round` the round's id or its column (e.g. 'l.round_id').
 */
export function nameInRound (organisation: string, round: string | number): RawBuilder<string> {
  const roundId = typeof round === 'number' ? sql`${round}` : sql.ref(round)
  return sql<string>`coalesce((select n.name from organisation_name n join round nr on nr.name_set = n.name_set where n.organisation_id = ${sql.ref(`${organisation}.id`)} and nr.id = ${roundId}), ${sql.ref(`${organisation}.name`)})`
}

/** A round's name set: the organisations' names and the word for the regions its pages, mails and downloads use. */
export async function roundNameSet (db: Db, roundId: number): Promise<NameSet> {
  return nameSetOf((await db.selectFrom('round').select('name_set').where('id', '=', roundId).executeTakeFirstOrThrow()).name_set)
}

/**
 * Loads every shipped kommungrupp classification into classification_group and organisation_group (updating what
 * was there), after the organisations. A file that misses a kommun, names one twice or names an unknown group is an
 * error in the file, named with it.
 */
async function loadClassifications (db: Db): Promise<void> {
  // The shipped kommuner only (test and bench rounds add copies with a suffixed code, which carry their own groups).
  const ids = new Map((await db.selectFrom('organisation').select(['id', 'code']).where('kind', '=', 'municipality').where('code', 'not like', '%-%').execute()).map((o) => [o.code, o.id]))
  const realKommuner = ids.size
  for (const c of classifications) {
    const groups = readCsv(c.files.groups, ['kod', 'namn', 'huvudgrupp_kod', 'huvudgrupp'])
    const members = readCsv(c.files.municipalities, ['kommunkod', c.files.groupColumn])
    const known = new Set(groups.map((g) => g.kod))
    const rows = members.map((m, i) => {
      const id = ids.get(m.kommunkod ?? '')
      const group = m[c.files.groupColumn] ?? ''
      if (id === undefined || !known.has(group)) throw new Error(`server/reference/${c.files.municipalities}, row ${i + 2}: kommun ${m.kommunkod} or group ${group} is unknown (classification ${c.id})`)
      return { classification: c.id, organisation_id: id, group_code: group }
    })
    if (rows.length !== new Set(rows.map((r) => r.organisation_id)).size || rows.length !== realKommuner) {
      throw new Error(`server/reference/${c.files.municipalities}: classification ${c.id} has ${rows.length} rows for the ${realKommuner} kommuner`)
    }
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('classification_group').values(groups.map((g) => ({ classification: c.id, code: g.kod, name: g.namn, main_group_code: g.huvudgrupp_kod, main_group_name: g.huvudgrupp })))
        .onConflict((oc) => oc.columns(['classification', 'code']).doUpdateSet((eb) => ({ name: eb.ref('excluded.name'), main_group_code: eb.ref('excluded.main_group_code'), main_group_name: eb.ref('excluded.main_group_name') }))).execute()
      for (let i = 0; i < rows.length; i += 500) {
        await trx.insertInto('organisation_group').values(rows.slice(i, i + 500))
          .onConflict((oc) => oc.columns(['classification', 'organisation_id']).doUpdateSet((eb) => ({ group_code: eb.ref('excluded.group_code') }))).execute()
      }
    })
  }
}

/** The ISO codes of the countries where ICLD runs municipal partnerships. */
export function icldCountries (): Set<string> {
  return new Set(readCsv('icld-countries.csv', ['iso2']).map((r) => r.iso2))
}

/** A round's kommungrupp classification (its id in classification_group and organisation_group). */
export async function roundClassification (db: Db, roundId: number): Promise<string> {
  return (await db.selectFrom('round').select('classification').where('id', '=', roundId).executeTakeFirstOrThrow()).classification
}

/** The main groups of a classification's kommungrupper (as classificationGroups gives them), in order, each once. */
export function mainGroups (groups: ReadonlyArray<{ main_group_code: string, main_group_name: string }>): Array<{ code: string, name: string }> {
  return [...new Map(groups.map((g) => [g.main_group_code, g.main_group_name]))].map(([code, name]) => ({ code, name }))
}

/** The kommungrupper of a classification with their main groups, by code. */
export async function classificationGroups (db: Db, classification: string): Promise<Array<{ code: string, name: string, main_group_code: string, main_group_name: string }>> {
  return await db.selectFrom('classification_group').select(['code', 'name', 'main_group_code', 'main_group_name']).where('classification', '=', classification).orderBy('code').execute()
}
