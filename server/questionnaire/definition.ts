import type { Condition, MultiQuestion, Option, Question, ResultChapter, Section, SurveyDefinition } from './types.js'

const yesNo: Option[] = [
  { id: 'yes', label: 'Ja' },
  { id: 'no', label: 'Nej' }
]

const areas: Option[] = [
  { id: 'culture', label: 'Kultur' },
  { id: 'education', label: 'Skola och utbildning' },
  { id: 'business', label: 'Näringslivsutveckling och sysselsättning' },
  { id: 'democracy', label: 'Demokrati och jämställdhet' },
  { id: 'leisure', label: 'Fritid och idrott' },
  { id: 'tourism', label: 'Turism' },
  { id: 'environment', label: 'Miljöskydd, hälsoskydd och klimat' },
  { id: 'municipal_engineering', label: 'Kommunal teknik' },
  { id: 'social_care', label: 'Social omsorg' },
  { id: 'health_care', label: 'Hälso- och sjukvård' },
  { id: 'integration', label: 'Integration och mångfald' },
  { id: 'regional_development', label: 'Regional utveckling och planering' },
  { id: 'other', label: 'Annat, nämligen:', other: true }
]

const coordination: Option[] = [
  { id: 'officer', label: 'En särskild tjänsteperson' },
  {
    id: 'assembly',
    label: {
      municipality: 'Kommunfullmäktige eller kommunstyrelsen',
      region: 'Regionfullmäktige eller regionstyrelsen'
    }
  },
  { id: 'departments', label: 'Förvaltningarna eller verksamheterna' },
  { id: 'steering_group', label: 'En särskild styrgrupp' },
  { id: 'other', label: 'Annat, nämligen:', other: true }
]

const funding: Option[] = [
  { id: 'own_funds', label: 'Egna medel' },
  { id: 'eu_funds', label: 'EU-medel' },
  { id: 'sida_icld', label: 'Medel från Sida/ICLD' },
  { id: 'other_state_agencies', label: 'Medel från andra statliga myndigheter' },
  { id: 'nordic_council', label: 'Nordiska ministerrådet' },
  { id: 'private', label: 'Privata medel eller sponsring' },
  { id: 'other', label: 'Annat, nämligen:', other: true }
]

const activity: Option[] = [
  { id: 'active', label: 'Aktivt' },
  { id: 'sporadic', label: 'Sporadiskt' },
  { id: 'dormant', label: 'Vilande' }
]

const OTHER_MAX = 1000

function multi (id: string, text: string, options: Option[], showWhen?: Condition): MultiQuestion {
  return { id, type: 'multi', text, options: options.map((o) => ({ ...o })), otherMaxLength: OTHER_MAX, ...(showWhen ? { showWhen } : {}) }
}

const definitions = {
  twinTown: { term: 'Vänort', text: 'Bilateralt, formaliserat och långsiktigt samarbete med en stad, kommun eller region.' },
  partnership: {
    term: 'Kommunalt partnerskap',
    text: 'Projekt som finansieras med svenskt statligt utvecklingsbistånd från Sida och förvaltas av ICLD (Internationellt Centrum för Lokal Demokrati). Kommunala partnerskap är bara möjliga med partner i ICLD:s samarbetsländer.'
  },
  other: {
    term: 'Andra internationella samarbeten',
    text: 'Samarbeten som finansieras genom egna resurser eller andra medel, t.ex. EU-medel. Kortsiktiga samarbeten avses inte.'
  },
  activity: {
    term: 'Aktivitetsgrad',
    text: 'Aktivt = gemensamma projekt med regelbundna kontakter under det senaste året. Sporadiskt = oregelbundna kontakter under det senaste året. Vilande = ingen aktivitet under det senaste året.'
  }
}

const q01yes: Condition = { mode: 'all', clauses: [{ question: 'q01', equals: 'yes' }] }
const q02yes: Condition = { mode: 'all', clauses: [{ question: 'q02', equals: 'yes' }] }

