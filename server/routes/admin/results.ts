import { z } from 'zod'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { formBody, formValue, queryText, type ZodTypeProvider } from '../../http/schemas.js'
import { audit } from '../../admin/audit.js'
import { computeFigures, resultGroups, type GroupDef } from '../../results/figures.js'
import { codebookCsv, responsesCsv, responsesXlsx, resultsCsv, resultsXlsx } from '../../results/exports.js'
import { collaborationList, freeTexts, mostActiveTwinTowns, twinTownRegister } from '../../results/register.js'
import { publicationCsv, publicationXlsx, publishedFigures } from '../../results/publication.js'
import { reportPage } from '../../results/report.js'
import { trendRows, trendsCsv } from '../../results/trends.js'
import { comparisonGroups, roundComparison } from '../../results/rounds.js'
import { classificationOf } from '../../reference/classifications.js'
import { exclusions, publishRegister, registerRounds, roundByName, setExcluded, unpublishRegister } from '../../results/public-register.js'
import { formatDate, formatTime } from '../../survey/clock.js'
import { roundQuestionnaire } from '../../survey/round-questionnaire.js'
import { roundState } from '../../survey/rounds.js'
import { chapterTables, countryTable } from '../../results/tables.js'
import { requireCurrentRound, type Round } from '../../survey/rounds.js'
import { adminView, signedIn, surveyOf, surveyPath } from './guard.js'
import { FIRST_SURVEY_SLUG, moduleForSlug, roundSurveyModule } from '../../survey/surveys.js'

const breakdowns: Record<string, (g: GroupDef) => boolean> = {
  '': (g) => g.id === 'kommuner' || g.id === 'regioner',
  huvudgrupp: (g) => g.id === 'kommuner' || g.id === 'regioner' || g.id.startsWith('huvudgrupp='),
  kommungrupp: (g) => g.id === 'kommuner' || g.id === 'regioner' || g.id.startsWith('kommungrupp=')
}

/** The results pages that are Internationella samarbeten's module's: a survey without it has none of them. */
const moduleOnly = /^\/admin\/resultat\/(vanortsregister|samarbeten|trender\.csv)/

