import multipart from '@fastify/multipart'
import type { FastifyInstance } from 'fastify'
import { readUpload } from '../../http/upload.js'
import { importContacts, importSummary, organisationCodes, parseContactsCsv, type Problem } from '../../mail/contacts.js'
import { adminView, signedIn, surveyOf } from './guard.js'

const MAX_FILE = 2 * 1024 * 1024

/** Uploading a contacts file: all or nothing, with a list of problem rows. */
export async function contactsImportRoutes (app: FastifyInstance): Promise<void> {
  await app.register(multipart, { limits: { fileSize: MAX_FILE, files: 1, fields: 5, fieldSize: 1000, parts: 6 } })

  app.get('/admin/kontakter/import', async (request, reply) => adminView(app, request, reply, 'contacts-import', { title: 'Importera kontakter', nav: 'import', problems: null, result: null, scope: 'alla' }))

  app.post('/admin/kontakter/import', { config: { csrf: 'manual' } }, async (request, reply) => {
    let scope = 'alla'
    const show = (status: number, problems: Problem[] | null, result: string | null) => adminView(app, request, reply, 'contacts-import', {
      title: 'Importera kontakter', nav: 'import', problems, result, hasErrors: problems !== null, scope
    }).code(status)
    if (!request.isMultipart()) return show(400, [{ line: 0, message: 'Välj en fil att importera.' }], null)
    const upload = await readUpload(request)
    if (!upload.received) return show(400, [{ line: 0, message: 'Filen kunde inte tas emot. Försök igen.' }], null)
    const { csrf, bytes, tooLarge } = upload
    // "alla": the organisations' contacts for every survey; "enkat": this survey's own, which replace them here.
    scope = upload.fields.galler === 'enkat' ? 'enkat' : 'alla'
    const survey = scope === 'enkat' ? surveyOf(request) : null
    if (!app.csrfValid(request, csrf)) {
      return reply.code(403).view('error', { title: 'Formuläret har gått ut', text: 'Ladda om sidan och försök igen. Ingenting har importerats.', status: 403 })
    }
    if (tooLarge) return show(413, [{ line: 0, message: 'Filen är större än 2 MB.' }], null)
    if (bytes === null) return show(422, [{ line: 0, message: 'Välj en fil att importera.' }], null)
    const parsed = parseContactsCsv(bytes, await organisationCodes(app.db))
    if (!parsed.ok) return show(422, parsed.problems, null)
    const result = await importContacts(app.db, parsed.rows, new Date(), signedIn(request).email, survey)
    if (!result.ok) return show(422, result.problems, null)
    return show(200, null, importSummary(result, survey))
  })
}
