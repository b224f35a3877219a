/**
 * Chart layouts: every chart is drawn twice, for a wide column (720 units shown at 720 CSS px, so 16-unit text is
 * 16 px) and for a narrow one (288 units at 288 px, a 320 px screen), and the style sheet shows the one that fits.
 * Text is never scaled down with the chart, so it stays 16 px at every width.
 */
export type ChartLayout = 'wide' | 'narrow'

export const CHART_WIDTH: Record<ChartLayout, number> = { wide: 720, narrow: 288 }
export const CHART_FONT = 16

/** About how wide a text is drawn at the chart font, in the chart's units (generous, for a sans-serif). */
export function textWidth (text: string): number {
  return text.length * CHART_FONT * 0.56
}

/** Words wrapped into lines of at most `width` units. */
export function wrapText (text: string, width: number): string[] {
  const lines: string[] = []
  let line = ''
  for (const w of text.split(' ')) {
    const next = `${line} ${w}`.trim()
    if (textWidth(next) > width && line !== '') { lines.push(line); line = w } else line = next
  }
  if (line !== '') lines.push(line)
  return lines
}

/** Both layouts of a chart as HTML: the page's style sheet shows one of them (and the wide one in print). */
export function responsiveChart (draw: (layout: ChartLayout) => string): string {
  return `${draw('wide').replace('class="chart', 'class="chart chart-wide')}${draw('narrow').replace('class="chart', 'class="chart chart-narrow')}`
}

/**
 * Series styles that differ in lightness as well as hue and stay apart in black-and-white print: a dark solid
 * blue, a light blue hatched in dark blue, and white dotted in dark blue; each has a dark outline (≥ 3:1 on white).
 */
export function seriesPatterns (id: string): string {
  return `<defs><pattern id="${id}-p1" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#9dc3e6"/><line x1="0" y1="0" x2="0" y2="6" stroke="#00386b" stroke-width="2"/></pattern>` +
    `<pattern id="${id}-p2" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="#ffffff"/><circle cx="3" cy="3" r="1.3" fill="#00386b"/></pattern></defs>`
}

/** The fill of series `i` (see seriesPatterns). */
export function seriesFill (id: string, i: number): string {
  return i % 3 === 0 ? '#00386b' : `url(#${id}-p${i % 3})`
}
