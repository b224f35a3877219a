import type { Option } from '../types.js'
import { neutralLabel } from '../wording.js'
import type { FigureReads, LackedId, PushFigure, TableHeading, TableSpec, Tally } from './kind.js'

type WithOptions = { id: string, options: Option[] }

/** What single and multi share beyond answering: their tables, mentions, diff labels, appendix and figure checks read the option list. */
export const optionList = {
  tables: (q: WithOptions, heading: TableHeading): TableSpec[] => [{ id: q.id, title: heading.title, unit: 'organisations', prefix: '' }],
  mentions (q: WithOptions, t: Tally, push: PushFigure): void {
    const mentions = q.options.reduce((s, o) => s + t(`opt=${o.id}`), 0)
    for (const o of q.options) push(o.id, 'mentions', mentions, t(`opt=${o.id}`), neutralLabel(o))
  },
  optionLabels: (q: WithOptions): Map<string, string> => new Map(q.options.map((o) => [o.id, neutralLabel(o)])),
  appendix: (q: WithOptions): string[] => q.options.map((o) => neutralLabel(o)),
  lacking: (q: WithOptions, reads: FigureReads): LackedId[] => (reads.options ?? []).filter((o) => !q.options.some((x) => x.id === o)).map((option) => ({ option }))
}
