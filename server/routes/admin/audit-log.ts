import { Readable } from 'node:stream'
import { queryText, type ZodTypeProvider } from '../../http/schemas.js'
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { audit, auditActionName, auditActionNames, auditEntries, auditPage, type AuditFilter } from '../../admin/audit.js'
import { changesAfterSubmission } from '../../survey/responses.js'
import { formatTime } from '../../survey/clock.js'
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

/** The filter a query string asks for; values that do not parse are left out (and shown as not applied). */
function filterFrom (v: z.output<typeof query>): { filter: AuditFilter, page: number, input: Record<string, string> } {
  const filter: AuditFilter = {}
  if (v.handelse !== undefined && auditActionNames[v.handelse] !== undefined) filter.action = v.handelse
  if (v.fran !== undefined && day.safeParse(v.fran).success) filter.from = v.fran
  if (v.till !== undefined && day.safeParse(v.till).success) filter.to = v.till
  return { filter, page: v.sida ?? 1, input: { handelse: filter.action ?? '', fran: v.fran ?? '', till: v.till ?? '' } }
}

/** The audit log: who did what, and when; filtered by kind and dates, a page at a time, and as CSV. */
export async function auditRoutes (plain: FastifyInstance): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>()
  app.get('/admin/logg', { schema: { querystring: query } }, async (request, reply) => {
    const { filter, page, input } = filterFrom(request.query)
    const { entries, total } = await auditPage(app.db, filter, page, PAGE_SIZE)
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE))
    const params = (p: number): string => new URLSearchParams({ ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== '')), sida: String(p) }).toString()
    const changes = await changesAfterSubmission(app.db, 500)
    return adminView(app, request, reply, 'audit', {
      title: 'Logg', nav: 'audit',
      entries: entries.map((e) => ({ ...e, at: formatTime(e.at), action: auditActionName(e.action) })),
      kinds: Object.entries(auditActionNames).map(([code, name]) => ({ code, name })).sort((a, b) => a.name.localeCompare(b.name, 'sv')),
      input, total, page, pages,
      previous: page > 1 ? `/admin/logg?${params(page - 1)}` : null,
      next: page < pages ? `/admin/logg?${params(page + 1)}` : null,
      csv: `/admin/logg.csv?${new URLSearchParams(Object.entries(input).filter(([, v]) => v !== '')).toString()}`,
      changes: changes.map((c) => ({ at: formatTime(c.at), organisation: c.name, code: c.code, section: String(c.section).toUpperCase() }))
    })
  })

  app.get('/admin/logg.csv', { schema: { querystring: query } }, async (request, reply) => {
    const { filter } = filterFrom(request.query)
    await audit(app.db, signedIn(request).email, 'audit_exported', null)
    async function * lines (): AsyncGenerator<string> {
      yield `\uFEFF${csvLine(['tid', 'vem', 'handelse', 'kod', 'detaljer'])}`
      for await (const e of auditEntries(app.db, filter)) yield csvLine([formatTime(e.at), e.actor, auditActionName(e.action), e.action, e.detail ?? ''])
    }
    return await reply.header('Content-Type', 'text/csv; charset=utf-8').header('Content-Disposition', 'attachment; filename="logg.csv"')
      .header('Cache-Control', 'no-store').send(Readable.from(lines()))
  })
}
