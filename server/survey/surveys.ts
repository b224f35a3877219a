import type { Selectable } from 'kysely'
import type { Db } from '../db/database.js'
import type { SurveyTable } from '../db/schema.js'

export type Survey = Selectable<SurveyTable>

/** The survey every database has (its rounds are those made before there were several surveys). */
export const FIRST_SURVEY_SLUG = 'internationella-samarbeten'

/** A survey's slug: lower-case letters, digits and single hyphens, as it appears in /admin/<slug>/. */
export const SURVEY_SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

/** Every survey, the first one made first. */
export async function listSurveys (db: Db): Promise<Survey[]> {
  return await db.selectFrom('survey').selectAll().orderBy('id').execute()
}

/** A survey by its slug, or undefined. */
export async function surveyBySlug (db: Db, slug: string): Promise<Survey | undefined> {
  return await db.selectFrom('survey').selectAll().where('slug', '=', slug).executeTakeFirst()
}

/** A survey by its id; its absence is a broken database (rounds refer to surveys). */
export async function surveyById (db: Db, id: number): Promise<Survey> {
  const survey = await db.selectFrom('survey').selectAll().where('id', '=', id).executeTakeFirst()
  if (survey === undefined) throw new Error(`No survey ${id}`)
  return survey
}

/** The first survey (Internationella samarbeten), which the migration that introduced surveys made. */
export async function firstSurvey (db: Db): Promise<Survey> {
  const survey = await surveyBySlug(db, FIRST_SURVEY_SLUG)
  if (survey === undefined) throw new Error(`The database has no survey ${FIRST_SURVEY_SLUG}: it was not migrated by a start of the server (npm start)`)
  return survey
}

/** What one survey adds to the generic product (its own figures, report sentences, trends, register, demo answers). */
export interface SurveyModule { slug: string, title: string }

/** The survey modules, by the slug of the survey they belong to. */
const modules: ReadonlyMap<string, SurveyModule> = new Map([
  [FIRST_SURVEY_SLUG, { slug: FIRST_SURVEY_SLUG, title: 'Internationella samarbeten: vänorter, samarbeten, världsdelar, vänortsregistret och trender sedan 2007' }]
])

/** The module of a survey by its slug, or null: a survey without one gets the generic product. */
export function moduleForSlug (slug: string): SurveyModule | null {
  return modules.get(slug) ?? null
}

/** The module of a survey by its id (the first survey when not given), or null. */
export async function surveyModuleOf (db: Db, surveyId?: number): Promise<SurveyModule | null> {
  const survey = surveyId === undefined ? await firstSurvey(db) : await surveyById(db, surveyId)
  return moduleForSlug(survey.slug)
}

/**
 * Words a slug may not be: the first segments of admin pages that are not a survey's (/admin/<slug>/ would be read as
 * that page), and the survey pages themselves (which /admin/<page> serves for the first survey).
 */
export const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  'logga-in', 'logga-ut', 'logg', 'logg.csv', 'enkater', 'ny-enkat',
  'bortfall', 'svarskurva', 'partiellt-bortfall', 'omgang', 'organisationer', 'utskick', 'kontakter', 'resultat'
])

/** A problem with a new survey, by the field it belongs to, in Swedish. */
export interface NewSurveyProblem { id: 'slug' | 'questionnaire', message: string }

/** Checks a new survey's slug: its form, that it is free and not an admin page's name. */
export async function checkSurveySlug (db: Db, slug: string): Promise<NewSurveyProblem[]> {
  if (!SURVEY_SLUG.test(slug) || slug.length > 60) return [{ id: 'slug', message: 'Kortnamn: använd små bokstäver a–z, siffror och enstaka bindestreck, högst 60 tecken, till exempel digitalisering-2027.' }]
  if (RESERVED_SLUGS.has(slug)) return [{ id: 'slug', message: `Kortnamn: ${slug} är namnet på en sida i administrationen. Välj ett annat.` }]
  if ((await surveyBySlug(db, slug)) !== undefined) return [{ id: 'slug', message: `Kortnamn: det finns redan en enkät ${slug}.` }]
  return []
}

/** The module of a round's survey, or null: what decides whether the survey's own figures, report sentences, trends and register apply. */
export async function roundSurveyModule (db: Db, roundId: number): Promise<SurveyModule | null> {
  const row = await db.selectFrom('round as r').innerJoin('survey as s', 's.id', 'r.survey_id').select('s.slug').where('r.id', '=', roundId).executeTakeFirst()
  if (row === undefined) throw new Error(`No round ${roundId}`)
  return moduleForSlug(row.slug)
}
