import { escapeHtml as esc } from '../html.js'
import { CHART_FONT as FONT, CHART_WIDTH, type ChartLayout, responsiveChart, textWidth, wrapText } from './layout.js'

interface TrendOpts { id: string, title: string, description: string, points: Array<{ label: string, value: number }> }

/**
 * A server-drawn SVG line chart of one series over rounds (years), its own scale from zero, every point labelled
 * with its value (written as in the tables, "1 025"). Labels on the x axis wrap onto two lines rather than being
 * cut, and the first and last points stand clear of the axis labels. Plain SVG with a title and description.
 */
export function trendChartSvg (opts: TrendOpts, layout: ChartLayout = 'wide'): string {
  const width = CHART_WIDTH[layout]
  const id = layout === 'wide' ? opts.id : `${opts.id}-n`
  const nf = new Intl.NumberFormat('sv-SE')
  const max = Math.max(1, ...opts.points.map((p) => p.value))
  const step = 10 ** Math.floor(Math.log10(max))
  const ceiling = Math.ceil(max / step) * step
  const left = Math.max(...[0, ceiling / 2, ceiling].map((v) => textWidth(nf.format(v)))) + 14
  const n = Math.max(1, opts.points.length - 1)
  const slot = (width - left) / (n + 1)
  const x = (i: number): number => left + slot / 2 + slot * i
  const labels = opts.points.map((p) => wrapText(p.label, Math.max(slot - 8, textWidth('2018'))).slice(0, 2))
  const labelRows = Math.max(1, ...labels.map((l) => l.length))
  const top = 34
  const plotH = layout === 'wide' ? 200 : 170
  const height = top + plotH + 12 + labelRows * (FONT + 4)
  const y = (v: number): number => top + plotH * (1 - v / ceiling)
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" class="chart trend-chart" role="img" aria-labelledby="${id}-title ${id}-desc">`,
    `<title id="${id}-title">${esc(opts.title)}</title><desc id="${id}-desc">${esc(opts.description)}</desc>`]
  for (const v of [0, ceiling / 2, ceiling]) {
    parts.push(`<line x1="${left}" x2="${width}" y1="${y(v)}" y2="${y(v)}" stroke="#c8c8c8" stroke-width="1"/>`)
    parts.push(`<text x="${left - 10}" y="${y(v) + 5}" text-anchor="end" font-size="${FONT}" fill="#1b1b1b">${nf.format(v)}</text>`)
  }
  parts.push(`<polyline fill="none" stroke="#00386b" stroke-width="3" points="${opts.points.map((p, i) => `${x(i).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ')}"/>`)
  opts.points.forEach((p, i) => {
    parts.push(`<circle cx="${x(i).toFixed(1)}" cy="${y(p.value).toFixed(1)}" r="5" fill="#00386b"/>`)
    parts.push(`<text x="${x(i).toFixed(1)}" y="${(y(p.value) - 12).toFixed(1)}" text-anchor="middle" font-size="${FONT}" fill="#1b1b1b">${nf.format(p.value)}</text>`)
    labels[i]?.forEach((line, li) => {
      parts.push(`<text x="${x(i).toFixed(1)}" y="${top + plotH + 8 + (li + 1) * (FONT + 4) - 4}" text-anchor="middle" font-size="${FONT}" fill="#1b1b1b">${esc(line)}</text>`)
    })
  })
  parts.push('</svg>')
  return parts.join('')
}

/** The trend chart in both layouts, as HTML for a page. */
export function trendChartHtml (opts: TrendOpts): string {
  return responsiveChart((layout) => trendChartSvg(opts, layout))
}
