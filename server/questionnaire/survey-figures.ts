import { capital, counted, numberText, wholePercent } from '../statistics/format.js'
import type { Answers, RowAnswer } from './answers.js'
import { kindNamed, kindOf } from './kinds/index.js'
import type { Unit } from './kinds/kind.js'
import type { Questionnaire } from './questionnaire.js'
import { worldRegion, worldRegionNames, type WorldRegion } from './world-regions.js'

// The figures that belong to this survey ("Internationella samarbeten") rather than to a kind of question: the
// engagement pattern of questions 1 and 2, areas as shares of mentions, activity per form of cooperation, world
// regions, and the report's sentences. This module and the definition are the only code that names question ids.

/** Counts of one group, by full key (`<question>|<key>` or `engagement|<key>`). */
export type GroupTally = (key: string) => number
/** Adds a figure: question (or derived figure) id, option, unit, base, count, question text, option text. */
export type PushSurveyFigure = (question: string, option: string, unit: Unit, base: number, count: number, questionText: string, optionText: string) => void

/** "fråga 4" with the question's number in this version. */
const nr = (qn: Questionnaire, id: string): string => `fråga ${qn.questionNumber(id)}`

const engagement: Array<{ id: string, label: (qn: Questionnaire) => string, test: (a: Answers) => boolean }> = [
  { id: 'twin_or_partnership', label: (qn) => `Vänorter eller kommunala partnerskap (${nr(qn, 'q01')} = ja)`, test: (a) => a.q01 === 'yes' },
  { id: 'other_cooperation', label: (qn) => `Andra internationella samarbeten (${nr(qn, 'q02')} = ja)`, test: (a) => a.q02 === 'yes' },
  { id: 'both', label: () => 'Både vänorter/partnerskap och andra samarbeten', test: (a) => a.q01 === 'yes' && a.q02 === 'yes' },
  { id: 'any', label: () => 'Något internationellt engagemang', test: (a) => a.q01 === 'yes' || a.q02 === 'yes' },
  { id: 'none', label: () => 'Inget internationellt engagemang', test: (a) => a.q01 === 'no' && a.q02 === 'no' }
]
const activities = ['active', 'sporadic', 'dormant', 'blank']
const activityLabels: Record<string, string> = { active: 'Aktivt', sporadic: 'Sporadiskt', dormant: 'Vilande', blank: 'Ej angivet' }
const forms: Array<{ id: string, label: string }> = [{ id: 'twin_town', label: 'Vänort' }, { id: 'municipal_partnership', label: 'Kommunalt partnerskap' }]
const regions: WorldRegion[] = ['nordic', 'europe', 'world']
/** Multiple-choice questions whose options are also given as shares of all mentions. */
const mentionQuestions = new Set(['q05', 'q11'])

/**
 * Questions 6–9 are shown to everyone with twin towns or partnerships (question 1 = ja), but each is about one
 * form: item non-response is also given among the organisations that have rows of that form.
 */
const relevantWhen: Record<string, { form: string, label: string }> = {
  q06: { form: 'twin_town', label: 'organisationer med vänorter' },
  q07: { form: 'municipal_partnership', label: 'organisationer med kommunala partnerskap' },
  q08: { form: 'twin_town', label: 'organisationer med vänorter' },
  q09: { form: 'municipal_partnership', label: 'organisationer med kommunala partnerskap' }
}

/** The questions that concern only some of those they are shown to (item non-response is also given among them). */
export const relevantQuestions = Object.keys(relevantWhen)

/**
 * For a question that concerns only some of those it is shown to: who (for item non-response "among …"); null for
 * every question of a survey without this module (`own` false), whatever its id.
 */
export function relevantAmong (question: string, own: boolean): string | null {
  return own ? relevantWhen[question]?.label ?? null : null
}

