import { z } from 'zod'
import type { FastifyInstance } from 'fastify'
import { anyFormBody, type ZodTypeProvider } from '../../http/schemas.js'
import { kindOf } from '../../questionnaire/kinds/index.js'
import { respondentActor } from '../../survey/response-service.js'
import { removeSavedRow } from '../../survey/section-save.js'
import { pageOwner, respondentHead, sessionHash, withAnswers } from './context.js'
import { layoutData, sessionExpired } from './pages.js'

const params = z.object({ section: z.string().regex(/^[a-z0-9_]{1,20}$/), question: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/), index: z.coerce.number().int().min(0).max(9999) })

/**
 * "Ta bort" on a saved row asks on a page of its own before anything is removed; the removal is one service call
 * that holds only if the part is still at the version this page showed (a colleague's save in between removes nothing).
 */
export async function removeRowRoutes (plain: FastifyInstance, opts: { icld: ReadonlySet<string> }): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>()

  app.get('/enkat/del/:section/ta-bort/:question/:index', { schema: { params } }, async (request, reply) => {
    const now = new Date()
    const head = await respondentHead(app, request, now)
    if (head === null) return sessionExpired(reply)
    const { section: sectionId, question, index } = request.params
    const section = head.questionnaire.findSection(sectionId)
    const q = section?.questions.find((x) => x.id === question)
    if (section === undefined || q === undefined) return reply.callNotFound()
    const back = `/enkat/del/${section.id}#${q.id}`
    if (head.roundState !== 'open') return reply.redirect('/enkat/granska', 303)
    const ctx = await withAnswers(app, head, now)
    const value = ctx.answers[q.id]
    const described = value === undefined || value === null ? null : kindOf(q).describe(q, value, { kind: ctx.organisation.kind, icld: opts.icld })
    const row = described !== null && 'table' in described ? described.table.rows[index] : undefined
    if (described === null || !('table' in described) || row === undefined) return reply.redirect(back, 303)
    return reply.view('respondent/remove-row', {
      ...layoutData(app, request, ctx),
      title: 'Ta bort raden?',
      number: head.questionnaire.questionNumber(q.id),
      pairs: described.table.headers.map((h, i) => ({ label: h, value: row.cells[i] ?? '' })),
      action: `/enkat/del/${section.id}/ta-bort/${q.id}/${index}`,
      back,
      version: ctx.versions[section.id]?.version ?? 0
    })
  })

  app.post('/enkat/del/:section/ta-bort/:question/:index', { schema: { params, body: anyFormBody } }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>
    const now = new Date()
    const head = await respondentHead(app, request, now)
    if (head === null) return sessionExpired(reply)
    const { section: sectionId, question, index } = request.params
    const section = head.questionnaire.findSection(sectionId)
    if (section === undefined || !section.questions.some((x) => x.id === question)) return reply.callNotFound()
    if (head.roundState !== 'open') return reply.code(403).view('respondent/closed', { ...layoutData(app, request, head), title: 'Enkäten är stängd' })
    const back = `/enkat/del/${section.id}`
    const version = typeof body.version === 'string' && /^\d{1,9}$/.test(body.version) ? Number(body.version) : null
    if (!app.csrfValid(request, body._csrf) || version === null) {
      return reply.code(403).view('error', { title: 'Raden togs inte bort', text: 'Sidan hade varit öppen för länge eller öppnats i en annan flik. Ingenting har tagits bort. Gå tillbaka till delen och försök igen.', status: 403 })
    }
    const result = await removeSavedRow(app.db, pageOwner(head), section, question, index, version, now, respondentActor(sessionHash(request)))
    if (result === 'conflict') {
      return reply.code(409).view('respondent/remove-row', { ...layoutData(app, request, head), title: 'Raden togs inte bort', conflict: true, back: `${back}#${question}` })
    }
    return reply.redirect(result === 'removed' ? `${back}?borttaget=1#${question}` : `${back}#${question}`, 303)
  })
}
