import multipart from '@fastify/multipart'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { icldCountries } from '../../db/reference-data.js'
import { readUpload } from '../../http/upload.js'
import { formBody, formValue, queryText, type ZodTypeProvider } from '../../http/schemas.js'
import { checkNewSurvey, createSurvey } from '../../survey/new-survey.js'
import { storedQuestionnaire, storedVersion, storeQuestionnaire } from '../../survey/round-questionnaire.js'
import type { NewSurveyProblem } from '../../survey/surveys.js'
import { adminView, signedIn } from './guard.js'
import { partPreview, versionContents } from './part-preview.js'
import { questionnaireText } from '../../questionnaire/questionnaire.js'

const MAX_FILE = 1024 * 1024
const NEW = '/admin/enkater/ny'
const hashParams = z.object({ hash: z.string().regex(/^[0-9a-f]{64}$/) })
const fieldIds = { slug: 'kortnamn', questionnaire: 'file' } as const

/** The error summary and per-field messages of a new survey's problems. */
function errorsOf (problems: NewSurveyProblem[]): { hasErrors: boolean, errors: Array<{ id: string, summary: string }>, errorFor: Record<string, string> } {
  const errors = problems.map((p) => ({ id: fieldIds[p.id], summary: p.message }))
  const errorFor: Record<string, string> = {}
  for (const e of errors) errorFor[e.id] = errorFor[e.id] === undefined ? e.summary : `${errorFor[e.id]} ${e.summary}`
  return { hasErrors: errors.length > 0, errors, errorFor }
}

/** A slug as typed, kept for the form whatever it holds. */
const typedSlug = (value: unknown): string => typeof value === 'string' ? value.trim().slice(0, 80) : ''

/** A unique-constraint failure of SQLite: the slug was taken between the check and the insert. */
const isUniqueViolation = (err: unknown): boolean => (err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE'

/**
 * Admin → Enkäter → Ny enkät: a questionnaire file and a slug, checked as `survey create` on the command line does,
 * the file stored by its hash and shown part by part as a kommun and a region see it; the survey is created (and
 * audited) only when the review page is confirmed.
 */
export async function newSurveyRoutes (plain: FastifyInstance): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>()
  const icld = icldCountries()
  await app.register(multipart, { limits: { fileSize: MAX_FILE, files: 1, fields: 3, fieldSize: 1000, parts: 4 } })

  const upload = (request: FastifyRequest, reply: FastifyReply, status: number, slug: string, problems: NewSurveyProblem[]): FastifyReply =>
    adminView(app, request, reply, 'new-survey-upload', { title: 'Ny enkät', nav: 'surveys', slug, ...errorsOf(problems) }).code(status)

  app.get(NEW, async (request, reply) => upload(request, reply, 200, '', []))

  app.post(NEW, { config: { csrf: 'manual' } }, async (request, reply) => {
    const noFile: NewSurveyProblem = { id: 'questionnaire', message: 'Frågeformulär: välj en fil att ladda upp.' }
    if (!request.isMultipart()) return upload(request, reply, 400, '', [noFile])
    const received = await readUpload(request)
    if (!received.received) return upload(request, reply, 400, '', [{ id: 'questionnaire', message: 'Frågeformulär: filen kunde inte tas emot. Försök igen.' }])
    const slug = typedSlug(received.fields.kortnamn)
    if (!app.csrfValid(request, received.csrf)) return reply.code(403).view('error', { title: 'Formuläret har gått ut', text: 'Ladda om sidan och försök igen. Ingenting har sparats.', status: 403 })
    if (received.tooLarge) return upload(request, reply, 413, slug, [{ id: 'questionnaire', message: 'Frågeformulär: filen är större än 1 MB.' }])
    if (received.bytes === null || received.bytes.length === 0) return upload(request, reply, 422, slug, [noFile])
    const content = questionnaireText(received.bytes)
    const checked = await checkNewSurvey(app.db, slug, content)
    if (!checked.ok) return upload(request, reply, 422, slug, checked.problems)
    await storeQuestionnaire(app.db, content, new Date())
    return await reply.redirect(`${NEW}/${checked.questionnaire.hash}?kortnamn=${encodeURIComponent(slug)}`, 303)
  })

  /** The review page of an uploaded file: what the survey will be called, its parts as previews and the confirm form. */
  async function review (request: FastifyRequest, reply: FastifyReply, hash: string, slug: string, problems: NewSurveyProblem[] = [], status = 200): Promise<FastifyReply> {
    const qn = await storedQuestionnaire(app.db, hash)
    if (qn === null) { reply.callNotFound(); return reply }
    return adminView(app, request, reply.code(status), 'new-survey-review', {
      title: `Ny enkät: ${qn.texts.title}`,
      nav: 'surveys',
      hash,
      slug,
      version: { title: qn.texts.title, intro: qn.texts.intro, name: qn.name, contents: versionContents(qn) },
      sections: qn.sections.map((s) => ({ id: s.id, letter: s.letter, title: s.title })),
      ...errorsOf(problems)
    })
  }

  app.get(`${NEW}/:hash`, { schema: { params: hashParams, querystring: z.object({ kortnamn: queryText(80) }) } }, async (request, reply) =>
    await review(request, reply, request.params.hash, typedSlug(request.query.kortnamn)))

  app.post(`${NEW}/:hash`, { schema: { params: hashParams, body: formBody({ kortnamn: formValue }) } }, async (request, reply) => {
    const hash = request.params.hash
    const content = await storedVersion(app.db, hash)
    if (content === undefined) return reply.callNotFound()
    const slug = typedSlug(request.body?.kortnamn)
    const checked = await checkNewSurvey(app.db, slug, content)
    if (!checked.ok) return await review(request, reply, hash, slug, checked.problems, 422)
    try {
      await createSurvey(app.db, slug, content, checked.questionnaire, signedIn(request).email, new Date())
    } catch (err) {
      if (!isUniqueViolation(err)) throw err
      return await review(request, reply, hash, slug, [{ id: 'slug', message: `Kortnamn: det finns redan en enkät ${slug}.` }], 409)
    }
    return await reply.redirect(`/admin/enkater?skapad=${encodeURIComponent(slug)}`, 303)
  })

  app.get(`${NEW}/:hash/del/:section`, { schema: { params: hashParams.extend({ section: z.string().regex(/^[a-z0-9_]{1,40}$/) }), querystring: z.object({ som: queryText(10), kortnamn: queryText(80) }) } }, async (request, reply) => {
    const qn = await storedQuestionnaire(app.db, request.params.hash)
    const preview = qn === null ? null : partPreview(qn, request.params.section, request.query.som, icld)
    if (qn === null || preview === null) return reply.callNotFound()
    const slug = encodeURIComponent(typedSlug(request.query.kortnamn))
    return adminView(app, request, reply, 'questionnaire-preview', {
      ...preview,
      nav: 'surveys',
      reviewHref: `${NEW}/${qn.hash}?kortnamn=${slug}`,
      sectionHref: (id: string, som: string) => `${NEW}/${qn.hash}/del/${id}?som=${som}&kortnamn=${slug}`
    })
  })
}
