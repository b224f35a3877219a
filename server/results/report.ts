import { type Chapter, reportChapters as surveyReport } from '../questionnaire/survey-figures.js'
import { findFigure, type Figure } from './figures.js'

export type { Chapter }

/** The key figures of each chapter as sentences like the report's, computed from the figures. */
export function reportChapters (figures: Figure[]): Chapter[] {
  return surveyReport(
    (q, option, group, unit = 'organisations') => findFigure(figures, q, option, group, unit) ?? { option, base: 0, count: 0, option_text: '' },
    (q, group, unit) => figures.filter((x) => x.question === q && x.group === group && x.unit === unit)
  )
}
