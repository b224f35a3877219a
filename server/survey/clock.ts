const stockholm = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' })
const stockholmTime = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Stockholm', year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit'
})
const longDate = new Intl.DateTimeFormat('sv-SE', { timeZone: 'UTC', year: 'numeric', month: 'long', day: 'numeric' })

let lastMinute = Number.NaN
let lastDate = ''

/** The calendar date in Sweden, as YYYY-MM-DD (asked on every request; the answer is kept for the minute). */
export function swedishDate (at: Date): string {
  const minute = Math.floor(at.getTime() / 60_000)
  if (minute !== lastMinute) { lastDate = stockholm.format(at); lastMinute = minute }
  return lastDate
}

const stockholmClock = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })

/** The time of day in Sweden, as HH:MM. */
export function swedishClock (at: Date): string {
  return stockholmClock.format(at)
}

const writtenDates = new Map<string, string>()

/** A date (YYYY-MM-DD) written out in Swedish, e.g. "15 mars 2018" (kept once written: every page shows the round's dates). */
export function formatDate (isoDate: string): string {
  let written = writtenDates.get(isoDate)
  if (written === undefined) {
    written = longDate.format(new Date(`${isoDate}T00:00:00Z`))
    if (writtenDates.size >= 1000) writtenDates.clear()
    writtenDates.set(isoDate, written)
  }
  return written
}

/** A timestamp written out in Swedish time as Swedish writes it, e.g. "15 mars 2018 kl. 14.05". */
export function formatTime (iso: string): string {
  return stockholmTime.format(new Date(iso)).replace(/(\d{2}):(\d{2})$/, '$1.$2')
}

const stockholmParts = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZoneName: 'longOffset'
})

/** A timestamp in Swedish time as ISO 8601 with its offset, e.g. "2026-03-02T08:25:13+01:00", for downloads. */
export function swedishTimestamp (iso: string): string {
  const p = Object.fromEntries(stockholmParts.formatToParts(new Date(iso)).map((x) => [x.type, x.value]))
  const offset = (p.timeZoneName ?? 'GMT').replace(/^GMT/, '').replace('−', '-') || '+00:00'
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}${offset}`
}

/** Adds whole days to a YYYY-MM-DD date. */
export function addDays (isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

/** Whether a YYYY-MM-DD string is a day in the calendar (2026-02-30 and 2026-13-01 are not). */
export function isCalendarDate (s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false
  const d = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
}
