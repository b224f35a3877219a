import t from 'tap'
import { dayOffReason, easterSunday, swedishHolidays } from '../../server/survey/holidays.js'

t.test('Easter Sunday for known years', async (t) => {
  const known: Record<number, string> = { 2000: '2000-04-23', 2008: '2008-03-23', 2011: '2011-04-24', 2018: '2018-04-01', 2019: '2019-04-21', 2024: '2024-03-31', 2025: '2025-04-20', 2026: '2026-04-05', 2027: '2027-03-28', 2038: '2038-04-25' }
  for (const [year, date] of Object.entries(known)) t.equal(easterSunday(Number(year)), date, year)
})

t.test('Swedish holidays of 2026 and their moving dates', async (t) => {
  const h = swedishHolidays(2026)
  t.equal(h.get('2026-04-03'), 'långfredagen')
  t.equal(h.get('2026-04-06'), 'annandag påsk')
  t.equal(h.get('2026-05-14'), 'Kristi himmelsfärdsdag')
  t.equal(h.get('2026-05-24'), 'pingstdagen')
  t.equal(h.get('2026-06-19'), 'midsommarafton')
  t.equal(h.get('2026-06-20'), 'midsommardagen')
  t.equal(h.get('2026-10-31'), 'alla helgons dag')
  t.equal(swedishHolidays(2027).get('2027-06-25'), 'midsommarafton')
  t.equal(swedishHolidays(2027).get('2027-11-06'), 'alla helgons dag')
})

t.test('a day off is named; a working day is not', async (t) => {
  t.equal(dayOffReason('2026-12-26'), 'annandag jul', 'the deadline a first start on 28 November would have chosen')
  t.equal(dayOffReason('2026-12-24'), 'julafton')
  t.equal(dayOffReason('2026-11-28'), 'en lördag')
  t.equal(dayOffReason('2026-11-29'), 'en söndag')
  t.equal(dayOffReason('2026-12-22'), null)
})

t.test('the first round\'s deadline and closing day move to the next working day', async (t) => {
  const { workingDayFrom } = await import('../../server/survey/rounds.js')
  t.equal(workingDayFrom('2026-12-26'), '2026-12-28', 'annandag jul (a Saturday) → Monday 28 December')
  t.equal(workingDayFrom('2026-12-24'), '2026-12-28', 'julafton, juldagen, annandag jul and a Sunday are skipped')
  t.equal(workingDayFrom('2026-12-22'), '2026-12-22', 'a working day stays')
})
