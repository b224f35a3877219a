import { z } from 'zod'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { queryText, type ZodTypeProvider } from '../http/schemas.js'
import { worldMapSvg } from '../charts/world-map.js'
import { countryName } from '../questionnaire/countries.js'
import { acceptsGzip, type CachedPage, cachedPage, PageCache } from '../http/page-cache.js'
import { type PublicLimit, publicRateLimit, RateLimiter } from '../http/rate-limit.js'
import { counties, filterRows, formOptions, perCountry, publishedRound, type RegisterFilter } from '../results/public-register.js'
import type { PublicRow } from '../results/register-rows.js'
import { publishedRows, registerGeneration } from '../results/register-snapshot.js'
import type { Round } from '../survey/rounds.js'
import { formatDate, formatTime } from '../survey/clock.js'
import { csvLine } from '../survey/csv.js'

const filterQuery = z.object({ q: queryText(100), land: queryText(2), lan: queryText(2), form: queryText(40) })

const CSV_HEADER = ['organisation_kod', 'organisation', 'typ', 'lan_kod', 'lan', 'ort', 'land_kod', 'land', 'samarbetsform', 'aktivitetsgrad'] as const
const LICENCE = { name: 'CC0 1.0 Universell (fri användning)', url: 'https://creativecommons.org/publicdomain/zero/1.0/deed.sv' }

function filterOf (query: { q?: string, land?: string, lan?: string, form?: string }): RegisterFilter {
  return { q: query.q ?? '', land: (query.land ?? '').toUpperCase(), lan: query.lan ?? '', form: query.form ?? '' }
}

function queryString (f: RegisterFilter): string {
  const p = new URLSearchParams()
  for (const [k, v] of Object.entries(f)) if (v !== '') p.set(k, v)
  const s = p.toString()
  return s === '' ? '' : `?${s}`
}

function csvRow (r: PublicRow): unknown[] {
  return [r.organisationCode, r.organisation, r.kind, r.countyCode, r.county, r.partner, r.countryCode, r.country, r.form, r.activity]
}

/** What the register's pages, map and downloads may keep (each filter's page, CSV and JSON, plain and gzipped). */
export const REGISTER_CACHE_BYTES = 32 * 1024 * 1024
/** Pages not yet kept that may be made, from all clients together: a burst, then a steady rate (about a quarter of a core). */
export const REGISTER_FRESH_LIMIT = { burst: 50, perSecond: 40 }

interface Publication { round: Round, rows: PublicRow[], countryChoices: Array<{ code: string, name: string }>, counties: Array<{ code: string, name: string }>, forms: Array<{ id: string, label: string }> }
type Kind = 'page' | 'csv' | 'json'

/**
 * The public vänortsregister (no login): every twin town and municipal partnership of the latest round an admin has
 * published (as copied at publication), searchable, on a world map with the same figures in a table, and as open
 * data (CSV and JSON, CC0). Each filter's page, CSV and JSON is made once per publication and kept (bounded by
 * bytes) until a publication, withdrawal or exclusion changes the register's generation; clients are rate-limited.
 * Before anything is published every address answers 404.
 */