/** The survey's own counts of one submitted response (only for a round of this survey); `visible` says whether a question applied to it. */
export function surveyTally (answers: Answers, visible: (question: string) => boolean, add: (key: string) => void): void {
  if (answers.q01 !== undefined && answers.q01 !== null && answers.q02 !== undefined && answers.q02 !== null) {
    add('engagement|base')
    for (const e of engagement) if (e.test(answers)) add(`engagement|${e.id}`)
  }
  if (!visible('q04')) return
  const rows = (answers.q04 ?? []) as RowAnswer[]
  for (const [question, relevant] of Object.entries(relevantWhen)) {
    if (!visible(question) || !rows.some((r) => r.form === relevant.form)) continue
    add(`${question}|relevant`)
    const a = answers[question] as { selected?: string[] } | null | undefined
    if ((a?.selected?.length ?? 0) > 0) add(`${question}|relevant_answered`)
  }
  if (rows.some((r) => r.country === 'CN')) add('q04|organisations_with=CN')
  if (rows.some((r) => r.country === 'RU' && r.form === 'twin_town')) add('q04|organisations_with_twin_town=RU')
  for (const r of rows) {
    if (typeof r.form === 'string') add(`q04|${r.form}.activity=${typeof r.activity === 'string' ? r.activity : 'blank'}`)
    if (typeof r.country === 'string') add(`q04|country_region=${worldRegion(r.country)}`)
  }
}

/** The survey's own figures that follow a question's figures in results.csv. */
export function surveyFigures (qn: Questionnaire, after: string, t: GroupTally, questionText: string, push: PushSurveyFigure): void {
  if (after === 'q02') {
    for (const e of engagement) push('engagement', e.id, 'organisations', t('engagement|base'), t(`engagement|${e.id}`), engagementTitle(qn), e.label(qn))
  }
  if (after === 'q04') {
    for (const f of forms) {
      const base = t(`q04|form=${f.id}`)
      for (const a of activities) push('q04', `${f.id}.activity=${a}`, 'rows', base, t(`q04|${f.id}.activity=${a}`), questionText, `${f.label}: ${activityLabels[a]}`)
    }
    for (const r of regions) push('q04', `country_region=${r}`, 'rows', t('q04|country:set'), t(`q04|country_region=${r}`), questionText, worldRegionNames[r])
    push('q04', 'organisations_with=CN', 'organisations', t('q04|applies'), t('q04|organisations_with=CN'), questionText, 'Organisationer med samarbete i Kina')
    push('q04', 'organisations_with_twin_town=RU', 'organisations', t('q04|applies'), t('q04|organisations_with_twin_town=RU'), questionText, 'Organisationer med vänort i Ryssland')
  }
}

/** Whether a multiple-choice question's options are also given as shares of mentions: never in a survey without this module. */
export function mentionsOf (question: string, own: boolean): boolean {
  return own && mentionQuestions.has(question)
}

/** A result table beyond the ones every question gets: which figures of which question it shows. */
export interface ExtraTable { id: string, after: string, question: string, title: string, unit: Unit, prefix: string }

function engagementTitle (qn: Questionnaire): string {
  return `Internationellt engagemang (fråga ${qn.questionNumber('q01')} och ${qn.questionNumber('q02')})`
}

/** The survey's own result tables of a version, each placed after a question's tables, titled with its numbers. */
export function surveyTables (qn: Questionnaire): ExtraTable[] {
  const q04 = `Fråga ${qn.questionNumber('q04')}.`
  return [
    { id: 'engagement', after: 'q02', question: 'engagement', title: engagementTitle(qn), unit: 'organisations', prefix: '' },
    { id: 'q04-twin-activity', after: 'q04', question: 'q04', title: `${q04} Aktivitetsgrad i vänortssamarbetena`, unit: 'rows', prefix: 'twin_town.activity=' },
    { id: 'q04-partnership-activity', after: 'q04', question: 'q04', title: `${q04} Aktivitetsgrad i de kommunala partnerskapen`, unit: 'rows', prefix: 'municipal_partnership.activity=' },
    { id: 'q04-region', after: 'q04', question: 'q04', title: `${q04} Samarbeten per världsdel`, unit: 'rows', prefix: 'country_region=' }
  ]
}

/** Which question a derived figure (engagement) belongs with in sheets: the question its table follows. */
export const derivedAfter: Record<string, string> = { engagement: 'q02' }

/** The rows questions published as lists: the twin-town register and the other collaborations grouped by their type. */
export const registers = { twinTowns: 'q04', countryField: 'country', collaborations: { question: 'q10', groupBy: 'kind' } }

