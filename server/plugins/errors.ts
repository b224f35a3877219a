import fp from 'fastify-plugin'
import { isStorageFailure } from '../db/group-commit.js'
import type { FastifyError } from 'fastify'

/** The Swedish title and text of each error status the app answers with. */
const messages = {
  400: { title: 'Begäran kunde inte läsas', text: 'Det som skickades kunde inte läsas. Gå tillbaka, ladda om sidan och försök igen.' },
  401: { title: 'Du är inte inloggad', text: 'Öppna länken i e-postmeddelandet igen, eller logga in. Ingenting har ändrats.' },
  403: { title: 'Åtgärden är inte tillåten', text: 'Ni har inte behörighet att göra det här.' },
  404: { title: 'Sidan finns inte', text: 'Sidan ni söker finns inte. Kontrollera adressen.' },
  408: { title: 'Det tog för lång tid', text: 'Begäran tog för lång tid att ta emot. Ingenting har ändrats. Försök igen.' },
  405: { title: 'Åtgärden är inte tillåten', text: 'Den här sidan kan inte användas på det sättet.' },
  413: { title: 'Det du skickade var för stort', text: 'Formuläret innehöll mer text än vi kan ta emot. Korta ner de längsta svaren och försök igen.' },
  415: { title: 'Begäran kunde inte läsas', text: 'Formuläret skickades i ett format som vi inte kan läsa. Ladda om sidan och försök igen.' },
  431: { title: 'Begäran kunde inte läsas', text: 'Begäran hade för stora rubriker. Ta bort webbplatsens kakor i webbläsaren och försök igen.' },
  429: { title: 'För många försök', text: 'Du har gjort för många försök på kort tid. Vänta en stund och försök igen.' },
  503: { title: 'Det går inte att spara just nu', text: 'Ett tekniskt fel hindrar oss från att spara. Ingenting av det du skickade har sparats. Gå tillbaka och försök igen om en stund; det du fyllt i finns kvar i webbläsaren.' },
  500: { title: 'Något gick fel', text: 'Ett tekniskt fel uppstod. Ingenting av det du skickade har sparats. Försök igen om en stund.' }
} satisfies Record<number, { title: string, text: string }>

/** The Swedish title and text of an error status (the nearest general one for a status without its own). */
export function errorMessage (status: number): { title: string, text: string } {
  return (messages as Record<number, { title: string, text: string } | undefined>)[status] ?? (status >= 500 ? messages[500] : messages[400])
}

/** The Swedish title and text of each error status the app answers with. */
export const errorMessages: Readonly<Record<number, { title: string, text: string }>> = messages

/** One error handler and one not-found page for the whole app; 5xx details stay in the log. */
export const errorsPlugin = fp(async (app) => {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (isStorageFailure(error)) {
      request.log.error({ err: error }, `the database cannot be written: ${error.message} (${String(error.code)}); check free disk space and the permissions of ${app.config.databasePath} and its -wal/-shm files (DATABASE_PATH)`)
      const m = errorMessage(503)
      return reply.code(503).header('Retry-After', '60').view('error', { title: m.title, text: m.text, status: 503 })
    }
    // A path that does not match its schema names no page; a query string or body that does not is a bad request.
    if (error.code === 'FST_ERR_VALIDATION' && error.validationContext === 'params') {
      const m = errorMessage(404)
      return reply.code(404).view('error', { title: m.title, text: m.text, status: 404 })
    }
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500
    if (status >= 500) request.log.error({ err: error }, 'request failed')
    else request.log.info({ code: error.code, status }, 'request rejected')
    const m = errorMessage(status)
    return reply.code(status).view('error', { title: m.title, text: m.text, status })
  })
  app.setNotFoundHandler((_request, reply) => {
    const m = errorMessage(404)
    return reply.code(404).view('error', { title: m.title, text: m.text, status: 404 })
  })
}, { name: 'errors', dependencies: ['views'] })
