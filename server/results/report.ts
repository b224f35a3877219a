import { classificationOf } from '../reference/classifications.js'
import type { Db } from '../db/database.js'
import { mailingKinds, mailingNames, roundMailings } from '../mail/mailings.js'
import { kindOf } from '../questionnaire/kinds/index.js'
import type { Questionnaire } from '../questionnaire/questionnaire.js'
import { type Chapter, type RegionWords, reportChapters as surveyReport } from '../questionnaire/survey-figures.js'
import { roundNameSet } from '../db/reference-data.js'
import { nameSetOf } from '../reference/name-sets.js'
import { neutralText } from '../questionnaire/wording.js'
import { capital, numberText, wholePercent } from '../statistics/format.js'
import { dropoutReport, responseCounts } from '../statistics/response-rates.js'
import { formatDate, formatTime, swedishDate } from '../survey/clock.js'
import { roundQuestionnaire } from '../survey/round-questionnaire.js'
import { roundState, type Round } from '../survey/rounds.js'
import { roundSurveyModule, surveyById } from '../survey/surveys.js'
import { figureLookups, resultGroups, type Figure } from './figures.js'
import { MIN_PUBLISHED_BASE, publishedFigures, SMALL_BASE_NOTE } from './publication.js'
import { chapterTables, type ResultTable } from './tables.js'
import { trendRows, trendSeries, type TrendSeries } from './trends.js'

export type { Chapter }

/** The key figures of each chapter as sentences like the report's, computed from the figures. */
export function reportChapters (figures: Figure[], words: RegionWords = nameSetOf('namn-2018'), preliminary = false): Chapter[] {
  return surveyReport(...figureLookups(figures), words, preliminary)
}

/**
 * The report's sentences with every protected figure (and the percent made from it) written "–": the sentences are
 * written from the figures with those counts unknown (NaN), which then show as "NaN" and are replaced.
 */
function protectedSentences (figures: Figure[], hidden: Set<Figure>, words: RegionWords, preliminary: boolean): Chapter[] {
  const shown = figures.map((f) => hidden.has(f) ? { ...f, count: Number.NaN } : f)
  return reportChapters(shown, words, preliminary).map((c) => {
    const sentences = c.sentences.map((x) => x.replace(/NaN( procent)?/g, '–'))
    const changed = sentences.some((x, i) => x !== c.sentences[i])
    return { ...c, sentences, notes: changed && !c.notes.includes(SMALL_BASE_NOTE) ? [...c.notes, SMALL_BASE_NOTE] : c.notes }
  })
}

/** The report as SKR publishes it, every figure computed from the stored answers when asked for. */
export interface ReportPage {
  /** The survey's title, from the round's questionnaire version. */
  surveyTitle: string
  /** The line under the title: the module's own, or the survey's description. */
  lead: string
  roundName: string
  /** The round still takes answers (or has not opened): its figures are so far, and may change. */
  preliminary: boolean
  takenAt: string
  summary: string[]
  /** `intro`: what the survey asks about and how often, from the survey module; '' for a survey without one. */
  method: { intro: string, period: string, mailings: string[], rates: string[], dropout: Array<{ title: string, verdict: string }>, notes: string[] }
  chapters: Array<{ title: string, sentences: string[], notes: string[], tables: ResultTable[] }>
  trends: TrendSeries[]
  appendix: Array<{ title: string, questions: Array<{ number: number, text: string, options: string[] }> }>
}

/**
 * Everything the report page (and its print) shows: a summary, an introduction with method, response rates and
 * the dropout analysis, one chapter per theme with its sentences and its tables and charts for kommuner and
 * regions (shares of fewer than five organisations left out), and the questionnaire as an appendix.
 */
