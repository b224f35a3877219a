import multipart from '@fastify/multipart'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { icldCountries } from '../../db/reference-data.js'
import { readUpload } from '../../http/upload.js'
import { formBody, formValue, queryText, type ZodTypeProvider } from '../../http/schemas.js'
import { parseQuestionnaire, questionnaireText } from '../../questionnaire/questionnaire.js'
import { problemText } from '../../questionnaire/file-format.js'
import { classifications } from '../../reference/classifications.js'
import { missingFigureIds } from '../../questionnaire/survey-figures.js'
import { addDays, swedishDate } from '../../survey/clock.js'
import { linkKey } from '../../survey/links.js'
import { checkNewRound, checkVersion, createRound, type NewRoundInput, type NewRoundProblem, RoundExists } from '../../survey/new-round.js'
import { storedQuestionnaire, storedVersion, storeQuestionnaire } from '../../survey/round-questionnaire.js'
import { datesKey } from '../../survey/round-dates.js'
import { currentRound, roundState, workingDayFrom } from '../../survey/rounds.js'
import { adminView, signedIn, surveyOf, surveyPath } from './guard.js'
import { surveyModuleOf } from '../../survey/surveys.js'
import { partPreview, versionContents } from './part-preview.js'

const MAX_FILE = 1024 * 1024
const hashParams = z.object({ hash: z.string().regex(/^[0-9a-f]{64}$/) })

/**
 * A questionnaire version for the next round, uploaded on Admin → Omgång: the file is checked (every problem named
 * by its path), stored by its hash, and shown with what changed against the current round's version and a preview
 * of every part as a kommun and as a region sees it; the new-round form on that page creates the round with it.
 */
