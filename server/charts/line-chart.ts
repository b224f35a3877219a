import { escapeHtml as esc } from '../html.js'
import { CHART_WIDTH, type ChartLayout, responsiveChart } from './layout.js'

export interface Series { label: string, values: number[], dash?: boolean }
export interface Marker { index: number, label: string, kind?: 'mailing' | 'deadline' }
interface LineOpts { id: string, title: string, description: string, days: string[], series: Series[], markers: Marker[] }

const FONT = 16
const tick = new Intl.DateTimeFormat('sv-SE', { day: 'numeric', month: 'short', timeZone: 'UTC' })

/** A day as a short Swedish tick label ("12 feb."). */
function tickLabel (isoDate: string): string {
  return tick.format(new Date(`${isoDate}T00:00:00Z`))
}

/** About how wide a label is drawn, in the chart's units. */
function labelWidth (text: string): number {
  return text.length * FONT * 0.56 + 8
}

/**
 * A server-drawn SVG line chart of percentages (0–100) over days, with vertical markers (mailings, the deadline)
 * whose labels go on separate rows where they would overlap. Plain SVG with a title and description, text at 16
 * units (16 px as shown, in either layout), no script and no inline style, so it prints and passes the CSP. The
 * series differ in lightness (dark and light blue, 3.5:1 apart) and in dash.
 */
export function lineChartSvg (opts: LineOpts, layout: ChartLayout = 'wide'): string {
  const width = CHART_WIDTH[layout]
  const id = layout === 'wide' ? opts.id : `${opts.id}-n`
  const left = 56
  const right = layout === 'wide' ? 24 : 12
  const n = Math.max(1, opts.days.length - 1)
  const x = (i: number): number => left + ((width - left - right) * i) / n
  // Marker labels: each on the first row where it does not run into the one before it.
  const rowEnds: number[] = []
  const placed = [...opts.markers].sort((a, b) => a.index - b.index).map((m) => {
    const w = labelWidth(m.label)
    // A label that would run past the right edge ends at its line instead.
    const start = Math.max(0, x(m.index) + 4 + w > width ? x(m.index) - 4 - w : x(m.index) + 4)
    let row = rowEnds.findIndex((end) => end < start)
    if (row === -1) { row = rowEnds.length; rowEnds.push(0) }
    rowEnds[row] = start + w
    return { ...m, row, start, w }
  })
  const top = 12 + Math.max(1, rowEnds.length) * (FONT + 6)
  const plotH = layout === 'wide' ? 220 : 200
  const legendRows = layout === 'wide' ? 1 : opts.series.length
  const bottom = 48 + legendRows * (FONT + 12)
  const height = top + plotH + bottom
  const y = (v: number): number => top + plotH - (plotH * Math.max(0, Math.min(100, v))) / 100
  const parts: string[] = []
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" class="chart line-chart" role="img" aria-labelledby="${id}-title ${id}-desc">`)
  parts.push(`<title id="${id}-title">${esc(opts.title)}</title><desc id="${id}-desc">${esc(opts.description)}</desc>`)
  for (const v of [0, 25, 50, 75, 100]) {
    parts.push(`<line x1="${left}" x2="${width - right}" y1="${y(v)}" y2="${y(v)}" stroke="#c8c8c8" stroke-width="1"/>`)
    parts.push(`<text x="${left - 8}" y="${y(v) + 5}" text-anchor="end" font-size="${FONT}" fill="#1b1b1b">${v} %</text>`)
  }
  // Day ticks: as many as fit without touching, always the first and the last (anchored to stay inside the chart).
  const widest = Math.max(...opts.days.map((d) => labelWidth(tickLabel(d))), 1)
  const every = Math.max(1, Math.ceil((opts.days.length * (widest + 12)) / (width - left - right)))
  const extent = (i: number): [number, number] => {
    const w = labelWidth(tickLabel(opts.days[i] ?? ''))
    return i === 0 ? [x(i), x(i) + w] : i === opts.days.length - 1 ? [x(i) - w, x(i)] : [x(i) - w / 2, x(i) + w / 2]
  }
  const ticks: number[] = []
  for (let i = 0; i < opts.days.length; i += every) if (ticks.length === 0 || extent(i)[0] >= extent(ticks[ticks.length - 1] ?? 0)[1] + 12) ticks.push(i)
  const lastDay = opts.days.length - 1
  if (lastDay > 0 && ticks[ticks.length - 1] !== lastDay) {
    while (ticks.length > 1 && extent(ticks[ticks.length - 1] ?? 0)[1] + 12 > extent(lastDay)[0]) ticks.pop()
    ticks.push(lastDay)
  }
  for (const i of ticks) {
    const anchor = i === 0 ? 'start' : i === lastDay ? 'end' : 'middle'
    parts.push(`<text x="${x(i)}" y="${top + plotH + FONT + 8}" text-anchor="${anchor}" font-size="${FONT}" fill="#1b1b1b">${esc(tickLabel(opts.days[i] ?? ''))}</text>`)
  }
  for (const m of placed) {
    const deadline = m.kind === 'deadline'
    parts.push(`<line x1="${x(m.index)}" x2="${x(m.index)}" y1="${top - 4}" y2="${top + plotH}" stroke="${deadline ? '#b00020' : '#8a5a00'}" stroke-width="2"${deadline ? '' : ' stroke-dasharray="2 3"'}/>`)
    parts.push(`<text x="${m.start.toFixed(1)}" y="${12 + m.row * (FONT + 6) + FONT - 2}" font-size="${FONT}" fill="${deadline ? '#8b0019' : '#6b4500'}">${esc(m.label)}</text>`)
  }
  const colours = ['#00386b', '#4f8fcc', '#6b2c91']
  opts.series.forEach((s, si) => {
    const colour = colours[si % colours.length] ?? '#00386b'
    const points = s.values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ')
    parts.push(`<polyline fill="none" stroke="${colour}" stroke-width="3"${s.dash === true ? ' stroke-dasharray="8 4"' : ''} points="${points}"/>`)
    const ly = layout === 'wide' ? height - 14 : top + plotH + 48 + (si + 1) * (FONT + 12) - 10
    const lx = layout === 'wide' ? left + si * 260 : 0
    parts.push(`<line x1="${lx}" x2="${lx + 28}" y1="${ly - 5}" y2="${ly - 5}" stroke="${colour}" stroke-width="3"${s.dash === true ? ' stroke-dasharray="8 4"' : ''}/>`)
    parts.push(`<text x="${lx + 36}" y="${ly}" font-size="${FONT}" fill="#1b1b1b">${esc(s.label)}</text>`)
  })
  parts.push('</svg>')
  return parts.join('')
}

/** The line chart in both layouts, as HTML for a page. */
export function lineChartHtml (opts: LineOpts): string {
  return responsiveChart((layout) => lineChartSvg(opts, layout))
}
