import { escapeHtml as esc } from '../html.js'
export interface Series { label: string, values: number[], dash?: boolean }
export interface Marker { index: number, label: string }


/**
 * A server-drawn SVG line chart of percentages (0–100) over days, with vertical markers (mailings).
 * Plain SVG with a title and description, no script and no inline style, so it prints and passes the CSP.
 */
export function lineChartSvg (opts: { id: string, title: string, description: string, days: string[], series: Series[], markers: Marker[] }): string {
  const width = 720
  const height = 300
  const left = 48
  const right = 16
  const top = 16
  const bottom = 56
  const plotW = width - left - right
  const plotH = height - top - bottom
  const n = Math.max(1, opts.days.length - 1)
  const x = (i: number): number => left + (plotW * i) / n
  const y = (v: number): number => top + plotH - (plotH * Math.max(0, Math.min(100, v))) / 100
  const parts: string[] = []
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" class="chart" role="img" aria-labelledby="${opts.id}-title ${opts.id}-desc">`)
  parts.push(`<title id="${opts.id}-title">${esc(opts.title)}</title><desc id="${opts.id}-desc">${esc(opts.description)}</desc>`)
  for (const v of [0, 25, 50, 75, 100]) {
    parts.push(`<line x1="${left}" x2="${width - right}" y1="${y(v)}" y2="${y(v)}" stroke="#c8c8c8" stroke-width="1"/>`)
    parts.push(`<text x="${left - 6}" y="${y(v) + 4}" text-anchor="end" font-size="12" fill="#1b1b1b">${v} %</text>`)
  }
  const labelEvery = Math.max(1, Math.ceil(opts.days.length / 8))
  opts.days.forEach((d, i) => {
    if (i % labelEvery !== 0 && i !== opts.days.length - 1) return
    parts.push(`<text x="${x(i)}" y="${height - bottom + 18}" text-anchor="middle" font-size="12" fill="#1b1b1b">${esc(d.slice(5))}</text>`)
  })
  for (const m of opts.markers) {
    parts.push(`<line x1="${x(m.index)}" x2="${x(m.index)}" y1="${top}" y2="${top + plotH}" stroke="#8a5a00" stroke-width="2" stroke-dasharray="2 3"/>`)
    parts.push(`<text x="${x(m.index) + 4}" y="${top + 12}" font-size="12" fill="#6b4500">${esc(m.label)}</text>`)
  }
  const colours = ['#00386b', '#0b6b3a', '#6b2c91']
  opts.series.forEach((s, si) => {
    const points = s.values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ')
    parts.push(`<polyline fill="none" stroke="${colours[si % colours.length]}" stroke-width="3"${s.dash === true ? ' stroke-dasharray="8 4"' : ''} points="${points}"/>`)
    const ly = height - 14
    const lx = left + si * 200
    parts.push(`<line x1="${lx}" x2="${lx + 28}" y1="${ly - 4}" y2="${ly - 4}" stroke="${colours[si % colours.length]}" stroke-width="3"${s.dash === true ? ' stroke-dasharray="8 4"' : ''}/>`)
    parts.push(`<text x="${lx + 34}" y="${ly}" font-size="13" fill="#1b1b1b">${esc(s.label)}</text>`)
  })
  parts.push('</svg>')
  return parts.join('')
}
