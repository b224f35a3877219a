import { sql } from 'kysely'
import type { Db } from '../db/database.js'
import { demoAnswers, type reportShape } from '../questionnaire/survey-demo.js'
import { writeSectionAnswers } from '../survey/responses.js'
import { roundQuestionnaire } from '../survey/round-questionnaire.js'
import { rebuildTallies } from '../survey/tallies.js'

/** Who the events of synthetic responses name: they were made by the demo, not typed by anyone. */
const SYNTHETIC_ACTOR = 'cli:demo'

/**
 * Fills a round with synthetic submitted responses shaped like the published report (or another shape), by
 * writing answers through the same repository functions as the form. Seeded and deterministic.
 */
export async function fillSyntheticRound (db: Db, roundId: number, opts: { shape?: typeof reportShape, seed?: number, at?: (i: number) => Date } = {}): Promise<void> {
  const at = opts.at ?? (() => new Date())
  const ids = async (kind: 'municipality' | 'region'): Promise<number[]> => (await db.selectFrom('organisation').select('id').where('kind', '=', kind).orderBy('code').execute()).map((o) => o.id)
  const planned = demoAnswers({ municipality: await ids('municipality'), region: await ids('region') }, opts)
  const { sections } = await roundQuestionnaire(db, roundId)
  let n = 0
  for (let start = 0; start < planned.length; start += 500) {
    await db.transaction().execute(async (trx) => {
      for (const { organisationId, answers } of planned.slice(start, start + 500)) {
        const org = { id: organisationId }
        const when = at(n++).toISOString()
        const { id } = await trx.insertInto('response').values({
          round_id: roundId, organisation_id: org.id, status: 'submitted', first_opened_at: when, first_saved_at: when, last_saved_at: when, submitted_at: when
        }).onConflict((oc) => oc.columns(['round_id', 'organisation_id']).doNothing()).returning('id').executeTakeFirst() ?? { id: -1 }
        if (id === -1) continue
        for (const section of sections) {
          await writeSectionAnswers(trx, id, section, answers)
          await trx.insertInto('response_section').values({ response_id: id, section: section.id, version: 1, saved_at: when }).execute()
          await trx.insertInto('response_event').values({ response_id: id, kind: 'saved', section: section.id, at: when, actor: SYNTHETIC_ACTOR }).execute()
        }
        await trx.insertInto('response_event').values({ response_id: id, kind: 'submitted', section: null, at: when, actor: SYNTHETIC_ACTOR }).execute()
      }
    })
  }
  await rebuildTallies(db, roundId)
}

/**
 * Multiplies a filled round: factor − 1 copies of every organisation (code "0180-2", …) with copies of their
 * responses and answers, made inside SQLite; for tests and benchmarks at scale.
 */
export async function multiplyRound (db: Db, roundId: number, factor: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (let c = 2; c <= factor; c++) {
      const suffix = `-${c}`
      await sql`insert into organisation (code, kind, name, county_code, municipality_group_code)
        select code || ${suffix}, kind, name || ' ' || ${String(c)}, county_code, municipality_group_code from organisation where code not like '%-%'`.execute(trx)
      await sql`insert into organisation_group (classification, organisation_id, group_code)
        select g.classification, o2.id, g.group_code from organisation_group g join organisation o on o.id = g.organisation_id join organisation o2 on o2.code = o.code || ${suffix}
        where o.code not like '%-%'`.execute(trx)
      const pair = sql`from response r join organisation o on o.id = r.organisation_id join organisation o2 on o2.code = o.code || ${suffix}
        join response r2 on r2.organisation_id = o2.id and r2.round_id = r.round_id`
      const where = sql`where r.round_id = ${roundId}`
      await sql`insert into response (round_id, organisation_id, status, first_opened_at, first_saved_at, last_saved_at, submitted_at)
        select r.round_id, o2.id, r.status, r.first_opened_at, r.first_saved_at, r.last_saved_at, r.submitted_at
        from response r join organisation o on o.id = r.organisation_id join organisation o2 on o2.code = o.code || ${suffix} where r.round_id = ${roundId}`.execute(trx)
      await sql`insert into answer_choice (response_id, question_id, option_id) select r2.id, a.question_id, a.option_id ${pair} join answer_choice a on a.response_id = r.id ${where}`.execute(trx)
      await sql`insert into answer_text (response_id, question_id, field, value) select r2.id, a.question_id, a.field, a.value ${pair} join answer_text a on a.response_id = r.id ${where}`.execute(trx)
      await sql`insert into response_section (response_id, section, version, saved_at) select r2.id, s.section, s.version, s.saved_at ${pair} join response_section s on s.response_id = r.id ${where}`.execute(trx)
      await sql`insert into answer_row (response_id, question_id, position, data) select r2.id, a.question_id, a.position, a.data ${pair} join answer_row a on a.response_id = r.id ${where}`.execute(trx)
    }
  })
  await rebuildTallies(db, roundId)
}