const canonicalSections: Section[] = [
  {
    id: 'a',
    letter: 'A',
    title: 'Internationellt engagemang',
    definitions: [definitions.twinTown, definitions.partnership, definitions.other],
    questions: [
      { id: 'q01', type: 'single', text: 'Har {org} vänorter eller kommunala partnerskap?', options: yesNo },
      { id: 'q02', type: 'single', text: 'Har {org} andra internationella samarbeten?', options: yesNo },
      multi('q03', 'Varför har {org} inte några vänorter, kommunala partnerskap eller andra internationella samarbeten?', [
        { id: 'not_prioritised', label: 'Det är inte prioriterat i organisationen' },
        { id: 'lack_of_time', label: 'Brist på tid' },
        { id: 'lack_of_funding', label: 'Brist på finansiering' },
        { id: 'lack_of_knowledge', label: 'Brist på kunskap om möjligheterna' },
        { id: 'ended', label: 'Tidigare samarbeten har avslutats' },
        { id: 'other', label: 'Annat, nämligen:', other: true }
      ], { mode: 'all', clauses: [{ question: 'q01', equals: 'no' }, { question: 'q02', equals: 'no' }] })
    ]
  },
  {
    id: 'b',
    letter: 'B',
    title: 'Vänorter och kommunala partnerskap',
    showWhen: q01yes,
    skippedBecause: 'Visas bara om ni svarat Ja på fråga 1 (vänorter eller kommunala partnerskap).',
    definitions: [definitions.twinTown, definitions.partnership, definitions.activity],
    questions: [
      {
        id: 'q04',
        type: 'rows',
        text: 'Ange {org}s vänorter och kommunala partnerskap.',
        hint: 'En rad per vänort eller partnerskap. Tomma rader sparas inte.',
        maxRows: 100,
        rowLabel: 'Samarbete',
        tableTitle: 'Vänorter och kommunala partnerskap',
        icldCheck: { field: 'form', equals: 'municipal_partnership', countryField: 'country' },
        fields: [
          { id: 'partner', label: 'Ort, kommun eller region', type: 'text', maxLength: 200, required: true },
          { id: 'country', label: 'Land', type: 'country' },
          {
            id: 'form',
            label: 'Samarbetsform',
            type: 'choice',
            options: [
              { id: 'twin_town', label: 'Vänort' },
              { id: 'municipal_partnership', label: 'Kommunalt partnerskap' }
            ]
          },
          { id: 'activity', label: 'Aktivitetsgrad', type: 'choice', options: activity }
        ]
      },
      multi('q05', 'Inom vilka områden samarbetar {org} i sina vänorter och kommunala partnerskap?', areas),
      multi('q06', 'Hur samordnas arbetet med vänortssamarbetena?', coordination),
      multi('q07', 'Hur samordnas arbetet med de kommunala partnerskapen?', coordination),
      multi('q08', 'Hur finansieras vänortssamarbetena?', funding),
      multi('q09', 'Hur finansieras de kommunala partnerskapen?', funding)
    ]
  },
  {
    id: 'c',
    letter: 'C',
    title: 'Andra internationella samarbeten',
    showWhen: q02yes,
    skippedBecause: 'Visas bara om ni svarat Ja på fråga 2 (andra internationella samarbeten).',
    definitions: [definitions.other, definitions.activity],
    questions: [
      {
        id: 'q10',
        type: 'rows',
        text: 'Beskriv {org}s andra internationella samarbeten.',
        hint: 'En rad per samarbete, nätverk eller projekt. Tomma rader sparas inte.',
        maxRows: 100,
        rowLabel: 'Samarbete',
        tableTitle: 'Andra samarbeten',
        fields: [
          { id: 'name', label: 'Namn på samarbetet, nätverket eller projektet', type: 'text', maxLength: 200, required: true },
          {
            id: 'kind',
            label: 'Typ',
            type: 'choice',
            options: [
              { id: 'network', label: 'Nätverk' },
              { id: 'cross_border', label: 'Gränsöverskridande samarbete' },
              { id: 'interreg', label: 'Interreg-projekt' },
              { id: 'esf', label: 'ESF-projekt' },
              { id: 'other_eu', label: 'Övrigt EU-finansierat projekt' },
              { id: 'nordic_council', label: 'Nordiska ministerrådet' },
              { id: 'other', label: 'Övrigt' }
            ]
          },
          {
            id: 'countries',
            label: 'Samarbetsländer',
            type: 'countries',
            hint: 'Skriv ländernas namn på svenska, åtskilda med kommatecken, t.ex. Finland, Estland.',
            maxCountries: 60
          },
          { id: 'activity', label: 'Aktivitetsgrad', type: 'choice', options: activity }
        ]
      },
      multi('q11', 'Inom vilka områden samarbetar {org} i sina andra internationella samarbeten?', areas),
      multi('q12', 'Hur samordnas arbetet med de andra internationella samarbetena?', coordination),
      multi('q13', 'Hur finansieras de andra internationella samarbetena?', funding)
    ]
  },
  {
    id: 'd',
    letter: 'D',
    title: 'Mervärden och hinder',
    showWhen: { mode: 'any', clauses: [{ question: 'q01', equals: 'yes' }, { question: 'q02', equals: 'yes' }] },
    skippedBecause: 'Visas bara om ni svarat Ja på fråga 1 eller fråga 2.',
    definitions: [],
    questions: [
      multi('q14', 'Vilka mervärden upplever {org} att det internationella engagemanget ger?', [
        { id: 'competence', label: 'Kompetensutveckling' },
        { id: 'operations', label: 'Verksamhetsutveckling' },
        { id: 'goals', label: 'Måluppfyllelse' },
        { id: 'attractiveness', label: 'Ökad attraktivitet och synlighet' },
        { id: 'networks', label: 'Nätverk och kontakter' },
        { id: 'external_funding', label: 'Extern finansiering' },
        { id: 'other', label: 'Annat, nämligen:', other: true }
      ]),
      {
        id: 'q15',
        type: 'single',
        text: 'Upplever {org} hinder i sitt internationella arbete?',
        hint: 'Gäller alla tre samarbetsformer.',
        options: [
          { id: 'yes', label: 'Ja' },
          { id: 'no', label: 'Nej' },
          { id: 'cannot_judge', label: 'Kan inte bedöma' }
        ]
      },
      multi('q16', 'Vilka hinder upplever {org}?', [
        { id: 'lack_of_time', label: 'Brist på tid' },
        { id: 'lack_of_funding', label: 'Brist på finansiering' },
        { id: 'not_prioritised', label: 'Det internationella arbetet är inte prioriterat i organisationen' },
        { id: 'organisational', label: 'Organisatoriska utmaningar' },
        { id: 'lack_of_competence', label: 'Brist på kompetens eller språkkunskaper' },
        { id: 'other', label: 'Annat, nämligen:', other: true }
      ], { mode: 'all', clauses: [{ question: 'q15', equals: 'yes' }] })
    ]
  },
  {
    id: 'e',
    letter: 'E',
    title: 'Avslutning',
    definitions: [],
    questions: [
      { id: 'q17', type: 'text', text: 'Övriga kommentarer om {org}s internationella arbete', maxLength: 5000 },
      {
        id: 'q18',
        type: 'contact',
        text: 'Vem har besvarat enkäten?',
        hint: 'Uppgifterna används bara om vi behöver fråga något om svaren. De redovisas aldrig i resultaten.',
        fields: [
          { id: 'name', label: 'Namn', input: 'text', autocomplete: 'name', maxLength: 200 },
          { id: 'title', label: 'Befattning', input: 'text', autocomplete: 'organization-title', maxLength: 200 },
          { id: 'email', label: 'E-post', input: 'email', autocomplete: 'email', maxLength: 254 },
          { id: 'phone', label: 'Telefon', input: 'tel', autocomplete: 'tel', maxLength: 50 }
        ]
      }
    ]
  }
]