export async function reportPage (db: Db, round: Round, now: Date): Promise<ReportPage> {
  // A survey without a module gets the generic report: a chapter per part with its tables, no sentences or trends.
  const own = (await roundSurveyModule(db, round.id)) !== null
  const [{ figures, hidden }, groups, counts, dropout, mailings, trends, qn] = await Promise.all([
    publishedFigures(db, round.id), resultGroups(db, round.id), responseCounts(db, round.id), dropoutReport(db, round.id), roundMailings(db, round.id), own ? trendRows(db, round, now) : [], roundQuestionnaire(db, round.id)
  ])
  const preliminary = roundState(round, now) !== 'closed'
  const names = await roundNameSet(db, round.id)
  const sentences = own ? protectedSentences(figures, hidden, names, preliminary) : []
  const tables = chapterTables(qn, figures, groups.filter((g) => g.id === 'kommuner' || g.id === 'regioner'), hidden, own)
  const byTitle = new Map(sentences.map((c) => [c.title, c]))
  // The report's sentences follow the result chapters; the first (response rate and engagement) opens the report.
  const intro = sentences[0]
  const chapters = tables.slice(1).map((t) => {
    const text = byTitle.get(t.title) ?? (t.title === 'Internationellt engagemang' ? intro : undefined)
    const small = t.tables.some((x) => x.rows.some((r) => r.cells.some((c) => c.count === null)))
    return { title: t.title, sentences: text?.sentences ?? [], notes: [...new Set([...(text?.notes ?? []), ...(small ? [SMALL_BASE_NOTE] : [])])], tables: t.tables }
  }).filter((c) => c.tables.length > 0 || c.sentences.length > 0)
  return {
    surveyTitle: qn.texts.title,
    lead: own ? 'Kommunernas och regionernas vänorter, kommunala partnerskap och andra internationella samarbeten.' : (await surveyById(db, round.survey_id)).description,
    roundName: round.name,
    preliminary,
    takenAt: formatTime(now.toISOString()),
    summary: own ? sentences.flatMap((c) => c.sentences.slice(0, 2)) : [`${capital(rateText(counts.municipality.submitted + counts.region.submitted, counts.municipality.population + counts.region.population, 'kommuner och regioner'))} besvarade enkäten.`],
    method: {
      intro: own ? 'SKR frågar vartannat till vart tredje år kommuner och regioner om deras internationella samarbeten.' : '',
      period: periodSentence(round, now),
      mailings: mailingKinds.flatMap((k) => {
        const at = mailings[k]?.queued_at
        return at == null ? [] : [`${mailingNames[k]}: ${formatDate(at.slice(0, 10))}`]
      }),
      rates: [rateText(counts.municipality.submitted, counts.municipality.population, 'kommuner'), rateText(counts.region.submitted, counts.region.population, names.regions)],
      dropout: [
        { title: 'Kommungrupper', verdict: dropout.municipalityGroups.verdict },
        { title: 'Huvudgrupper', verdict: dropout.mainGroups.verdict },
        { title: 'Län', verdict: dropout.counties.verdict }
      ],
      notes: [
        `Alla ${counts.municipality.population} kommuner och ${counts.region.population} ${names.regions} i omgången fick en personlig länk till enkäten. Ingen fråga var obligatorisk, och en fråga som lämnats tom räknas inte som ”nej”: andelarna gäller dem som besvarat frågan.`,
        `Antal på en eller två organisationer och uppgifter med en bas under ${MIN_PUBLISHED_BASE} redovisas inte (”–”), inte heller uppgifter ur vilka de kunde räknas fram. Fritextsvar återges utan organisationens namn.`,
        `Kommungrupper enligt ${classificationOf(round.classification).name}.`
      ]
    },
    chapters,
    trends: own ? trendSeries(trends) : [],
    appendix: appendix(qn)
  }
}

/**
 * "213 av 290 kommuner (73 procent)": a response rate as the report's sentences write it, so "(under 1 procent)"
 * for a share that rounds to 0 but is not nothing.
 */
export function rateText (count: number, base: number, noun: string): string {
  const p = wholePercent(count, base)
  const share = p === null ? '–' : p === 0 && count > 0 ? 'under 1 procent' : `${p} procent`
  return `${numberText(count)} av ${numberText(base)} ${noun} (${share})`
}

/** When the round ran, in the tense of each of its days as seen from now. */
function periodSentence (round: Round, now: Date): string {
  const today = swedishDate(now)
  const closed = roundState(round, now) === 'closed'
  const was = (day: string): boolean => closed || day < today
  const sentence = `Enkäten ${was(round.opens_on) ? 'öppnade' : 'öppnar'} ${formatDate(round.opens_on)}, sista svarsdag ${was(round.deadline_on) ? 'var' : 'är'} ${formatDate(round.deadline_on)} och den ${closed ? 'stängde' : 'stänger'} ${formatDate(round.closes_on)}.`
  return closed ? sentence : `${sentence} Siffrorna är preliminära: omgången tar fortfarande emot svar.`
}

function appendix (qn: Questionnaire): ReportPage['appendix'] {
  return qn.sections.map((s) => ({
    title: `Del ${s.letter}. ${s.title}`,
    questions: s.questions.map((q) => ({
      number: qn.questionNumber(q.id),
      text: neutralText(q.text),
      options: kindOf(q).appendix(q)
    }))
  }))
}
