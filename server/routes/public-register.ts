import { z } from 'zod'
import type { FastifyInstance, FastifyReply } from 'fastify'
import { queryText, type ZodTypeProvider } from '../http/schemas.js'
import { worldMapSvg } from '../charts/world-map.js'
import { countryName } from '../questionnaire/countries.js'
import { counties, filterRows, formOptions, perCountry, publicRows, publishedRound, type PublicRow, type RegisterFilter } from '../results/public-register.js'
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

/**
 * The public vänortsregister (no login): every twin town and municipal partnership of the latest round an admin has
 * published, searchable, on a world map with the same figures in a table, and as open data (CSV and JSON, CC0).
 * Before anything is published every address answers 404.
 */
export async function publicRegisterRoutes (plain: FastifyInstance): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>()

  async function published (reply: FastifyReply): Promise<{ round: NonNullable<Awaited<ReturnType<typeof publishedRound>>>, rows: PublicRow[] } | null> {
    const round = await publishedRound(app.db)
    if (round === undefined) {
      await reply.code(404).view('error', { title: 'Vänortsregistret är inte publicerat', text: 'SKR har ännu inte publicerat vänortsregistret. Det publiceras när en enkätomgång har stängt och svaren har gåtts igenom.', status: 404 })
      return null
    }
    return { round, rows: await publicRows(app.db, round.id) }
  }

  app.get('/vanortsregister', { schema: { querystring: filterQuery } }, async (request, reply) => {
    const data = await published(reply)
    if (data === null) return reply
    const filter = filterOf(request.query)
    const rows = filterRows(data.rows, filter)
    const byCountry = perCountry(rows)
    const countryChoices = perCountry(data.rows).map((c) => ({ code: c.code, name: c.name })).sort((a, b) => a.name.localeCompare(b.name, 'sv'))
    const filtered = Object.values(filter).some((v) => v !== '')
    return reply.view('info/register', {
      title: 'Vänortsregistret',
      wide: true,
      roundName: data.round.name,
      published: formatTime(data.round.register_published_at ?? ''),
      publishedDate: formatDate((data.round.register_published_at ?? '').slice(0, 10)),
      filter,
      filtered,
      query: queryString(filter),
      total: data.rows.length,
      rows,
      countries: countryChoices,
      counties: await counties(app.db),
      forms: await formOptions(app.db, data.round.id),
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
  })

  app.get('/vanortsregister/vanortsregister.csv', { schema: { querystring: filterQuery } }, async (request, reply) => {
    const data = await published(reply)
    if (data === null) return reply
    const rows = filterRows(data.rows, filterOf(request.query))
    return reply.header('Content-Type', 'text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="vanortsregister-${data.round.name}.csv"`)
      .send(`\uFEFF${csvLine([...CSV_HEADER])}${rows.map((r) => csvLine(csvRow(r))).join('')}`)
  })

  app.get('/vanortsregister/vanortsregister.json', { schema: { querystring: filterQuery } }, async (request, reply) => {
    const data = await published(reply)
    if (data === null) return reply
    const rows = filterRows(data.rows, filterOf(request.query))
    return reply.header('Content-Disposition', `attachment; filename="vanortsregister-${data.round.name}.json"`).send({
      titel: 'Vänortsregistret: kommuners och regioners vänorter och kommunala partnerskap',
      utgivare: 'Sveriges Kommuner och Regioner (SKR)',
      kalla: `Enkäten Internationella samarbeten, omgång ${data.round.name}`,
      publicerad: (data.round.register_published_at ?? '').slice(0, 10),
      licens: LICENCE.name,
      licens_url: LICENCE.url,
      antal: rows.length,
      samarbeten: rows.map((r) => Object.fromEntries(CSV_HEADER.map((k, i) => [k, csvRow(r)[i]])))
    })
  })
}
