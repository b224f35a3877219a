import { audit } from '../admin/audit.js'
import type { Db } from '../db/database.js'
import { problemText } from '../questionnaire/file-format.js'
import { parseQuestionnaire, type Questionnaire } from '../questionnaire/questionnaire.js'
import { storeQuestionnaire } from './round-questionnaire.js'
import { checkSurveySlug, type NewSurveyProblem, type Survey } from './surveys.js'

/**
 * Checks a new survey: a free slug and a questionnaire file that passes every check a round's version does. The
 * survey's title and description are the file's `titel` and `inledning`.
 */
export async function checkNewSurvey (db: Db, slug: string, content: string): Promise<{ ok: true, questionnaire: Questionnaire } | { ok: false, problems: NewSurveyProblem[] }> {
  const problems = await checkSurveySlug(db, slug)
  const parsed = parseQuestionnaire(content)
  if (!parsed.ok) problems.push(...parsed.problems.slice(0, 30).map((p) => ({ id: 'questionnaire' as const, message: `Frågeformulär: ${problemText(p)}` })))
  else {
    // Two surveys of one title could not be told apart in lists, mail and the privacy page (a review form sent twice
    // under two slugs would make them).
    const twin = await db.selectFrom('survey').select(['slug']).where('title', '=', parsed.questionnaire.texts.title).executeTakeFirst()
    if (twin !== undefined) problems.push({ id: 'questionnaire', message: `Frågeformulär: det finns redan en enkät med titeln ${parsed.questionnaire.texts.title} (kortnamn ${twin.slug}). Ge den nya enkäten en egen titel (titel i filen).` })
  }
  if (problems.length > 0 || !parsed.ok) return { ok: false, problems }
  return { ok: true, questionnaire: parsed.questionnaire }
}

/** Creates a checked survey in one transaction: its questionnaire version, the survey and the audit entry. No round yet. */
export async function createSurvey (db: Db, slug: string, content: string, qn: Questionnaire, actor: string, now: Date): Promise<Survey> {
  return await db.transaction().execute(async (trx) => {
    const hash = await storeQuestionnaire(trx, content, now)
    const survey = await trx.insertInto('survey').values({
      slug, title: qn.texts.title, description: qn.texts.intro, contact_email: null, questionnaire_hash: hash, created_at: now.toISOString()
    }).returningAll().executeTakeFirstOrThrow()
    await audit(trx, actor, 'survey_created', `Enkät ${slug} (${qn.texts.title}): frågeformulär ${qn.name}, ${hash.slice(0, 12)}`, now, { surveyId: survey.id })
    return survey
  })
}
