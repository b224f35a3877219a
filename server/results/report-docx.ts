import { Resvg } from '@resvg/resvg-js'
import {
  AlignmentType, Document, Footer, Header, HeadingLevel, ImageRun, Packer, PageNumber, Paragraph, Table, TableCell, TableRow, TextRun, WidthType
} from 'docx'
import type { ReportPage } from './report.js'
import type { ResultTable } from './tables.js'

// rapport.docx: the report page as a Word document SKR's writers can edit, with the same sentences, tables and
// charts (rendered to PNG from the same SVG by resvg, whose binary comes in its npm package).

const CHART_WIDTH = 600

/** The introduction of the trends chapter, as on the page. */
export const TRENDS_INTRO = 'Siffrorna för 2007, 2011 och 2018 är de som SKL publicerade; senare omgångar räknas fram ur svaren i den här tjänsten med samma definitioner. 2007 och 2011 räknades kommunala partnerskap som vänorter, så vänorter och partnerskap redovisas tillsammans.'

/** A chart's SVG as a PNG, with its size on the page; the text is drawn with a sans-serif system font. */
function chartPng (svg: string): { data: Buffer, width: number, height: number } {
  const box = /viewBox="0 0 (\d+(?:\.\d+)?) (\d+(?:\.\d+)?)"/.exec(svg)
  const ratio = box === null ? 0.5 : Number(box[2]) / Number(box[1])
  const png = new Resvg(svg, { fitTo: { mode: 'width', value: CHART_WIDTH * 2 }, font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' }, background: '#ffffff' }).render().asPng()
  return { data: Buffer.from(png), width: CHART_WIDTH, height: Math.round(CHART_WIDTH * ratio) }
}

/** A paragraph holding a chart as a PNG, titled for screen readers. */
function chartParagraph (svg: string, title: string): Paragraph {
  const png = chartPng(svg)
  return new Paragraph({ children: [new ImageRun({ type: 'png', data: png.data, transformation: { width: png.width, height: png.height }, altText: { name: title, description: title, title } })] })
}

function cell (text: string, bold = false, right = false): TableCell {
  return new TableCell({ children: [new Paragraph({ alignment: right ? AlignmentType.RIGHT : AlignmentType.LEFT, children: [new TextRun({ text, bold, size: 18 })] })] })
}

function resultTable (t: ResultTable): Array<Paragraph | Table> {
  const pct = (p: number | null): string => p === null ? '–' : `${p} %`
  const rows = [
    new TableRow({ tableHeader: true, children: [cell('Svar', true), ...t.columns.map((c) => cell(c, true, true))] }),
    ...t.rows.map((r) => new TableRow({ cantSplit: true, children: [cell(r.label), ...r.cells.map((c) => cell(c.count === null ? '–' : `${c.count} (${pct(c.percent)})`, false, true))] })),
    new TableRow({ children: [cell('Bas', true), ...t.bases.map((b) => cell(String(b), true, true))] })
  ]
  return [
    new Paragraph({ heading: HeadingLevel.HEADING_3, keepNext: true, children: [new TextRun(t.title)] }),
    new Paragraph({ keepNext: true, children: [new TextRun({ text: t.note, italics: true, size: 18 })] }),
    new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows }),
    chartParagraph(t.svg, t.title)
  ]
}

/** The report as a .docx file. */
export async function reportDocx (r: ReportPage): Promise<Buffer> {
  const h1 = (text: string): Paragraph => new Paragraph({ heading: HeadingLevel.HEADING_1, pageBreakBefore: true, children: [new TextRun(text)] })
  const p = (text: string): Paragraph => new Paragraph({ spacing: { after: 120 }, children: [new TextRun(text)] })
  const bullet = (text: string): Paragraph => new Paragraph({ bullet: { level: 0 }, children: [new TextRun(text)] })
  const children: Array<Paragraph | Table> = [
    new Paragraph({ children: [new TextRun({ text: 'Sveriges Kommuner och Regioner', allCaps: true, size: 20 })] }),
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(`${r.surveyTitle} ${r.roundName}${r.preliminary ? ' (preliminär)' : ''}`)] }),
    p(r.lead),
    p(`Siffrorna hämtades ur de inskickade svaren ${r.takenAt}.`),
    new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun('Sammanfattning')] }),
    ...r.summary.map(bullet),
    h1('1. Inledning och metod'),
    p(r.method.intro === '' ? r.method.period : `${r.method.intro} ${r.method.period}`),
    ...(r.method.mailings.length > 0 ? [p(`Utskick: ${r.method.mailings.join('; ')}.`)] : []),
    p(r.preliminary ? `Hittills har ${r.method.rates.join(' och ')} besvarat enkäten.` : `Enkäten besvarades av ${r.method.rates.join(' och ')}.`),
    new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun('Bortfall')] }),
    ...r.method.dropout.map((d) => p(`${d.title}: ${d.verdict}`)),
    new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun('Läsanvisning')] }),
    ...r.method.notes.map(bullet)
  ]
  r.chapters.forEach((c, i) => {
    children.push(h1(`${i + 2}. ${c.title}`), ...c.sentences.map(p))
    for (const t of c.tables) children.push(...resultTable(t))
    for (const n of c.notes) children.push(new Paragraph({ children: [new TextRun({ text: n, size: 18 })] }))
  })
  if (r.trends.length > 0) children.push(h1(`${r.chapters.length + 2}. Utvecklingen sedan 2007`), p(TRENDS_INTRO))
  for (const s of r.trends) {
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_3, keepNext: true, children: [new TextRun(s.name)] }))
    children.push(new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: [
        new TableRow({ tableHeader: true, children: [cell('Omgång', true), cell(`Antal ${s.unit}`, true, true), cell('Källa och not', true)] }),
        ...s.points.map((pt) => new TableRow({ cantSplit: true, children: [cell(pt.label), cell(pt.value === null ? '–' : String(pt.value), false, true), cell(pt.note === '' ? pt.source : `${pt.source} – ${pt.note}`)] }))
      ]
    }))
    if (s.svg !== null) children.push(chartParagraph(s.svg, s.name))
  }
  children.push(h1('Bilaga: Enkäten'))
  for (const s of r.appendix) {
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(s.title)] }))
    for (const q of s.questions) {
      children.push(new Paragraph({ keepNext: true, children: [new TextRun({ text: `${q.number}. ${q.text}`, bold: true })] }), ...q.options.map(bullet))
    }
  }
  const doc = new Document({
    creator: 'Sveriges Kommuner och Regioner',
    title: `${r.surveyTitle} ${r.roundName}`,
    description: 'Rapport framtagen ur enkätens inskickade svar',
    styles: { default: { document: { run: { font: 'Arial', size: 22 } } } },
    sections: [{
      properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 1247, bottom: 1134, left: 1020, right: 1020 } } },
      headers: { default: new Header({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: `${r.surveyTitle} ${r.roundName} – SKR`, size: 18 })] })] }) },
      footers: { default: new Footer({ children: [new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ children: ['Sida ', PageNumber.CURRENT, ' av ', PageNumber.TOTAL_PAGES], size: 18 })] })] }) },
      children
    }]
  })
  return await Packer.toBuffer(doc)
}
