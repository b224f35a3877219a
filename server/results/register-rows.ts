import type { Db } from '../db/database.js'
import { roundNameSet } from '../db/reference-data.js'
import { countryName } from '../questionnaire/countries.js'
import { fieldOptions } from '../questionnaire/kinds/row-list.js'
import { registers } from '../questionnaire/survey-figures.js'
import type { RowsQuestion } from '../questionnaire/types.js'
import { neutralLabel } from '../questionnaire/wording.js'
import { roundQuestionnaire } from '../survey/round-questionnaire.js'
import { submittedRows } from './register.js'

/** One collaboration in the public vänortsregister: where, with whom, which form. No personal data, no free text. */
export interface PublicRow {
  organisationCode: string
  organisation: string
  /** "Kommun", or the round's word for a region ("Landsting/region" until 2018, "Region" since). */
  kind: string
  countyCode: string
  county: string
  partner: string
  countryCode: string
  country: string
  formId: string
  form: string
  activity: string
}

function label (q: RowsQuestion, field: string, v: unknown): string {
  const options = fieldOptions(q, field)
  if (options === null) return ''
  const o = options.find((x) => x.id === v)
  return o === undefined ? 'Ej angiven' : neutralLabel(o)
}

/**
 * Every twin town and municipal partnership of a round's submitted responses to which the question applied (as in
 * the admin's register), in organisation order, as they are stored now: what a publication copies. Only the
 * register question's place, country, form and activity are read.
 */
export async function liveRegisterRows (db: Db, roundId: number): Promise<Array<{ organisationId: number, row: PublicRow }>> {
  const q = (await roundQuestionnaire(db, roundId)).question(registers.twinTowns) as RowsQuestion
  const region = (await roundNameSet(db, roundId)).region
  return (await submittedRows(db, roundId, q.id)).map((r) => {
    const d = r.data
    const country = typeof d.country === 'string' ? d.country : ''
    return {
      organisationId: r.organisationId,
      row: {
        organisationCode: r.code,
        organisation: r.organisation,
        kind: r.kind === 'municipality' ? 'Kommun' : region,
        countyCode: r.countyCode,
        county: r.county,
        partner: typeof d.partner === 'string' ? d.partner : '',
        countryCode: country,
        country: country === '' ? 'Ej angivet' : countryName(country),
        formId: typeof d.form === 'string' ? d.form : '',
        form: label(q, 'form', d.form),
        activity: label(q, 'activity', d.activity)
      }
    }
  })
}

