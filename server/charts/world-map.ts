import { createRequire } from 'node:module'
import { geoEqualEarth, geoPath } from 'd3-geo'
import type { Feature, FeatureCollection, Geometry } from 'geojson'
import countries from 'i18n-iso-countries'
import { feature } from 'topojson-client'
import type { GeometryCollection, Topology } from 'topojson-specification'
import { escapeHtml as esc } from '../html.js'

const WIDTH = 960
const HEIGHT = 470
/** Sequential blues from light to dark; the darkest classes keep white borders visible. */
const SHADES = ['#9ecae1', '#6baed6', '#4292c6', '#2171b5', '#08306b']
const EMPTY = '#e8e8e8'

interface Shape { code: string, d: string }
let shapes: Shape[] | null = null

/** Every country of Natural Earth's 1:110 million map (world-atlas) as an SVG path, by ISO code; made once. */
function countryShapes (): Shape[] {
  if (shapes !== null) return shapes
  const topology = createRequire(import.meta.url)('world-atlas/countries-110m.json') as Topology<{ countries: GeometryCollection }>
  const collection = feature(topology, topology.objects.countries) as FeatureCollection<Geometry>
  const projection = geoEqualEarth().fitSize([WIDTH, HEIGHT], { type: 'Sphere' })
  const path = geoPath(projection).digits(0)
  shapes = collection.features.flatMap((f: Feature<Geometry>) => {
    const code = f.id === undefined ? undefined : countries.numericToAlpha2(String(f.id))
    const d = path(f)
    // Antarctica has no collaborations and takes the bottom of the map.
    return code === undefined || code === 'AQ' || d === null ? [] : [{ code, d }]
  })
  return shapes
}

/** The classes of the legend: single values up to five, otherwise five ranges of about equal width. */
export function mapClasses (max: number): Array<{ from: number, to: number }> {
  if (max <= 0) return []
  if (max <= SHADES.length) return Array.from({ length: max }, (_, i) => ({ from: i + 1, to: i + 1 }))
  const edges = [0, ...Array.from({ length: SHADES.length }, (_, i) => Math.round(max * (i + 1) / SHADES.length))]
  return edges.slice(1).map((to, i) => ({ from: (edges[i] ?? 0) + 1, to }))
}

/**
 * A world map (Equal Earth projection) with each country shaded by its number of collaborations, drawn on the
 * server as plain SVG with a title and a description for screen readers and no script, and its legend (shown as
 * HTML beside it, so that its text keeps the page's size). The same figures belong in a table beside it.
 */
export function worldMapSvg (opts: { id: string, title: string, description: string, counts: ReadonlyMap<string, number>, names: (code: string) => string }): { svg: string, legend: Array<{ label: string, shade: string }> } {
  const max = Math.max(0, ...opts.counts.values())
  const classes = mapClasses(max)
  // Fewer classes than shades spread over the whole scale, so one class alone is the darkest.
  const shadeIndex = (i: number): number => classes.length === 1 ? SHADES.length - 1 : Math.round(i * (SHADES.length - 1) / (classes.length - 1))
  const classShade = (i: number): string => SHADES[shadeIndex(i)] ?? EMPTY
  const shade = (n: number): string => {
    const i = classes.findIndex((c) => n >= c.from && n <= c.to)
    return i < 0 ? EMPTY : classShade(i)
  }
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" class="chart world-map" role="img" aria-labelledby="${opts.id}-title ${opts.id}-desc">`,
    `<title id="${opts.id}-title">${esc(opts.title)}</title><desc id="${opts.id}-desc">${esc(opts.description)}</desc>`,
    '<g stroke="#ffffff" stroke-width="0.5">']
  for (const s of countryShapes()) {
    const n = opts.counts.get(s.code) ?? 0
    parts.push(`<path d="${s.d}" fill="${n > 0 ? shade(n) : EMPTY}" data-country="${s.code}"${n > 0 ? ` data-count="${n}"` : ''}><title>${esc(opts.names(s.code))}: ${n}</title></path>`)
  }
  parts.push('</g></svg>')
  // The legend's swatches are classes of the page's style sheet (shade-empty, shade-0 … shade-4), which has the same colours.
  const legend = [{ label: '0', shade: 'shade-empty' }, ...classes.map((c, i) => ({ label: c.from === c.to ? String(c.from) : `${c.from}–${c.to}`, shade: `shade-${shadeIndex(i)}` }))]
  return { svg: parts.join(''), legend }
}