export async function questionnaireRoutes (plain: FastifyInstance): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>()
  const icld = icldCountries()
  await app.register(multipart, { limits: { fileSize: MAX_FILE, files: 1, fields: 3, fieldSize: 1000, parts: 4 } })

  const show = (request: FastifyRequest, reply: FastifyReply, status: number, problems: string[]): FastifyReply =>
    adminView(app, request, reply, 'questionnaire-upload', { title: 'Nytt frågeformulär', nav: 'round', problems, hasErrors: problems.length > 0 }).code(status)

  app.get('/admin/omgang/frageformular', async (request, reply) => show(request, reply, 200, []))

  app.post('/admin/omgang/frageformular', { config: { csrf: 'manual' } }, async (request, reply) => {
    if (!request.isMultipart()) return show(request, reply, 400, ['Välj en fil att ladda upp.'])
    const upload = await readUpload(request)
    if (!upload.received) return show(request, reply, 400, ['Filen kunde inte tas emot. Försök igen.'])
    const { csrf, bytes, tooLarge } = upload
    if (!app.csrfValid(request, csrf)) return reply.code(403).view('error', { title: 'Formuläret har gått ut', text: 'Ladda om sidan och försök igen. Ingenting har sparats.', status: 403 })
    if (tooLarge) return show(request, reply, 413, ['Filen är större än 1 MB.'])
    if (bytes === null || bytes.length === 0) return show(request, reply, 422, ['Välj en fil att ladda upp.'])
    const content = questionnaireText(bytes)
    const parsed = parseQuestionnaire(content)
    if (!parsed.ok) return show(request, reply, 422, parsed.problems.slice(0, 30).map(problemText))
    await storeQuestionnaire(app.db, content, new Date())
    return await reply.redirect(surveyPath(request, `/omgang/frageformular/${parsed.questionnaire.hash}`), 303)
  })

  /** The review page of an uploaded version: its problems, its changes, the preview links and the new-round form. */
  async function review (request: FastifyRequest, reply: FastifyReply, hash: string, state: { status?: number, input?: NewRoundInput, problems?: NewRoundProblem[], pending?: { warnings: string[], key: string } } = {}): Promise<FastifyReply> {
    const content = await storedVersion(app.db, hash)
    const round = await currentRound(app.db, surveyOf(request).id)
    if (content === undefined || round === undefined) { reply.callNotFound(); return reply }
    const check = await checkVersion(app.db, content, round, [], surveyOf(request).id)
    const qn = check.questionnaire
    if (qn === null) { reply.callNotFound(); return reply }
    const now = new Date()
    const opens = workingDayFrom(addDays(swedishDate(now), 14))
    const problems = (state.problems ?? []).map((p) => ({ id: p.id === 'questionnaire' ? 'frageformular' : `new_${p.id}`, summary: p.message }))
    return adminView(app, request, reply.code(state.status ?? 200), 'questionnaire-review', {
      title: `Frågeformulär ${qn.name}`,
      nav: 'round',
      hash: qn.hash,
      version: { name: qn.name, source: qn.source, contents: versionContents(qn) },
      previousRound: round.name,
      closed: roundState(round, now) === 'closed',
      // Only a survey with a module reads fixed question ids in its figures.
      figureProblems: (await surveyModuleOf(app.db, surveyOf(request).id)) === null ? [] : missingFigureIds(qn),
      changes: check.changes,
      confirm: check.optionChanges.map((c) => ({ id: c.id, number: c.number, text: c.text, added: c.added.join(', '), removed: c.removed.join(', '), checked: state.input?.sameQuestion?.includes(c.id) === true })),
      sections: qn.sections.map((s) => ({ id: s.id, letter: s.letter, title: s.title })),
      newInput: state.input ?? { name: String(Math.max(Number(round.name) + 1, Number(swedishDate(now).slice(0, 4)))), opens_on: opens, deadline_on: workingDayFrom(addDays(opens, 28)), closes_on: workingDayFrom(addDays(opens, 56)), classification: round.classification },
      classifications: classifications.map((c) => ({ id: c.id, name: c.name })),
      pending: state.pending ?? null,
      hasErrors: problems.length > 0,
      errors: problems,
      errorFor: Object.fromEntries(problems.map((p) => [p.id, p.summary]))
    })
  }

  app.get('/admin/omgang/frageformular/:hash', { schema: { params: hashParams } }, async (request, reply) => await review(request, reply, request.params.hash))

  app.post('/admin/omgang/frageformular/:hash', { schema: { params: hashParams, body: formBody({ name: formValue, opens_on: formValue, deadline_on: formValue, closes_on: formValue, classification: formValue, samma_fraga: formValue, bekraftat: formValue }) } }, async (request, reply) => {
    const hash = request.params.hash
    const content = await storedVersion(app.db, hash)
    if (content === undefined) return reply.callNotFound()
    const body = request.body ?? {}
    const text = (k: string): string => typeof body[k] === 'string' ? (body[k] as string).trim().slice(0, 40) : ''
    const sameQuestion = [body.samma_fraga ?? []].flat().filter((x) => /^[a-z][a-z0-9_]{0,39}$/.test(x))
    const input: NewRoundInput = { name: text('name'), opens_on: text('opens_on'), deadline_on: text('deadline_on'), closes_on: text('closes_on'), classification: text('classification'), questionnaire: content, sameQuestion, surveyId: surveyOf(request).id }
    const now = new Date()
    const checked = await checkNewRound(app.db, input, now)
    if (!checked.ok) return await review(request, reply, hash, { status: 422, input, problems: checked.problems })
    // Weekend and holiday warnings come before anything is saved; the same dates posted again go ahead.
    if (checked.warnings.length > 0 && text('bekraftat') !== datesKey(checked.dates)) return await review(request, reply, hash, { input, pending: { warnings: checked.warnings, key: datesKey(checked.dates) } })
    try {
      await createRound(app.db, linkKey(app.config.sessionSecret), { ...input, ...checked.dates }, signedIn(request).email, now)
    } catch (err) {
      if (!(err instanceof RoundExists)) throw err
      return await review(request, reply, hash, { status: 409, input, problems: [{ id: 'name', message: `Namn: ${err.message} Ladda om sidan och kontrollera omgången innan ni skapar en till.` }] })
    }
    return await reply.redirect(surveyPath(request, '/omgang?skapad=1'), 303)
  })

  app.get('/admin/omgang/frageformular/:hash/del/:section', { schema: { params: hashParams.extend({ section: z.string().regex(/^[a-z0-9_]{1,40}$/) }), querystring: z.object({ som: queryText(10) }) } }, async (request, reply) => {
    const qn = await storedQuestionnaire(app.db, request.params.hash)
    const preview = qn === null ? null : partPreview(qn, request.params.section, request.query.som, icld)
    if (qn === null || preview === null) return reply.callNotFound()
    return adminView(app, request, reply, 'questionnaire-preview', {
      ...preview,
      nav: 'round',
      reviewHref: surveyPath(request, `/omgang/frageformular/${qn.hash}`),
      sectionHref: (id: string, som: string) => surveyPath(request, `/omgang/frageformular/${qn.hash}/del/${id}?som=${som}`)
    })
  })
}