const canonicalChapters: ResultChapter[] = [
  { title: 'Internationellt engagemang', sheet: 'Engagemang', questions: ['q01', 'q02', 'q03'] },
  { title: 'Vänorter och kommunala partnerskap', sheet: 'Vänorter och partnerskap', questions: ['q04', 'q05', 'q06', 'q07', 'q08', 'q09'] },
  { title: 'Andra internationella samarbeten', sheet: 'Andra samarbeten', questions: ['q10', 'q11', 'q12', 'q13'] },
  { title: 'Mervärden och hinder', sheet: 'Mervärden och hinder', questions: ['q14', 'q15', 'q16'] },
  { title: 'Avslutning', sheet: 'Avslutning', questions: ['q17', 'q18'] }
]

/** The canonical questionnaire "Internationella samarbeten": five sections, 18 questions, five result chapters. */
export const internationellaSamarbeten: SurveyDefinition = { sections: canonicalSections, chapters: canonicalChapters }

/** The sections of the questionnaire in use, in order. */
export let sections: Section[] = []
/** Every question in order. */
export let questions: Question[] = []
/** The chapters of the results. */
export let chapters: ResultChapter[] = []

let byId = new Map<string, Question>()
let sectionOf = new Map<string, Section>()
let numberOf = new Map<string, number>()

/**
 * Puts a questionnaire in use for this process: the canonical one at start; a test may use a copy with more
 * questions. Every page, save, result and export reads the questionnaire in use, never a question id of its own.
 */
export function useQuestionnaire (definition: SurveyDefinition = internationellaSamarbeten): void {
  sections = definition.sections
  questions = sections.flatMap((s) => s.questions)
  chapters = definition.chapters
  byId = new Map(questions.map((q) => [q.id, q]))
  sectionOf = new Map(sections.flatMap((s) => s.questions.map((q) => [q.id, s] as const)))
  numberOf = new Map(questions.map((q, i) => [q.id, i + 1]))
  const listed = chapters.flatMap((c) => c.questions)
  const missing = questions.filter((q) => !listed.includes(q.id)).map((q) => q.id)
  const unknown = listed.filter((id) => !byId.has(id))
  if (missing.length > 0 || unknown.length > 0) throw new Error(`Result chapters must list every question once: missing ${missing.join(', ') || 'none'}, unknown ${unknown.join(', ') || 'none'}`)
}

useQuestionnaire()


/** Whether the questionnaire in use has a question with this id (stored answers may outlive a question). */
export function hasQuestion (id: string): boolean {
  return byId.has(id)
}

/** The question with this id; throws for an id the questionnaire does not have. */
export function question (id: string): Question {
  const q = byId.get(id)
  if (q === undefined) throw new Error(`Unknown question ${id}`)
  return q
}

/** The section a question belongs to. */
export function sectionOfQuestion (id: string): Section {
  const s = sectionOf.get(id)
  if (s === undefined) throw new Error(`Unknown question ${id}`)
  return s
}

/** The section with this id, or undefined. */
export function findSection (id: string): Section | undefined {
  return sections.find((s) => s.id === id)
}

/** The number shown beside a question ("Fråga 4"): its place in the questionnaire, apart from its stable id. */
export function questionNumber (id: string): number {
  const n = numberOf.get(id)
  if (n === undefined) throw new Error(`Unknown question ${id}`)
  return n
}
