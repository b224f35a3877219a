import type { Db } from '../db/database.js'
import { classificationGroups, mainGroups, roundClassification, roundNameSet } from '../db/reference-data.js'
import type { Tally, Unit } from '../questionnaire/kinds/kind.js'
import type { Questionnaire } from '../questionnaire/questionnaire.js'
import { kindOf } from '../questionnaire/kinds/index.js'
import { type FiguresOf, type FindFigure, mentionsOf, surveyFigures } from '../questionnaire/survey-figures.js'
import { neutralText } from '../questionnaire/wording.js'
import { percentOneDecimal } from '../statistics/format.js'
import { PerDatabase } from '../survey/answers-version.js'
import { roundQuestionnaire } from '../survey/round-questionnaire.js'
import { loadTallies, type TallyCell } from '../survey/tallies.js'
import { roundSurveyModule } from '../survey/surveys.js'

export type { Unit }

/** One figure of the results: the rows of results.csv. */
export interface Figure {
  question: string
  option: string
  group: string
  unit: Unit
  base: number
  count: number
  percent: string
  question_text: string
  option_text: string
}

/** Who a count belongs to: kind of organisation, kommungrupp and main group (null for regions). */
export interface Who { kind: 'municipality' | 'region', grp: string | null, main: string | null }
export interface GroupDef { id: string, label: string, test: (w: Who) => boolean }

/** The groups every figure of a round is given for, in order, by the round's classification. */
export async function resultGroups (db: Db, roundId: number): Promise<GroupDef[]> {
  const groups = await classificationGroups(db, await roundClassification(db, roundId))
  const names = await roundNameSet(db, roundId)
  return [
    { id: 'alla', label: 'Alla', test: () => true },
    { id: 'kommuner', label: 'Kommuner', test: (w) => w.kind === 'municipality' },
    { id: 'regioner', label: names.regionsTitle, test: (w) => w.kind === 'region' },
    ...mainGroups(groups).map(({ code, name }) => ({ id: `huvudgrupp=${code}`, label: `${code} ${name}`, test: (w: Who) => w.main === code })),
    ...groups.map((g) => ({ id: `kommungrupp=${g.code}`, label: `${g.code} ${g.name}`, test: (w: Who) => w.grp === g.code }))
  ]
}

/** The counts of a round with who they belong to, and the population and submissions per kind and kommungrupp. */
export interface RoundCounts { cells: Array<TallyCell & { who: Who }>, population: Array<{ who: Who, population: number, submitted: number }> }

/** Loads the counts of a round: a few thousand rows, whatever the number of organisations. */
export async function roundCounts (db: Db, roundId: number): Promise<RoundCounts> {
  const classification = await roundClassification(db, roundId)
  const mainOf = new Map((await classificationGroups(db, classification)).map((g) => [g.code, g.main_group_code]))
  const who = (kind: string, grp: string | null): Who => ({ kind: kind as Who['kind'], grp: grp === '' ? null : grp, main: grp === null || grp === '' ? null : mainOf.get(grp) ?? null })
  const population = await db.selectFrom('organisation as o')
    .leftJoin('response as r', (j) => j.onRef('r.organisation_id', '=', 'o.id').on('r.round_id', '=', roundId))
    .leftJoin('organisation_group as g', (j) => j.onRef('g.organisation_id', '=', 'o.id').on('g.classification', '=', classification))
    .select(['o.kind', 'g.group_code as grp'])
    .select((eb) => [eb.fn.countAll<number>().as('population'), eb.fn.sum<number>(eb.case().when('r.status', '=', 'submitted').then(1).else(0).end()).as('submitted')])
    .groupBy(['o.kind', 'g.group_code']).execute()
  return {
    cells: (await loadTallies(db, roundId)).map((c) => ({ ...c, who: who(c.kind, c.grp) })),
    population: population.map((p) => ({ who: who(p.kind, p.grp), population: Number(p.population), submitted: Number(p.submitted) }))
  }
}

