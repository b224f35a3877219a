import { Readable } from 'node:stream'
import { queryText, type ZodTypeProvider } from '../../http/schemas.js'
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { audit, auditActionName, auditActionNames, auditEntries, auditPage, type AuditFilter } from '../../admin/audit.js'
import { changesAfterSubmission } from '../../survey/responses.js'
import { formatTime, isCalendarDate } from '../../survey/clock.js'
import { FIRST_SURVEY_SLUG } from '../../survey/surveys.js'
import { roundQuestionnaire } from '../../survey/round-questionnaire.js'
import { surveyBase } from './survey-scope.js'
import { csvLine } from '../../survey/csv.js'
import { adminView, signedIn } from './guard.js'

const PAGE_SIZE = 100
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/)
const query = z.object({
  handelse: queryText(40),
  fran: queryText(10),
  till: queryText(10),
  sida: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined)
})

/** The Swedish reason a date filter is not used, or null when it is a real day (or empty). */
function dateProblem (label: string, value: string | undefined): string | null {
  if (value === undefined || value === '') return null
  if (!day.safeParse(value).success) return `${label}: skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2026-11-01. Filtret används inte.`
  return isCalendarDate(value) ? null : `${label}: ${value} finns inte i kalendern. Filtret används inte.`
}

/** The filter a query string asks for; dates that do not parse are left out, each with the reason by its field. */
function filterFrom (v: z.output<typeof query>): { filter: AuditFilter, page: number, input: Record<string, string>, errors: Record<string, string> } {
  const filter: AuditFilter = {}
  const errors: Record<string, string> = {}
  if (v.handelse !== undefined && auditActionNames[v.handelse] !== undefined) filter.action = v.handelse
  for (const [key, label, field] of [['fran', 'Från', 'from'], ['till', 'Till', 'to']] as const) {
    const value = v[key]
    const problem = dateProblem(label, value)
    if (problem !== null) errors[key] = problem
    else if (value !== undefined && value !== '') filter[field] = value
  }
  return { filter, page: v.sida ?? 1, input: { handelse: filter.action ?? '', fran: v.fran ?? '', till: v.till ?? '' }, errors }
}

/** The audit log: who did what, and when; filtered by kind and dates, a page at a time, and as CSV. */
export async function auditRoutes (plain: FastifyInstance): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>()
  app.get('/admin/logg', { schema: { querystring: query } }, async (request, reply) => {
    const { filter, page, input, errors } = filterFrom(request.query)
    const { entries, total } = await auditPage(app.db, filter, page, PAGE_SIZE)
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE))
    const params = (p: number): string => new URLSearchParams({ ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== '')), sida: String(p) }).toString()
    const changes = await changesAfterSubmission(app.db, 500)
    // Each change's part named as in its round's version (read once per round).
    const roundIds = [...new Set(changes.map((c) => c.roundId))]
    const versions = new Map(await Promise.all(roundIds.map(async (id) => [id, await roundQuestionnaire(app.db, id)] as const)))
    return adminView(app, request, reply, 'audit', {
      title: 'Logg', nav: 'audit',
      entries: entries.map((e) => ({ ...e, at: formatTime(e.at), action: auditActionName(e.action) })),
      kinds: Object.entries(auditActionNames).map(([code, name]) => ({ code, name })).sort((a, b) => a.name.localeCompare(b.name, 'sv')),
      input, total, page, pages, errors, hasErrors: Object.keys(errors).length > 0,
      previous: page > 1 ? `/admin/logg?${params(page - 1)}` : null,
      next: page < pages ? `/admin/logg?${params(page + 1)}` : null,
      csv: `/admin/logg.csv?${new URLSearchParams(Object.entries(input).filter(([, v]) => v !== '')).toString()}`,
      changes: changes.map((c) => ({ at: formatTime(c.at), organisation: c.name, code: c.code, section: versions.get(c.roundId)?.partName(String(c.section)) ?? String(c.section), survey: c.survey, base: c.slug === FIRST_SURVEY_SLUG ? '/admin' : surveyBase(c) }))
    })
  })

  app.get('/admin/logg.csv', { schema: { querystring: query } }, async (request, reply) => {
    const { filter } = filterFrom(request.query)
    await audit(app.db, signedIn(request).email, 'audit_exported', null)
    async function * lines (): AsyncGenerator<string> {
      yield `\uFEFF${csvLine(['tid', 'vem', 'handelse', 'kod', 'detaljer', 'enkat'])}`
      for await (const e of auditEntries(app.db, filter)) yield csvLine([formatTime(e.at), e.actor, auditActionName(e.action), e.action, e.detail ?? '', e.survey ?? ''])
    }
    return await reply.header('Content-Type', 'text/csv; charset=utf-8').header('Content-Disposition', 'attachment; filename="logg.csv"')
      .header('Cache-Control', 'no-store').send(Readable.from(lines()))
  })
}