/**
 * The questions whose figures are published without small-cell protection because the public register lists each
 * of their rows with its organisation: the twin-town question, in a round of this survey (`own`); none otherwise.
 */
export function registerQuestions (own: boolean): ReadonlySet<string> {
  return new Set(own ? [registers.twinTowns] : [])
}

/** What one figure of this module reads: a question of a kind, with these options (or for rows, fields with these options). */
export interface FigureNeed { figure: string, question: string, type: 'single' | 'multi' | 'rows', options?: string[], fields?: Record<string, string[]> }

/** Every question and option id this module's figures read; a version without one is refused when a round is created. */
export const figureNeeds: FigureNeed[] = [
  { figure: 'internationellt engagemang', question: 'q01', type: 'single', options: ['yes', 'no'] },
  { figure: 'internationellt engagemang', question: 'q02', type: 'single', options: ['yes', 'no'] },
  { figure: 'rapportens första kapitel', question: 'q03', type: 'multi', options: ['not_prioritised'] },
  {
    figure: 'vänortsregistret, länderna och världsdelarna',
    question: 'q04',
    type: 'rows',
    fields: { partner: [], country: [], form: ['twin_town', 'municipal_partnership'], activity: ['active', 'sporadic', 'dormant'] }
  },
  { figure: 'samarbetsområden som andel av omnämnanden', question: 'q05', type: 'multi' },
  { figure: 'partiellt bortfall bland organisationer med vänorter', question: 'q06', type: 'multi' },
  { figure: 'partiellt bortfall bland organisationer med kommunala partnerskap', question: 'q07', type: 'multi' },
  { figure: 'partiellt bortfall bland organisationer med vänorter; rapportens finansiering', question: 'q08', type: 'multi', options: ['own_funds'] },
  { figure: 'partiellt bortfall bland organisationer med kommunala partnerskap', question: 'q09', type: 'multi' },
  { figure: 'andra samarbeten per typ', question: 'q10', type: 'rows', fields: { kind: [] } },
  { figure: 'samarbetsområden som andel av omnämnanden', question: 'q11', type: 'multi' },
  { figure: 'rapportens hinder', question: 'q15', type: 'single', options: ['yes', 'no', 'cannot_judge'] }
]

/** What a version lacks of what the figures read, one Swedish line each naming the id; empty when it has everything. */
export function missingFigureIds (qn: Questionnaire): string[] {
  const out: string[] = []
  for (const n of figureNeeds) {
    if (!qn.hasQuestion(n.question)) { out.push(`Frågan ${n.question} saknas, men ${n.figure} läser den.`); continue }
    const q = qn.question(n.question)
    if (kindOf(q) !== kindNamed(n.type)) { out.push(`Frågan ${n.question} är av typen ${q.type}, men ${n.figure} läser den som ${n.type}.`); continue }
    for (const lacked of kindOf(q).lacking(q, n)) {
      out.push('field' in lacked ? `Fältet ${n.question}.${lacked.field} saknas, men ${n.figure} läser det.` : `Alternativet ${n.question}.${lacked.option} saknas, men ${n.figure} läser det.`)
    }
  }
  return out
}

/**
 * Short analytic labels for the result tables, by question id: the heading says what the table counts, and the note
 * under it quotes the question as asked. A question without one is headed by its text.
 */
export const tableLabels: Readonly<Record<string, string>> = {
  q01: 'Vänorter eller kommunala partnerskap',
  q02: 'Andra internationella samarbeten',
  q03: 'Skäl till att sakna internationella samarbeten',
  q05: 'Vänorter och partnerskap: samarbetsområden',
  q06: 'Vänorter: samordning',
  q07: 'Kommunala partnerskap: samordning',
  q08: 'Vänorter: finansiering',
  q09: 'Kommunala partnerskap: finansiering',
  q11: 'Andra samarbeten: samarbetsområden',
  q12: 'Andra samarbeten: samordning',
  q13: 'Andra samarbeten: finansiering',
  q14: 'Mervärden av det internationella engagemanget',
  q15: 'Hinder i det internationella arbetet',
  q16: 'Hinder: vilka',
  q17: 'Övriga kommentarer'
}

/** A question's short analytic label (tableLabels), only in a round of this survey (`own`); undefined otherwise. */
export function tableLabel (question: string, own: boolean): string | undefined {
  return own ? tableLabels[question] : undefined
}