/** The counts of one group, read by key. */
export function groupTally (counts: RoundCounts, group: GroupDef): (key: string) => number {
  const sums = new Map<string, number>()
  for (const c of counts.cells) if (group.test(c.who)) sums.set(c.key, (sums.get(c.key) ?? 0) + Number(c.n))
  return (key) => sums.get(key) ?? 0
}

function questionTally (counts: RoundCounts, group: GroupDef, questionId: string, all: (key: string) => number): Tally {
  const prefix = `${questionId}|`
  const t = ((key: string) => all(prefix + key)) as Tally
  t.keys = (start) => {
    const sums = new Map<string, number>()
    for (const c of counts.cells) {
      if (!c.key.startsWith(prefix + start) || !group.test(c.who)) continue
      const key = c.key.slice(prefix.length)
      sums.set(key, (sums.get(key) ?? 0) + Number(c.n))
    }
    return [...sums].filter(([, n]) => n !== 0)
  }
  return t
}

const figureCache = new PerDatabase<Figure[]>()

/** Every figure for every group, from the counts of submitted answers (kept per answers version). */
export async function computeFigures (db: Db, roundId: number): Promise<Figure[]> {
  return await figureCache.get(db, roundId, async () => await computeFiguresNow(db, roundId))
}

/** The figures computed now. */
export async function computeFiguresNow (db: Db, roundId: number): Promise<Figure[]> {
  const [counts, groups, qn, module] = await Promise.all([roundCounts(db, roundId), resultGroups(db, roundId), roundQuestionnaire(db, roundId), roundSurveyModule(db, roundId)])
  const out: Figure[] = []
  for (const group of groups) out.push(...figuresFor(qn, counts, group, module !== null))
  return out
}

function figuresFor (qn: Questionnaire, counts: RoundCounts, group: GroupDef, own: boolean): Figure[] {
  const out: Figure[] = []
  const push = (question: string, option: string, unit: Unit, base: number, count: number, questionText: string, optionText: string): void => {
    out.push({ question, option, group: group.id, unit, base, count, percent: percentOneDecimal(count, base), question_text: questionText, option_text: optionText })
  }
  let population = 0
  let submitted = 0
  for (const p of counts.population) if (group.test(p.who)) { population += p.population; submitted += p.submitted }
  push('response', 'submitted', 'organisations', population, submitted, 'Svarsfrekvens', 'Har skickat in')
  const all = groupTally(counts, group)
  for (const id of qn.chapters.flatMap((c) => c.questions)) {
    const q = qn.question(id)
    const text = neutralText(q.text)
    const t = questionTally(counts, group, q.id, all)
    kindOf(q).figures(q, t, (option, unit, base, count, optionText) => { push(q.id, option, unit, base, count, text, optionText) })
    if (!own) continue
    if (mentionsOf(q.id, own)) kindOf(q).mentions?.(q, t, (option, unit, base, count, optionText) => { push(q.id, option, unit, base, count, text, optionText) })
    surveyFigures(qn, q.id, all, text, push)
  }
  return out
}

/** Looks up one figure; undefined when it does not exist. */
export function findFigure (figures: Figure[], questionId: string, option: string, group: string, unit: Unit = 'organisations'): Figure | undefined {
  return figures.find((f) => f.question === questionId && f.option === option && f.group === group && f.unit === unit)
}

/**
 * How the survey's own module reads figures: one by key, and all of a question in a group. A key that names no
 * figure throws (a renamed option must never read as a plausible "0 kommuner"); the round's version was checked
 * for every id the module reads when the round was made (missingFigureIds).
 */
export function figureLookups (figures: Figure[]): [FindFigure, FiguresOf] {
  return [
    (q, option, group, unit = 'organisations') => {
      const f = findFigure(figures, q, option, group, unit)
      if (f === undefined) throw new Error(`No figure ${q} ${option} ${group} ${unit}: the round's questionnaire version lacks what the survey's figures read`)
      return f
    },
    (q, group, unit) => figures.filter((x) => x.question === q && x.group === group && x.unit === unit)
  ]
}
