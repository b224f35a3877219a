import { addDays } from './clock.js'

/** Easter Sunday of a year (Gregorian computus, the anonymous "Meeus/Jones/Butcher" algorithm), as YYYY-MM-DD. */
export function easterSunday (year: number): string {
  const a = year % 19
  const b = Math.floor(year / 100)
  const c = year % 100
  const d = Math.floor(b / 4)
  const e = b % 4
  const f = Math.floor((b + 8) / 25)
  const g = Math.floor((b - f + 1) / 3)
  const h = (19 * a + b - d - g + 15) % 30
  const i = Math.floor(c / 4)
  const k = c % 4
  const l = (32 + 2 * e + 2 * i - h - k) % 7
  const m = Math.floor((a + 11 * h + 22 * l) / 451)
  const month = Math.floor((h + l - 7 * m + 114) / 31)
  const day = ((h + l - 7 * m + 114) % 31) + 1
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

/** The day of the week of a YYYY-MM-DD date, 0 = Sunday … 6 = Saturday. */
function weekday (isoDate: string): number {
  return new Date(`${isoDate}T00:00:00Z`).getUTCDay()
}

/** The first date from `from` (inclusive) that falls on the given weekday. */
function firstWeekdayFrom (from: string, day: number): string {
  return addDays(from, (day - weekday(from) + 7) % 7)
}

/**
 * Sweden's public holidays (allmänna helgdagar, lag 1989:253) of a year, plus the eves that are days off in
 * practice (julafton, midsommarafton, nyårsafton), by date.
 */
export function swedishHolidays (year: number): Map<string, string> {
  const easter = easterSunday(year)
  const y = String(year)
  const days: Array<[string, string]> = [
    [`${y}-01-01`, 'nyårsdagen'],
    [`${y}-01-06`, 'trettondedag jul'],
    [addDays(easter, -2), 'långfredagen'],
    [easter, 'påskdagen'],
    [addDays(easter, 1), 'annandag påsk'],
    [`${y}-05-01`, 'första maj'],
    [addDays(easter, 39), 'Kristi himmelsfärdsdag'],
    [addDays(easter, 49), 'pingstdagen'],
    [`${y}-06-06`, 'Sveriges nationaldag'],
    [firstWeekdayFrom(`${y}-06-19`, 5), 'midsommarafton'],
    [firstWeekdayFrom(`${y}-06-20`, 6), 'midsommardagen'],
    [firstWeekdayFrom(`${y}-10-31`, 6), 'alla helgons dag'],
    [`${y}-12-24`, 'julafton'],
    [`${y}-12-25`, 'juldagen'],
    [`${y}-12-26`, 'annandag jul'],
    [`${y}-12-31`, 'nyårsafton']
  ]
  return new Map(days)
}

/** Why a date is a poor day for a deadline or a mailing (a holiday or a weekend), in Swedish, or null. */
export function dayOffReason (isoDate: string): string | null {
  const holiday = swedishHolidays(Number(isoDate.slice(0, 4))).get(isoDate)
  if (holiday !== undefined) return holiday
  const day = weekday(isoDate)
  return day === 6 ? 'en lördag' : day === 0 ? 'en söndag' : null
}