/** The smallest base whose share the report publishes. */
const MIN_BASE = 5

/** A figure as the report reads it. */
export interface ReportFigure { count: number, base: number, option_text: string, option: string }
export type FindFigure = (question: string, option: string, group: string, unit?: Unit) => ReportFigure
export type FiguresOf = (question: string, group: string, unit: Unit) => ReportFigure[]
export interface Chapter { title: string, sentences: string[], notes: string[] }

/** How the report names the regions in the round's time: "landsting/regioner" until 2018, "regioner" since. */
export interface RegionWords { regions: string, regionsDefinite: string, region: string }

/** "a, b och c". */
function listed (items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} och ${items.at(-1)}`
}

/** An option's label inside a sentence: lower case unless its first word is an abbreviation ("EU-projekt"), and no trailing colon. */
function inSentence (label: string): string {
  const text = label.replace(/:$/, '')
  const first = text.split(/[\s-]/)[0] ?? ''
  return /\p{Lu}/u.test(first.slice(1)) ? text : text.charAt(0).toLowerCase() + text.slice(1)
}

/** A count that says something: not zero (an unknown, protected count says nothing about being zero). */
const some = (x: ReportFigure): boolean => x.count !== 0

/** The sentences' shared tools: shares as "73 procent" (or "–" under the smallest base), and whether any was left out. */
function shareWriter (): { pct: (x: ReportFigure) => string, noted: (c: Chapter) => Chapter } {
  let small = false
  return {
    pct: (x) => {
      if (x.base > 0 && x.base < MIN_BASE) { small = true; return '–' }
      const p = wholePercent(x.count, x.base)
      if (p === null) return '–'
      return p === 0 && x.count > 0 ? 'under 1 procent' : `${p} procent`
    },
    noted: (c) => {
      if (small) c.notes.push(`– = färre än ${MIN_BASE} organisationer i basen; andelen redovisas inte.`)
      small = false
      return c
    }
  }
}

interface Writer { f: FindFigure, all: FiguresOf, words: RegionWords, pct: (x: ReportFigure) => string, preliminary: boolean }

/**
 * The key figures of each chapter as sentences like the 2018 report's. Nouns agree with their counts, a part about
 * nothing (a count of 0) is left out, and a round that still takes answers is written about as it stands so far.
 */
export function reportChapters (f: FindFigure, all: FiguresOf, words: RegionWords, preliminary = false): Chapter[] {
  // Shares of fewer than five organisations are not published (see server/results/publication.ts).
  const { pct, noted } = shareWriter()
  const w: Writer = { f, all, words, pct, preliminary }
  const chapters = [noted({ notes: [], title: 'Svarsfrekvens och internationellt engagemang', sentences: engagementSentences(w) })]
  chapters.push(noted({ notes: [], title: 'Vänorter och kommunala partnerskap', sentences: twinTownSentences(w) }))
  const other = otherSentences(w)
  if (other.length > 0) chapters.push(noted({ notes: [], title: 'Andra internationella samarbeten', sentences: other }))
  const obstacles = obstacleSentences(w)
  if (obstacles.length > 0) chapters.push(noted({ notes: [], title: 'Mervärden och hinder', sentences: obstacles }))
  return chapters
}

/** "213 av 290 kommuner (73 procent)", or "ingen av de 20 regionerna". */
function ofAll (w: Writer, x: ReportFigure, one: string, many: string, definite: string): string {
  if (x.count === 0) return `ingen av de ${numberText(x.base)} ${definite}`
  return `${numberText(x.count)} av ${counted(x.base, one, many)} (${w.pct(x)})`
}

function engagementSentences (w: Writer): string[] {
  const { f, words, pct } = w
  const k = 'kommuner'
  const eng = (o: string, g: string): ReportFigure => f('engagement', o, g)
  const kResp = f('response', 'submitted', k)
  const rResp = f('response', 'submitted', 'regioner')
  const answered = `${ofAll(w, kResp, 'kommun', 'kommuner', 'kommunerna')} och ${ofAll(w, rResp, words.region.toLowerCase(), words.regions, words.regionsDefinite)}`
  const out = [w.preliminary ? `Hittills har ${answered} besvarat enkäten.` : `Enkäten besvarades av ${answered}.`]
  const municipality = (x: ReportFigure): string => `${counted(x.count, 'kommun', 'kommuner')} (${pct(x)})`
  const pronoun = (x: ReportFigure): string => x.count === 1 ? 'den' : 'de'
  const tp = eng('twin_or_partnership', k)
  const oc = eng('other_cooperation', k)
  const has = [
    ...(some(tp) ? [`${municipality(tp)} svarar att ${pronoun(tp)} har vänorter eller kommunala partnerskap`] : []),
    // Each part names its own count: "146 kommuner … och att de har andra …" would say the 146 have both.
    ...(some(oc) ? [`${municipality(oc)}${some(tp) ? '' : ' svarar'} att ${pronoun(oc)} har andra internationella samarbeten`] : [])
  ]
  if (has.length > 0) out.push(`${capital(has.join(', och '))}.${some(eng('both', k)) && has.length === 2 ? ` ${capital(counted(eng('both', k).count, 'kommun', 'kommuner'))} har båda.` : ''}`)
  const any = eng('any', k)
  const none = eng('none', k)
  if (some(any)) out.push(`Sammantaget har ${municipality(any)} något internationellt engagemang${some(none) ? `, medan ${municipality(none)} saknar det` : ''}.`)
  else if (any.base > 0) out.push(`Ingen av de ${numberText(any.base)} kommunerna som svarat har något internationellt engagemang.`)
  out.push(...regionEngagement(w), ...reasonSentences(w))
  return out
}

function regionEngagement (w: Writer): string[] {
  const eng = (o: string): ReportFigure => w.f('engagement', o, 'regioner')
  const any = eng('any')
  if (any.base === 0) return []
  if (!some(any)) return [`Bland ${w.words.regionsDefinite} har ingen av de ${numberText(any.base)} som svarat något internationellt engagemang.`]
  const parts = ([['twin_or_partnership', 'vänorter eller partnerskap'], ['other_cooperation', 'andra internationella samarbeten'], ['both', 'båda']] as const)
    .filter(([o]) => some(eng(o))).map(([o, text]) => `${numberText(eng(o).count)} har ${text}`)
  return [`Bland ${w.words.regionsDefinite} har ${numberText(any.count)} av ${numberText(any.base)} något internationellt engagemang: ${listed(parts)}.`]
}

function reasonSentences (w: Writer): string[] {
  const q03 = w.f('q03', 'not_prioritised', 'kommuner')
  const none = w.f('engagement', 'none', 'kommuner')
  if (q03.base === 0) return []
  const answered = w.preliminary ? 'har besvarat' : 'besvarade'
  if (none.count === 1) return [`Den enda kommunen som saknar internationellt engagemang ${answered} frågan om varför${q03.count === 1 ? ' och svarar att det inte är prioriterat i organisationen' : ''}.`]
  const first = `Av de ${numberText(none.count)} kommunerna som saknar internationellt engagemang ${answered} ${numberText(q03.base)} frågan om varför.`
  if (!some(q03)) return [first]
  const who = q03.base === 1 ? 'Den' : `${numberText(q03.count)} av dem (${w.pct(q03)})`
  return [`${first} ${who} svarar att det inte är prioriterat i organisationen.`]
}

function twinTownSentences (w: Writer): string[] {
  const { f, pct } = w
  const rows = (o: string): ReportFigure => f('q04', o, 'alla', 'rows')
  const out: string[] = []
  const twins = rows('form=twin_town')
  const partnerships = rows('form=municipal_partnership')
  const kinds = [...(some(twins) ? [counted(twins.count, 'vänort', 'vänorter')] : []), ...(some(partnerships) ? [counted(partnerships.count, 'kommunalt partnerskap', 'kommunala partnerskap')] : [])]
  if (twins.base > 0 && kinds.length > 0) {
    out.push(`Kommunerna och ${w.words.regionsDefinite} har angett ${kinds.length === 2 ? `${counted(twins.base, 'vänort eller kommunalt partnerskap', 'vänorter och kommunala partnerskap')}: ${listed(kinds)}` : kinds[0]}.`)
  }
  const act = (a: string): ReportFigure => rows(`twin_town.activity=${a}`)
  const levels = ([['active', 'aktiva'], ['sporadic', 'sporadiska'], ['dormant', 'vilande']] as const).filter(([a]) => some(act(a)))
  if (act('active').base > 0 && levels.length > 0) {
    const [head, ...rest] = levels.map(([a, text]) => `${pct(act(a))} ${text}`)
    const blank = some(act('blank')) ? `; för ${pct(act('blank'))} har aktivitetsgraden inte angetts` : ''
    out.push(`${(head as string).replace(/ (\S+)$/, ' av vänortssamarbetena är $1')}${rest.length > 0 ? `${rest.length > 1 ? ', ' : ' och '}${listed(rest)}` : ''}${blank}.`)
  }
  out.push(...placeSentences(w))
  const top = w.all('q05', 'alla', 'mentions').sort((a, b) => b.count - a.count)[0]
  if (top !== undefined && top.base > 0 && some(top)) out.push(`Vanligast samarbetsområde är ${inSentence(top.option_text)}, med ${pct(top)} av alla omnämnanden.`)
  const own = f('q08', 'own_funds', 'kommuner')
  if (own.base > 0 && some(own)) out.push(`Vänortssamarbetena finansieras med egna medel i ${pct(own)} av de kommuner som besvarat frågan.`)
  return out
}

function placeSentences (w: Writer): string[] {
  const place = (r: string): ReportFigure => w.f('q04', `country_region=${r}`, 'alla', 'rows')
  const base = place('nordic').base
  if (base === 0) return []
  if (base === 1) return ['Land har angetts för 1 samarbete.']
  const parts = ([['nordic', 'i Norden'], ['europe', 'i övriga Europa'], ['world', 'i övriga världen']] as const)
    .filter(([r]) => some(place(r))).map(([r, where]) => `${numberText(place(r).count)} (${w.pct(place(r))}) ${where}`)
  return [`Av de ${numberText(base)} samarbeten där land angetts finns ${listed(parts)}.`]
}

function otherSentences (w: Writer): string[] {
  const kinds = w.all('q10', 'alla', 'rows').filter((x) => x.option.startsWith('kind=') && x.option !== 'kind=blank').sort((a, b) => b.count - a.count)
  const common = kinds[0]
  if (common === undefined || common.base === 0) return []
  const stated = `${capital(counted(common.base, 'annat internationellt samarbete', 'andra internationella samarbeten'))} har angetts.`
  if (!some(common)) return [stated]
  // Kinds of collaboration include proper nouns ("Interreg-projekt", "Nordiska ministerrådet"): quoted, as written.
  return [common.base === 1 ? `${stated} Det är av typen ”${common.option_text}”.` : `${stated} Vanligast är ”${common.option_text}” (${w.pct(common)}).`]
}

function obstacleSentences (w: Writer): string[] {
  const h = (o: string): ReportFigure => w.f('q15', o, 'kommuner')
  if (h('yes').base === 0) return []
  const rest = [...(some(h('no')) && some(h('yes')) ? [`${w.pct(h('no'))} gör det inte`] : []), ...(some(h('cannot_judge')) ? [`${w.pct(h('cannot_judge'))} kan inte bedöma det`] : [])]
  const head = some(h('yes')) ? `${w.pct(h('yes'))} av kommunerna upplever hinder i sitt internationella arbete` : 'Ingen av kommunerna som svarat upplever hinder i sitt internationella arbete'
  return [`${capital(head)}${rest.length === 0 ? '' : rest.length === 1 ? ` och ${rest[0]}` : `, ${listed(rest)}`}.`]
}

/** A value of a trend series in a round of this product, computed from its figures. */
/** One series in a round: its unit, and its value with its definition note, read only when the version has what the series reads (trendReads). */
export interface TrendValue { serie: string, unit: string, read: () => { value: number, note: string } }

/** The questions each trend series reads: a round whose version lacks one has no value ("finns inte i omgång X"), and a reworded one gets a note. */
export const trendReads: Record<string, string[]> = {
  kommuner_med_vanorter_eller_partnerskap: ['q01'],
  vanortssamarbeten_inkl_partnerskap: ['q04'],
  regioner_med_vanorter_eller_partnerskap: ['q01'],
  samarbeten_norden: ['q04'],
  samarbeten_ovriga_europa: ['q04'],
  samarbeten_ovriga_varlden: ['q04'],
  lander_med_samarbeten: ['q04'],
  kommuner_med_samarbete_i_kina: ['q04'],
  regioner_med_samarbete_i_kina: ['q04'],
  kommuner_med_vanorter_i_ryssland: ['q04'],
  regioner_med_vanorter_i_ryssland: ['q04']
}

/**
 * The series the 2018 report follows over time (server/reference/historic-series.csv), computed for a round from
 * its figures with the same definitions. 2007 and 2011 counted kommunala partnerskap as twin towns, so the
 * comparable series add the two for every later round.
 */
export function trendValues (qn: Questionnaire, f: FindFigure, all: FiguresOf): TrendValue[] {
  const rows = (g: string): number => f('q04', 'form=twin_town', g, 'rows').base
  const count = (q: string, o: string, g: string, unit: Unit = 'organisations'): number => f(q, o, g, unit).count
  const countries = (): number => all('q04', 'alla', 'rows').filter((x) => x.option.startsWith('country=') && x.count > 0).length
  const serie = (id: string, unit: string, value: () => number, note: () => string = () => ''): TrendValue => ({ serie: id, unit, read: () => ({ value: value(), note: note() }) })
  return [
    serie('kommuner_med_vanorter_eller_partnerskap', 'kommuner', () => count('engagement', 'twin_or_partnership', 'kommuner'), () => `vänorter eller kommunala partnerskap (${nr(qn, 'q01')} = ja)`),
    serie('vanortssamarbeten_inkl_partnerskap', 'samarbeten', () => rows('alla'), () => 'vänorter och kommunala partnerskap tillsammans'),
    serie('regioner_med_vanorter_eller_partnerskap', 'landsting/regioner', () => count('engagement', 'twin_or_partnership', 'regioner'), () => `av ${f('engagement', 'twin_or_partnership', 'regioner').base} som svarade`),
    serie('samarbeten_norden', 'samarbeten', () => count('q04', 'country_region=nordic', 'alla', 'rows')),
    serie('samarbeten_ovriga_europa', 'samarbeten', () => count('q04', 'country_region=europe', 'alla', 'rows')),
    serie('samarbeten_ovriga_varlden', 'samarbeten', () => count('q04', 'country_region=world', 'alla', 'rows')),
    serie('lander_med_samarbeten', 'länder', countries, () => 'vänorter eller kommunala partnerskap'),
    serie('kommuner_med_samarbete_i_kina', 'kommuner', () => count('q04', 'organisations_with=CN', 'kommuner')),
    serie('regioner_med_samarbete_i_kina', 'landsting/regioner', () => count('q04', 'organisations_with=CN', 'regioner')),
    serie('kommuner_med_vanorter_i_ryssland', 'kommuner', () => count('q04', 'organisations_with_twin_town=RU', 'kommuner')),
    serie('regioner_med_vanorter_i_ryssland', 'landsting/regioner', () => count('q04', 'organisations_with_twin_town=RU', 'regioner'))
  ]
}

/** The Swedish name of a trend series. */
export const trendNames: Record<string, string> = {
  kommuner_med_vanorter_eller_partnerskap: 'Kommuner med vänorter eller kommunala partnerskap',
  vanortssamarbeten_inkl_partnerskap: 'Vänortssamarbeten (inklusive kommunala partnerskap)',
  regioner_med_vanorter_eller_partnerskap: 'Landsting/regioner med vänorter eller kommunala partnerskap',
  samarbeten_norden: 'Samarbeten i Norden',
  samarbeten_ovriga_europa: 'Samarbeten i övriga Europa',
  samarbeten_ovriga_varlden: 'Samarbeten i övriga världen',
  lander_med_samarbeten: 'Länder med samarbeten',
  kommuner_med_samarbete_i_kina: 'Kommuner med samarbete i Kina',
  regioner_med_samarbete_i_kina: 'Landsting/regioner med samarbete i Kina',
  kommuner_med_vanorter_i_ryssland: 'Kommuner med vänorter i Ryssland',
  regioner_med_vanorter_i_ryssland: 'Landsting/regioner med vänorter i Ryssland'
}
