import { escapeHtml as esc } from '../html.js'
export interface Bar { label: string, values: Array<number | null> }


const colours = ['#00386b', '#0b6b3a', '#8a5a00']

function wrap (text: string, width: number): string[] {
  const words = text.split(' ')
  const lines: string[] = []
  let line = ''
  for (const w of words) {
    if ((`${line} ${w}`).trim().length > width && line !== '') { lines.push(line); line = w } else line = (`${line} ${w}`).trim()
  }
  if (line !== '') lines.push(line)
  return lines.slice(0, 3)
}

/** Horizontal bars of percentages (one bar per series and option), as plain SVG with title, description and legend. */
export function barChartSvg (opts: { id: string, title: string, description: string, series: string[], bars: Bar[] }): string {
  const labelW = 230
  const plotW = 380
  const barH = 14
  const gap = 10
  const perOption = opts.series.length * barH + gap + 6
  const top = 8
  const legendH = 26
  const height = top + opts.bars.length * perOption + legendH
  const width = labelW + plotW + 60
  const parts: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" class="chart bar-chart" role="img" aria-labelledby="${opts.id}-title ${opts.id}-desc">`,
    `<title id="${opts.id}-title">${esc(opts.title)}</title><desc id="${opts.id}-desc">${esc(opts.description)}</desc>`]
  opts.bars.forEach((b, i) => {
    const y0 = top + i * perOption
    wrap(b.label, 34).forEach((line, li) => {
      parts.push(`<text x="${labelW - 8}" y="${y0 + 12 + li * 13}" text-anchor="end" font-size="12" fill="#1b1b1b">${esc(line)}</text>`)
    })
    b.values.forEach((v, si) => {
      const y = y0 + si * barH
      const w = v === null ? 0 : (plotW * Math.max(0, Math.min(100, v))) / 100
      parts.push(`<rect x="${labelW}" y="${y}" width="${w.toFixed(1)}" height="${barH - 2}" fill="${colours[si % colours.length]}"/>`)
      parts.push(`<text x="${labelW + w + 4}" y="${y + barH - 4}" font-size="11" fill="#1b1b1b">${v === null ? '–' : `${Math.round(v)} %`}</text>`)
    })
  })
  opts.series.forEach((s, si) => {
    const x = labelW + si * 170
    parts.push(`<rect x="${x}" y="${height - 18}" width="14" height="12" fill="${colours[si % colours.length]}"/>`)
    parts.push(`<text x="${x + 20}" y="${height - 8}" font-size="12" fill="#1b1b1b">${esc(s)}</text>`)
  })
  parts.push('</svg>')
  return parts.join('')
}
