import { escapeHtml as esc } from '../html.js'

const FONT = 16

/**
 * A server-drawn SVG line chart of one series over rounds (years), its own scale from zero, every point labelled
 * with its value. Plain SVG with a title and description, so it prints and passes the CSP.
 */
export function trendChartSvg (opts: { id: string, title: string, description: string, points: Array<{ label: string, value: number }> }): string {
  const width = 640
  const height = 280
  const left = 56
  const right = 40
  const top = 32
  const bottom = 48
  const max = Math.max(1, ...opts.points.map((p) => p.value))
  const step = 10 ** Math.floor(Math.log10(max))
  const ceiling = Math.ceil(max / step) * step
  const n = Math.max(1, opts.points.length - 1)
  const x = (i: number): number => left + ((width - left - right) * i) / n
  const y = (v: number): number => top + (height - top - bottom) * (1 - v / ceiling)
  const nf = new Intl.NumberFormat('sv-SE')
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" class="chart trend-chart" role="img" aria-labelledby="${opts.id}-title ${opts.id}-desc">`,
    `<title id="${opts.id}-title">${esc(opts.title)}</title><desc id="${opts.id}-desc">${esc(opts.description)}</desc>`]
  for (const v of [0, ceiling / 2, ceiling]) {
    parts.push(`<line x1="${left}" x2="${width - right}" y1="${y(v)}" y2="${y(v)}" stroke="#c8c8c8" stroke-width="1"/>`)
    parts.push(`<text x="${left - 8}" y="${y(v) + 5}" text-anchor="end" font-size="${FONT}" fill="#1b1b1b">${nf.format(v)}</text>`)
  }
  parts.push(`<polyline fill="none" stroke="#00386b" stroke-width="3" points="${opts.points.map((p, i) => `${x(i).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ')}"/>`)
  opts.points.forEach((p, i) => {
    parts.push(`<circle cx="${x(i).toFixed(1)}" cy="${y(p.value).toFixed(1)}" r="5" fill="#00386b"/>`)
    parts.push(`<text x="${x(i).toFixed(1)}" y="${(y(p.value) - 12).toFixed(1)}" text-anchor="middle" font-size="${FONT}" fill="#1b1b1b">${nf.format(p.value)}</text>`)
    parts.push(`<text x="${x(i).toFixed(1)}" y="${height - bottom + FONT + 10}" text-anchor="middle" font-size="${FONT}" fill="#1b1b1b">${esc(p.label)}</text>`)
  })
  parts.push('</svg>')
  return parts.join('')
}
