import { findFigure, type Figure, type Unit } from '../../server/results/figures.js'

/** One figure as "count/base percent" (or "missing"), for assertions that read like the report's tables. */
export function figureText (figures: Figure[], question: string, option: string, group: string, unit: Unit = 'organisations'): string {
  const x = findFigure(figures, question, option, group, unit)
  return x === undefined ? 'missing' : `${x.count}/${x.base} ${x.percent}`
}
