import { setImmediate } from 'node:timers/promises'
import { sql } from 'kysely'
import type { Db } from '../db/database.js'

/** Who a count belongs to: kind of organisation, kommungrupp and main group (null for regions). */
export interface Who { kind: 'municipality' | 'region', grp: string | null, main: string | null }
/** The answers that decide visibility (q01, q02, q15) of the responses counted. */
export interface Gate { q01: string | null, q02: string | null, q15: string | null }

export interface ChoiceCell extends Who, Gate { question_id: string, option_id: string, n: number }
export interface AnsweredCell extends Who, Gate { question_id: string, n: number }
export interface PopulationCell extends Who { population: number, submitted: number }
export interface GateCell extends Who, Gate { n: number }
export interface PartnershipCell extends Who, Gate { form: string | null, activity: string | null, country: string | null, n: number }
export interface CollaborationCell extends Who, Gate { kind_id: string | null, activity: string | null, n: number }

export interface Cells {
  population: PopulationCell[]
  gates: GateCell[]
  choices: ChoiceCell[]
  answered: AnsweredCell[]
  texts: AnsweredCell[]
  partnerships: PartnershipCell[]
  collaborations: CollaborationCell[]
}

/**
 * Every count the results need, aggregated in SQLite by organisation kind, kommungrupp and the gating answers,
 * so the figures for any group and any visibility rule are sums of these cells.
 */
export async function loadCells (db: Db, roundId: number): Promise<Cells> {
  const base = sql`
    from response r
    join organisation o on o.id = r.organisation_id
    left join municipality_group g on g.code = o.municipality_group_code
    left join answer_choice a1 on a1.response_id = r.id and a1.question_id = 'q01'
    left join answer_choice a2 on a2.response_id = r.id and a2.question_id = 'q02'
    left join answer_choice a15 on a15.response_id = r.id and a15.question_id = 'q15'`
  const who = sql`o.kind as kind, o.municipality_group_code as grp, g.main_group_code as main, a1.option_id as q01, a2.option_id as q02, a15.option_id as q15`
  const groupWho = sql`o.kind, o.municipality_group_code, g.main_group_code, a1.option_id, a2.option_id, a15.option_id`
  const where = sql`where r.round_id = ${roundId} and r.status = 'submitted'`
  // SQLite answers synchronously: between queries the server serves others (a query takes up to a few hundred ms
  // on a round a hundred times the real size).
  const run = async <T>(q: ReturnType<typeof sql>): Promise<T[]> => {
    await setImmediate()
    return (await q.execute(db)).rows as T[]
  }
  const population = await run<PopulationCell>(sql`select o.kind as kind, o.municipality_group_code as grp, g.main_group_code as main, count(*) as population,
        sum(case when r.status = 'submitted' then 1 else 0 end) as submitted
      from organisation o left join municipality_group g on g.code = o.municipality_group_code
      left join response r on r.organisation_id = o.id and r.round_id = ${roundId}
      group by o.kind, o.municipality_group_code, g.main_group_code`)
  const gates = await run<GateCell>(sql`select ${who}, count(*) as n ${base} ${where} group by ${groupWho}`)
  const choices = await run<ChoiceCell>(sql`select ${who}, c.question_id, c.option_id, count(*) as n ${base} join answer_choice c on c.response_id = r.id ${where}
      group by ${groupWho}, c.question_id, c.option_id`)
  const answered = await run<AnsweredCell>(sql`select ${who}, c.question_id, count(distinct c.response_id) as n ${base} join answer_choice c on c.response_id = r.id ${where}
      group by ${groupWho}, c.question_id`)
  const texts = await run<AnsweredCell>(sql`select ${who}, t.question_id, count(distinct t.response_id) as n ${base} join answer_text t on t.response_id = r.id ${where}
      and t.question_id = 'q17' group by ${groupWho}, t.question_id`)
  const partnerships = await run<PartnershipCell>(sql`select ${who}, p.form, p.activity, p.country, count(*) as n ${base} join partnership p on p.response_id = r.id ${where}
      group by ${groupWho}, p.form, p.activity, p.country`)
  const collaborations = await run<CollaborationCell>(sql`select ${who}, c.kind as kind_id, c.activity, count(*) as n ${base} join collaboration c on c.response_id = r.id ${where}
      group by ${groupWho}, c.kind, c.activity`)
  return { population, gates, choices, answered, texts, partnerships, collaborations }
}
