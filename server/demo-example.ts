import { readFileSync } from 'node:fs'
import type { Database } from './db/database.js'
import { fromRoot } from './paths.js'
import type { Answers } from './questionnaire/answers.js'
import { independentChoices, seededRandom, shuffled, weightedSample } from './statistics/seeded.js'
import { addDays, swedishDate } from './survey/clock.js'
import { type ActiveLink, activeLinks } from './survey/links.js'
import { createRound } from './survey/new-round.js'
import { checkNewSurvey, createSurvey } from './survey/new-survey.js'
import { saveSection, submitResponse } from './survey/response-service.js'
import { openResponse } from './survey/responses.js'
import { roundQuestionnaire } from './survey/round-questionnaire.js'
import { workingDayFrom } from './survey/rounds.js'
import type { Survey } from './survey/surveys.js'

/** The example survey's slug in the demo. */
export const DEMO_EXAMPLE_SLUG = 'digitalisering'
const ADMIN = 'demo@skr.se'
const KOMMUNER = 30
const REGIONER = 4

/** One organisation's answers to the example survey, drawn from rnd, by question id (a kommun's and a region's differ). */
function exampleAnswers (code: string, name: string, kind: string, rnd: () => number): Answers {
  const strategy = weightedSample({ ja: 0.5, under_arbete: 0.3, nej: 0.2 }, 1, rnd)[0] ?? 'ja'
  const services = independentChoices(kind === 'region' ? { omsorg: 0.9, skola: 0.1, bygglov: 0.1 } : { skola: 0.7, omsorg: 0.6, bygglov: 0.5 }, rnd)
  const otherService = rnd() < 0.15
  const otherOwner = rnd() < 0.1
  const partners = Math.floor(rnd() * 3)
  return {
    strategi: strategy,
    ...(strategy === 'ja' ? { beslut: weightedSample({ fullmaktige: 0.4, styrelse: 0.45, forvaltning: 0.15 }, 1, rnd)[0] ?? 'styrelse' } : {}),
    ansvar: { selected: [...independentChoices({ digitaliseringschef: 0.55, it_avdelning: 0.5, varje_forvaltning: 0.2 }, rnd), ...(otherOwner ? ['annat'] : [])], other: otherOwner ? 'Kommunledningskontoret' : null },
    e_tjanster: { selected: [...services, ...(otherService ? ['annat'] : [])], other: otherService ? 'Kultur och fritid' : null },
    samarbeten: Array.from({ length: partners }, (_, i) => ({
      namn: ['Gemensam e-arkivlösning', 'Digital samverkan över gränsen', 'Öppna data i Norden'][i] ?? 'Samarbete',
      form: weightedSample({ upphandling: 0.4, drift: 0.3, utveckling: 0.3 }, 1, rnd)[0] ?? 'utveckling',
      land: weightedSample({ NO: 0.35, FI: 0.3, DK: 0.2, EE: 0.15 }, 1, rnd)[0] ?? 'NO'
    })),
    hinder: weightedSample({ kompetens: 0.4, pengar: 0.3, regler: 0.2, inget: 0.1 }, 1, rnd)[0] ?? 'kompetens',
    ...(rnd() < 0.3 ? { kommentar: 'Vi vill gärna jämföra oss med andra i samma kommungrupp.' } : {}),
    uppgiftslamnare: { name: `Digitaliseringsansvarig, ${name}`, email: `digital.${code}@demo.example` }
  }
}

/**
 * The example survey "Digitalisering i kommuner och regioner" in the demo, made from its file alone: created as
 * `survey create` does, a round open from today, and 30 kommuner and 4 regions (drawn from a fixed seed) that have
 * answered and sent in through the form's own save service. Returns the survey and the link of a kommun that has not.
 */
export async function prepareDemoExample (db: Database, key: Buffer, publicUrl: string, now: Date): Promise<{ survey: Survey, link: ActiveLink }> {
  const content = readFileSync(fromRoot('server', 'questionnaire', 'examples', 'digitalisering.json'), 'utf8')
  const checked = await checkNewSurvey(db, DEMO_EXAMPLE_SLUG, content)
  if (!checked.ok) throw new Error(`The example survey cannot be made: ${checked.problems.map((p) => p.message).join(' ')}`)
  const survey = await createSurvey(db, DEMO_EXAMPLE_SLUG, content, checked.questionnaire, ADMIN, now)
  const today = swedishDate(now)
  const round = await createRound(db, key, {
    name: today.slice(0, 4), opens_on: today, deadline_on: workingDayFrom(addDays(today, 28)), closes_on: workingDayFrom(addDays(today, 56)), classification: 'skl-2017', surveyId: survey.id
  }, ADMIN, now)
  const qn = await roundQuestionnaire(db, round.id)
  const rnd = seededRandom(2027_02_01)
  const orgs = await db.selectFrom('organisation').select(['id', 'code', 'name', 'kind']).orderBy('id').execute()
  const answering = [
    ...shuffled(orgs.filter((o) => o.kind === 'municipality'), rnd).slice(0, KOMMUNER),
    ...shuffled(orgs.filter((o) => o.kind === 'region'), rnd).slice(0, REGIONER)
  ]
  for (const [i, o] of answering.entries()) {
    const at = new Date(now.getTime() - (answering.length - i) * 1000)
    const response = await openResponse(db, round.id, o.id, at)
    const answers = exampleAnswers(o.code, o.name, o.kind, rnd)
    const actor = `respondent:demo${String(i).padStart(4, '0')}`
    for (const section of qn.sections) {
      const own = Object.fromEntries(section.questions.map((q) => [q.id, answers[q.id]]).filter(([, v]) => v !== undefined))
      const saved = await saveSection(db, response.id, section, own, 0, at, actor)
      if (!saved.ok) throw new Error(`The demo could not save part ${section.id} for ${o.code}`)
    }
    await submitResponse(db, response.id, at, actor)
  }
  const answered = new Set(answering.map((o) => o.code))
  const link = (await activeLinks(db, key, round.id, publicUrl)).find((l) => l.kind === 'municipality' && !answered.has(l.code))
  if (link === undefined) throw new Error('The example survey\'s round has no link for a kommun that has not answered')
  return { survey, link }
}
