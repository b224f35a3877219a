import { createRequire } from 'node:module'
import { type GeoProjection, geoAzimuthalEqualArea, geoEqualEarth, geoPath } from 'd3-geo'
import type { Feature, FeatureCollection, Geometry } from 'geojson'
import countries from 'i18n-iso-countries'
import { feature } from 'topojson-client'
import type { GeometryCollection, Topology } from 'topojson-specification'
import { escapeHtml as esc } from '../html.js'

const WORLD = { width: 960, height: 470 }
const EUROPE = { width: 720, height: 600 }

/**
 * The map's classes, fixed so that a colour means the same number whatever the filter: 0, 1, 2–4, 5–9, 10–24, 25+.
 * Each class is 1.8 times darker in contrast than the one before (the most six classes can differ from white to black; 3:1
 * between every pair is only possible for three), every country has an outline 4.5:1 against the white background,
 * and the legend and the table under the map give the numbers.
 */
export const MAP_CLASSES: ReadonlyArray<{ from: number, to: number | null, label: string, fill: string }> = [
  { from: 0, to: 0, label: '0', fill: '#ffffff' },
  { from: 1, to: 1, label: '1', fill: '#94c5f3' },
  { from: 2, to: 4, label: '2–4', fill: '#3291e8' },
  { from: 5, to: 9, label: '5–9', fill: '#1364af' },
  { from: 10, to: 24, label: '10–24', fill: '#0c3e6b' },
  { from: 25, to: null, label: '25 eller fler', fill: '#020911' }
]
const OUTLINE = '#767676'

/** The index of the class a count belongs to. */
export function mapClass (n: number): number {
  const i = MAP_CLASSES.findIndex((c) => n >= c.from && (c.to === null || n <= c.to))
  return i < 0 ? 0 : i
}

interface Shape { code: string, d: string }
const made = new Map<string, Shape[]>()

/** Every country of a Natural Earth map (world-atlas) as an SVG path in a projection, by ISO code; made once. */
function shapes (key: string, atlas: string, projection: GeoProjection): Shape[] {
  const cached = made.get(key)
  if (cached !== undefined) return cached
  const topology = createRequire(import.meta.url)(`world-atlas/${atlas}`) as Topology<{ countries: GeometryCollection }>
  const collection = feature(topology, topology.objects.countries) as FeatureCollection<Geometry>
  const path = geoPath(projection).digits(0)
  const out = collection.features.flatMap((f: Feature<Geometry>) => {
    const code = f.id === undefined ? undefined : countries.numericToAlpha2(String(f.id))
    const d = path(f)
    // Antarctica has no collaborations and takes the bottom of the map; shapes clipped away have nothing to draw.
    return code === undefined || code === 'AQ' || d === null || d === '' ? [] : [{ code, d }]
  })
  made.set(key, out)
  return out
}

function worldShapes (): Shape[] {
  return shapes('world', 'countries-110m.json', geoEqualEarth().fitSize([WORLD.width, WORLD.height], { type: 'Sphere' }))
}

/** Europe in its own equal-area projection (the 1:50 million map, so that small states show), clipped to its frame. */
function europeShapes (): Shape[] {
  const frame = { type: 'Polygon' as const, coordinates: [[[-11, 35], [-11, 71], [40, 71], [40, 35], [-11, 35]]] }
  const projection = geoAzimuthalEqualArea().rotate([-14, -53]).fitExtent([[4, 4], [EUROPE.width - 4, EUROPE.height - 4]], frame)
  projection.clipExtent([[0, 0], [EUROPE.width, EUROPE.height]])
  return shapes('europe', 'countries-50m.json', projection)
}

function mapSvg (id: string, size: { width: number, height: number }, list: Shape[], title: string, description: string, counts: ReadonlyMap<string, number>, names: (code: string) => string): string {
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size.width} ${size.height}" class="chart world-map" role="img" aria-labelledby="${id}-title ${id}-desc">`,
    `<title id="${id}-title">${esc(title)}</title><desc id="${id}-desc">${esc(description)}</desc>`,
    `<g stroke="${OUTLINE}" stroke-width="0.6" stroke-linejoin="round">`]
  for (const s of list) {
    const n = counts.get(s.code) ?? 0
    const c = mapClass(n)
    // Borders are grey round light countries (4.5:1 on the white background) and white between dark ones.
    parts.push(`<path d="${s.d}" fill="${MAP_CLASSES[c]?.fill}"${c >= 3 ? ' stroke="#ffffff"' : ''} data-country="${s.code}"${n > 0 ? ` data-count="${n}"` : ''} data-class="${c}"><title>${esc(names(s.code))}: ${n}</title></path>`)
  }
  parts.push('</g></svg>')
  return parts.join('')
}

/**
 * A world map (Equal Earth) and a map of Europe, where most twin towns are, with each country shaded by its number
 * of collaborations in the fixed classes, drawn on the server as plain SVG with a title and a description and no
 * script; and the legend (shown as HTML, so that its text keeps the page's size). The figures belong in a table too.
 */
export function worldMapSvg (opts: { id: string, title: string, description: string, counts: ReadonlyMap<string, number>, names: (code: string) => string }): { svg: string, europe: string, legend: Array<{ label: string, shade: string }> } {
  return {
    svg: mapSvg(opts.id, WORLD, worldShapes(), opts.title, opts.description, opts.counts, opts.names),
    europe: mapSvg(`${opts.id}-europa`, EUROPE, europeShapes(), `${opts.title}: Europa`, opts.description, opts.counts, opts.names),
    // The legend's swatches are classes of the page's style sheet (shade-0 … shade-5), which has the same colours.
    legend: MAP_CLASSES.map((c, i) => ({ label: c.label, shade: `shade-${i}` }))
  }
}