/** Results for analysts: chapters with tables and charts, the register, free text, the report page and downloads. */
export async function resultRoutes (plain: FastifyInstance): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>()
  // Every results page and download is of the current round, or of an earlier one named by ?omgang=<år> (closed
  // rounds stay readable); an unknown round is a 404.
  const chosen = new WeakMap<FastifyRequest, Round>()
  app.addHook('preHandler', async (request, reply) => {
    const name = new URL(request.url, 'http://localhost').searchParams.get('omgang')
    const r = name === null || name === '' ? await requireCurrentRound(app.db, surveyOf(request).id) : /^\d{4}$/.test(name) ? await roundByName(app.db, name, surveyOf(request).id) : undefined
    if (r === undefined) { reply.callNotFound(); return reply }
    // The register, the collaborations and the trends are a survey module's (Internationella samarbeten's).
    if (moduleOnly.test(request.url.split('?')[0] ?? '') && (await roundSurveyModule(app.db, r.id)) === null) { reply.callNotFound(); return reply }
    chosen.set(request, r)
  })
  const round = async (request: FastifyRequest): Promise<Round> => chosen.get(request) ?? await requireCurrentRound(app.db, surveyOf(request).id)
  /** The query that keeps an earlier round in links: '' for the current round. */
  const roundQuery = async (r: Round): Promise<string> => r.id === (await requireCurrentRound(app.db, r.survey_id)).id ? '' : `omgang=${r.name}`

  app.get('/admin/resultat', { schema: { querystring: z.object({ uppdelning: queryText(20) }) } }, async (request, reply) => {
    const r = await round(request)
    const breakdown = typeof request.query.uppdelning === 'string' && request.query.uppdelning in breakdowns ? request.query.uppdelning : ''
    const [figures, groups, qn] = await Promise.all([computeFigures(app.db, r.id), resultGroups(app.db, r.id), roundQuestionnaire(app.db, r.id)])
    const columns = groups.filter(breakdowns[breakdown] ?? (() => true))
    const own = (await roundSurveyModule(app.db, r.id)) !== null
    const countries = own ? countryTable(qn, figures, groups) : null
    return adminView(app, request, reply, 'results', {
      title: 'Resultat', nav: 'results', breakdown, own, chapters: chapterTables(qn, figures, columns, undefined, own), contactQuestion: qn.contactNaming()?.question ?? null, roundName: r.name, classification: classificationOf(r.classification),
      rounds: (await registerRounds(app.db, surveyOf(request).id)).map((x) => x.name), roundQuery: await roundQuery(r),
      countries: countries === null ? null : { ...countries, rows: countries.rows.slice(0, 20) },
      mostActive: own ? await mostActiveTwinTowns(app.db, r.id, 10) : [],
      preliminaryUntil: roundState(r, new Date()) === 'closed' ? null : formatDate(r.closes_on)
    })
  })

  app.get('/admin/resultat/omgangar', { schema: { querystring: z.object({ grupp: queryText(20) }) } }, async (request, reply) => {
    const group = comparisonGroups.find((g) => g.id === request.query.grupp) ?? { id: 'alla', label: 'Alla' }
    const comparison = await roundComparison(app.db, group.id, new Date(), surveyOf(request).id)
    return adminView(app, request, reply, 'rounds-compared', { title: 'Omgångarna jämförda', nav: 'results', group, groups: comparisonGroups, own: moduleForSlug(surveyOf(request).slug) !== null, ...comparison })
  })

  async function registerPage (request: FastifyRequest, reply: FastifyReply, state: { status?: number, message?: string, problem?: string, code?: string }): Promise<FastifyReply> {
    const r = await round(request)
    const now = new Date()
    return adminView(app, request, reply.code(state.status ?? 200), 'register', {
      title: 'Vänortsregister', nav: 'results', rows: await twinTownRegister(app.db, r.id), roundName: r.name, roundQuery: await roundQuery(r),
      rounds: (await registerRounds(app.db, surveyOf(request).id)).map((x) => ({
        name: x.name, closes: formatDate(x.closes_on), closed: roundState(x, now) === 'closed',
        published: x.register_published_at === null ? null : `${formatTime(x.register_published_at)} av ${x.register_published_by ?? 'okänd'}`
      })),
      exclusions: (await exclusions(app.db)).map((x) => ({ ...x, at: formatTime(x.at) })),
      message: state.message ?? null,
      failed: (state.status ?? 200) >= 400 && state.problem === undefined,
      code: state.code ?? '',
      hasErrors: state.problem !== undefined,
      errors: state.problem === undefined ? [] : [{ id: 'exclude_code', summary: state.problem }],
      errorFor: state.problem === undefined ? {} : { exclude_code: state.problem }
    })
  }

  const messages: Record<string, string> = {
    publicerat: 'Registret är publicerat på /vanortsregister.',
    avpublicerat: 'Registret är inte längre publicerat för den omgången.',
    undantagen: 'Organisationen visas inte i det publicerade registret.',
    medtagen: 'Organisationen visas åter i det publicerade registret.'
  }

  app.get('/admin/resultat/vanortsregister', { schema: { querystring: z.object({ klart: queryText(20) }) } }, async (request, reply) =>
    await registerPage(request, reply, { message: messages[request.query.klart ?? ''] }))

  app.post('/admin/resultat/vanortsregister/publicera', { schema: { body: formBody({ round: formValue, action: formValue }) } }, async (request, reply) => {
    const body = request.body ?? {}
    const target = typeof body.round === 'string' ? await roundByName(app.db, body.round.slice(0, 20), surveyOf(request).id) : undefined
    if (target === undefined) return await registerPage(request, reply, { status: 422, message: 'Omgången finns inte. Ladda om sidan och försök igen.' })
    const now = new Date()
    if (body.action === 'unpublish') {
      await unpublishRegister(app.db, target, signedIn(request).email, now)
      return await reply.redirect(surveyPath(request, '/resultat/vanortsregister?klart=avpublicerat'), 303)
    }
    const done = await publishRegister(app.db, target, signedIn(request).email, now)
    if (!done.ok) return await registerPage(request, reply, { status: 409, message: done.reason })
    return await reply.redirect(surveyPath(request, '/resultat/vanortsregister?klart=publicerat'), 303)
  })

  app.post('/admin/resultat/vanortsregister/undanta', { schema: { body: formBody({ code: formValue, action: formValue }) } }, async (request, reply) => {
    const body = request.body ?? {}
    const code = typeof body.code === 'string' ? body.code.trim().slice(0, 10) : ''
    const exclude = body.action !== 'include'
    const done = /^\d{2}(\d{2})?$/.test(code) ? await setExcluded(app.db, code, exclude, signedIn(request).email, new Date()) : undefined
    if (done === undefined) return await registerPage(request, reply, { status: 422, code, problem: `Kod: ingen kommun eller region har koden ”${code}”. Skriv kommunkoden (fyra siffror) eller länskoden (två siffror).` })
    return await reply.redirect(surveyPath(request, `/resultat/vanortsregister?klart=${exclude ? 'undantagen' : 'medtagen'}`), 303)
  })

  app.get('/admin/resultat/samarbeten', async (request, reply) => {
    const r = await round(request)
    return adminView(app, request, reply, 'collaborations', { title: 'Andra internationella samarbeten', nav: 'results', groups: await collaborationList(app.db, r.id), roundQuery: await roundQuery(r) })
  })

  app.get('/admin/resultat/fritext', async (request, reply) => {
    const r = await round(request)
    const texts = await freeTexts(app.db, r.id)
    const byQuestion = [...new Map(texts.map((t) => [t.question, t]))].map(([q, first]) => ({ question: q, title: `Fråga ${first.number}. ${first.questionText}`, texts: texts.filter((t) => t.question === q) }))
    return adminView(app, request, reply, 'free-text', { title: 'Fritextsvar', nav: 'results', byQuestion, roundQuery: await roundQuery(r) })
  })

  app.get('/admin/resultat/rapport', async (request, reply) => {
    const r = await round(request)
    return adminView(app, request, reply, 'report', { title: `${surveyOf(request).title} ${r.name}`, nav: 'results', report: await reportPage(app.db, r, new Date()), roundQuery: await roundQuery(r) })
  })

  // The first survey's files keep their names (SKR's folders and scripts expect them); another survey's start with its slug.
  const fileName = (reply: FastifyReply, name: string): string => {
    const slug = surveyOf(reply.request).slug
    return slug === FIRST_SURVEY_SLUG ? name : `${slug}-${name}`
  }
  const download = (reply: FastifyReply, name: string, type: string): FastifyReply => reply
    .header('Content-Type', type)
    .header('Content-Disposition', `attachment; filename="${fileName(reply, name)}"`)
    .header('Cache-Control', 'no-store')
    .header('X-Accel-Buffering', 'no')

  app.get('/admin/resultat/results.csv', async (request, reply) => {
    const r = await round(request)
    return download(reply, `resultat-${r.name}.csv`, 'text/csv; charset=utf-8').send(resultsCsv(await computeFigures(app.db, r.id)))
  })

  app.get('/admin/resultat/results.xlsx', async (request, reply) => {
    const r = await round(request)
    const own = (await roundSurveyModule(app.db, r.id)) !== null
    const [figures, register, texts] = await Promise.all([computeFigures(app.db, r.id), own ? twinTownRegister(app.db, r.id) : null, freeTexts(app.db, r.id)])
    return download(reply, `resultat-${r.name}.xlsx`, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(resultsXlsx(await roundQuestionnaire(app.db, r.id), figures, register, texts))
  })

  app.get('/admin/resultat/rapport.docx', async (request, reply) => {
    const r = await round(request)
    const { reportDocx } = await import('../../results/report-docx.js')
    return download(reply, `rapport-${r.name}.docx`, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document').send(await reportDocx(await reportPage(app.db, r, new Date())))
  })

  app.get('/admin/resultat/trender.csv', async (_request, reply) => download(reply, 'trender.csv', 'text/csv; charset=utf-8').send(trendsCsv(await trendRows(app.db))))

  app.get('/admin/resultat/publicering.csv', async (request, reply) => {
    const r = await round(request)
    return download(reply, `publicering-${r.name}.csv`, 'text/csv; charset=utf-8').send(publicationCsv(await publishedFigures(app.db, r.id)))
  })

  app.get('/admin/resultat/publicering.xlsx', async (request, reply) => {
    const r = await round(request)
    return download(reply, `publicering-${r.name}.xlsx`, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await publicationXlsx(await publishedFigures(app.db, r.id)))
  })

  app.get('/admin/resultat/kodbok.csv', async (request, reply) => {
    const r = await round(request)
    return download(reply, `kodbok-${r.name}.csv`, 'text/csv; charset=utf-8').send(codebookCsv(await roundQuestionnaire(app.db, r.id)))
  })

  app.get('/admin/resultat/responses.:format', { schema: { params: z.object({ format: z.enum(['csv', 'xlsx']) }) } }, async (request, reply) => {
    const r = await round(request)
    return request.params.format === 'csv'
      ? download(reply, `svar-${r.name}.csv`, 'text/csv; charset=utf-8').send(responsesCsv(app.db, r.id, false))
      : download(reply, `svar-${r.name}.xlsx`, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(responsesXlsx(app.db, r.id, false))
  })

  app.post('/admin/resultat/export-med-kontakter', { schema: { body: formBody({ format: formValue, confirm: formValue }) } }, async (request, reply) => {
    const format = request.body?.format === 'xlsx' ? 'xlsx' : 'csv'
    if (request.body?.confirm !== 'yes') {
      return reply.code(422).view('error', { title: 'Bekräftelse saknas', text: 'Kryssa i att du behöver kontaktuppgifterna (personuppgifter) för att ladda ner dem.', status: 422, admin: request.admin, csrf: app.csrfToken(request), nav: 'results' })
    }
    const r = await round(request)
    await audit(app.db, signedIn(request).email, 'export_with_contacts', `responses.${format}`, new Date(), { roundId: r.id })
    return format === 'csv'
      ? download(reply, `svar-med-kontakter-${r.name}.csv`, 'text/csv; charset=utf-8').send(responsesCsv(app.db, r.id, true))
      : download(reply, `svar-med-kontakter-${r.name}.xlsx`, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(responsesXlsx(app.db, r.id, true))
  })
}