export async function publicRegisterRoutes (plain: FastifyInstance, opts: { limiter: RateLimiter, freshLimit?: PublicLimit }): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>()
  app.addHook('onRequest', publicRateLimit(opts.limiter, app))
  const pages = new PageCache(REGISTER_CACHE_BYTES)
  // A flood of new filters from many addresses passes every per-client limit; this bounds what it can cost.
  const fresh = new RateLimiter(opts.freshLimit ?? REGISTER_FRESH_LIMIT, 1)
  let current: { generation: number, publication: Publication | null } | undefined

  async function publication (generation: number): Promise<Publication | null> {
    if (current?.generation === generation) return current.publication
    const round = await publishedRound(app.db)
    const rows = round === undefined ? [] : await publishedRows(app.db, round.id)
    const made = round === undefined
      ? null
      : { round, rows, countryChoices: perCountry(rows).map((c) => ({ code: c.code, name: c.name })).sort((a, b) => a.name.localeCompare(b.name, 'sv')), counties: await counties(app.db), forms: await formOptions(app.db, round.id) }
    current = { generation, publication: made }
    return made
  }

  const types: Record<Kind, string> = { page: 'text/html; charset=utf-8', csv: 'text/csv; charset=utf-8', json: 'application/json; charset=utf-8' }
  const makers: Record<Kind, (p: Publication, f: RegisterFilter) => string> = { page: registerPage, csv: registerCsv, json: registerJson }

  async function answer (request: FastifyRequest, reply: FastifyReply, kind: Kind, query: Partial<RegisterFilter>): Promise<FastifyReply> {
    const generation = await registerGeneration(app.db)
    const p = await publication(generation)
    if (p === null) {
      return reply.code(404).view('error', { title: 'Vänortsregistret är inte publicerat', text: 'SKR har ännu inte publicerat vänortsregistret. Det publiceras när en enkätomgång har stängt och svaren har gåtts igenom.', status: 404 })
    }
    const filter = filterOf(query)
    const key = `${kind}\n${JSON.stringify(filter)}`
    let page: CachedPage | undefined = pages.get(key, String(generation))
    if (page === undefined) {
      if (!fresh.take('all')) {
        return reply.code(503).header('Retry-After', '5').view('error', { title: 'Registret är hårt belastat', text: 'Just nu hämtas väldigt många olika sökningar i registret. Försök igen om en liten stund, eller hämta hela registret.', status: 503 })
      }
      page = cachedPage(makers[kind](p, filter))
      pages.set(key, String(generation), page)
    }
    reply.type(types[kind]).header('vary', 'accept-encoding')
    if (kind !== 'page') reply.header('Content-Disposition', `attachment; filename="vanortsregister-${p.round.name}.${kind}"`)
    if (!acceptsGzip(request.headers['accept-encoding'])) return reply.send(page.html)
    return reply.header('content-encoding', 'gzip').send(page.gzip)
  }

  function registerPage (p: Publication, filter: RegisterFilter): string {
    const rows = filterRows(p.rows, filter)
    const byCountry = perCountry(rows)
    const filtered = Object.values(filter).some((v) => v !== '')
    return app.renderView('info/register', {
      title: 'Vänortsregistret',
      wide: true,
      roundName: p.round.name,
      published: formatTime(p.round.register_published_at ?? ''),
      publishedDate: formatDate((p.round.register_published_at ?? '').slice(0, 10)),
      filter,
      filtered,
      query: queryString(filter),
      total: p.rows.length,
      rows,
      countries: p.countryChoices,
      counties: p.counties,
      forms: p.forms,
      byCountry,
      map: worldMapSvg({
        id: 'karta',
        title: `Samarbeten per land${filtered ? ' (urvalet)' : ''}`,
        description: byCountry.length === 0 ? 'Inga samarbeten i urvalet.' : `Flest samarbeten: ${byCountry.slice(0, 5).map((c) => `${c.name} ${c.n}`).join(', ')}. Alla länder finns i tabellen under kartan.`,
        counts: new Map(byCountry.map((c) => [c.code, c.n])),
        names: countryName
      }),
      licence: LICENCE
    })
  }

  app.get('/vanortsregister', { schema: { querystring: filterQuery } }, async (request, reply) => await answer(request, reply, 'page', request.query))
  app.get('/vanortsregister/vanortsregister.csv', { schema: { querystring: filterQuery } }, async (request, reply) => await answer(request, reply, 'csv', request.query))
  app.get('/vanortsregister/vanortsregister.json', { schema: { querystring: filterQuery } }, async (request, reply) => await answer(request, reply, 'json', request.query))
}

function registerCsv (p: Publication, filter: RegisterFilter): string {
  return `\uFEFF${csvLine([...CSV_HEADER])}${filterRows(p.rows, filter).map((r) => csvLine(csvRow(r))).join('')}`
}

function registerJson (p: Publication, filter: RegisterFilter): string {
  const rows = filterRows(p.rows, filter)
  return JSON.stringify({
    titel: 'Vänortsregistret: kommuners och regioners vänorter och kommunala partnerskap',
    utgivare: 'Sveriges Kommuner och Regioner (SKR)',
    kalla: `Enkäten Internationella samarbeten, omgång ${p.round.name}`,
    publicerad: (p.round.register_published_at ?? '').slice(0, 10),
    licens: LICENCE.name,
    licens_url: LICENCE.url,
    antal: rows.length,
    samarbeten: rows.map((r) => Object.fromEntries(CSV_HEADER.map((k, i) => [k, csvRow(r)[i]])))
  })
}
