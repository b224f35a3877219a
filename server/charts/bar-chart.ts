import { escapeHtml as esc } from '../html.js'
import { CHART_FONT as FONT, CHART_WIDTH, type ChartLayout, responsiveChart, seriesFill, seriesPatterns, textWidth, wrapText } from './layout.js'

export interface Bar { label: string, values: Array<number | null> }
interface BarOpts { id: string, title: string, description: string, series: string[], bars: Bar[] }

const LINE = 20
const BAR = 18

/**
 * Horizontal bars of percentages (one bar per series and option) as plain SVG with title and description, each bar
 * labelled with its value. Wide: labels beside the bars; narrow: labels above them. Text is 16 units in both.
 */
export function barChartSvg (opts: BarOpts, layout: ChartLayout = 'wide'): string {
  const width = CHART_WIDTH[layout]
  const id = layout === 'wide' ? opts.id : `${opts.id}-n`
  const labelW = layout === 'wide' ? 250 : 0
  const plotX = layout === 'wide' ? labelW + 8 : 0
  const plotW = width - plotX - textWidth('100 %') - 8
  const parts: string[] = []
  let y = 4
  for (const b of opts.bars) {
    const lines = wrapText(b.label, layout === 'wide' ? labelW : width)
    const barsH = b.values.length * BAR
    const labelsH = lines.length * LINE
    // Wide: the label is centred beside its bars; narrow: it stands above them.
    const labelTop = layout === 'wide' ? y + Math.max(0, (barsH - labelsH) / 2) : y
    lines.forEach((line, li) => {
      parts.push(`<text x="${layout === 'wide' ? labelW : 0}" y="${(labelTop + (li + 1) * LINE - 5).toFixed(1)}"${layout === 'wide' ? ' text-anchor="end"' : ''} font-size="${FONT}" fill="#1b1b1b">${esc(line)}</text>`)
    })
    const barsTop = layout === 'wide' ? y + Math.max(0, (labelsH - barsH) / 2) : y + labelsH + 2
    b.values.forEach((v, si) => {
      const by = barsTop + si * BAR
      const w = v === null ? 0 : (plotW * Math.max(0, Math.min(100, v))) / 100
      if (w > 0) parts.push(`<rect x="${plotX}" y="${by.toFixed(1)}" width="${w.toFixed(1)}" height="${BAR - 3}" fill="${seriesFill(id, si)}" stroke="#00386b" stroke-width="1"/>`)
      parts.push(`<text x="${(plotX + w + 5).toFixed(1)}" y="${(by + BAR - 5).toFixed(1)}" font-size="${FONT}" fill="#1b1b1b">${v === null ? '–' : `${Math.round(v)} %`}</text>`)
    })
    y = layout === 'wide' ? y + Math.max(barsH, labelsH) + 12 : barsTop + barsH + 12
  }
  // The legend: in a row when wide, one series a line when narrow.
  opts.series.forEach((s, si) => {
    const lx = layout === 'wide' ? plotX + si * 200 : 0
    const ly = layout === 'wide' ? y + 4 : y + 4 + si * (LINE + 4)
    parts.push(`<rect x="${lx}" y="${ly}" width="18" height="15" fill="${seriesFill(id, si)}" stroke="#00386b" stroke-width="1"/>`)
    parts.push(`<text x="${lx + 26}" y="${ly + 14}" font-size="${FONT}" fill="#1b1b1b">${esc(s)}</text>`)
  })
  const height = Math.ceil(y + 8 + (layout === 'wide' ? LINE + 4 : opts.series.length * (LINE + 4)))
  return [`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" class="chart bar-chart" role="img" aria-labelledby="${id}-title ${id}-desc">`,
    `<title id="${id}-title">${esc(opts.title)}</title><desc id="${id}-desc">${esc(opts.description)}</desc>`, seriesPatterns(id), ...parts, '</svg>'].join('')
}

/** The bar chart in both layouts, as HTML for a page. */
export function barChartHtml (opts: BarOpts): string {
  return responsiveChart((layout) => barChartSvg(opts, layout))
}
