import t from 'tap'
import { startMailing } from '../../server/mail/mailings.js'
import { itemNonResponse } from '../../server/statistics/item-nonresponse.js'
import { currentRound } from '../../server/survey/rounds.js'
import { addDays, formatDate, swedishDate } from '../../server/survey/clock.js'
import { loggedIn } from '../helpers/admin.js'
import { storeResponse } from '../helpers/fixtures.js'
import { addContacts } from '../helpers/mail.js'

t.test('rates on the overview: submitted, started, opened, not opened', async (t) => {
  const { app, c } = await loggedIn(t)
  const now = new Date()
  for (const code of ['0180', '1480', '1280', '0114']) await storeResponse(app, code, { q01: 'yes' }, now)
  await storeResponse(app, '0115', { q01: 'no' }, null)
  await storeResponse(app, '0117', {}, null)
  await storeResponse(app, '12', { q01: 'yes' }, now)
  const page = await c.get('/admin')
  t.match(page.body, '4 av 290 kommuner (1 %)')
  t.match(page.body, '1 av 20 landsting/regioner (5 %)')
  t.match(page.body, /<th scope="row">Kommuner<\/th><td class="num">290<\/td><td class="num">4<\/td><td class="num">1<\/td><td class="num">1<\/td><td class="num">284<\/td>/)
})

t.test('the response curve from fixture responses with known dates, with the mailings marked', async (t) => {
  const { app, c } = await loggedIn(t)
  const round = (await currentRound(app.db))!
  const today = swedishDate(new Date())
  const d0 = addDays(today, -5)
  await app.db.updateTable('round').set({ opens_on: addDays(today, -10) }).where('id', '=', round.id).execute()
  await addContacts(app, [['0180', 'a@stockholm.se']])
  await startMailing(app.db, (await currentRound(app.db))!, 'invitation', new Date(), false)
  await app.db.updateTable('mailing').set({ queued_at: new Date(`${d0}T08:00:00Z`).toISOString() }).execute()
  const at = (day: string, hour = 10): Date => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00Z`)
  await storeResponse(app, '0180', { q01: 'yes' }, at(d0))
  await storeResponse(app, '1480', { q01: 'yes' }, at(d0))
  await storeResponse(app, '1280', { q01: 'yes' }, at(addDays(d0, 2)))
  await storeResponse(app, '14', { q01: 'yes' }, at(addDays(d0, 3)))
  const page = await c.get('/admin/svarskurva')
  t.equal(page.statusCode, 200)
  t.match(page.body, '<svg')
  t.match(page.body, 'role="img"')
  t.match(page.body, '>Inbjudan</text>', 'the invitation is marked')
  const row = (day: string): string => new RegExp(`<th scope="row" class="nowrap">${formatDate(day)}</th><td>([^<]*)</td><td class="num">([^<]*)</td><td class="num">([^<]*)</td>`).exec(page.body)?.slice(1).join(' | ') ?? 'missing'
  t.equal(row(d0), 'Inbjudan | 2 (1 %) | 0 (0 %)')
  t.equal(row(addDays(d0, 1)), ' | 2 (1 %) | 0 (0 %)')
  t.equal(row(addDays(d0, 2)), ' | 3 (1 %) | 0 (0 %)')
  t.equal(row(addDays(d0, 3)), ' | 3 (1 %) | 1 (5 %)')
  t.equal(row(today), ' | 3 (1 %) | 1 (5 %)')
  t.equal(row(addDays(d0, -1)), 'missing', 'the curve starts at the invitation')
})

t.test('dropout page shows the test and verdict', async (t) => {
  const { app, c } = await loggedIn(t)
  const kommuner = await app.db.selectFrom('organisation').select(['code', 'municipality_group_code']).where('kind', '=', 'municipality').orderBy('code').execute()
  let i = 0
  for (const k of kommuner) if (i++ % 2 === 0) await storeResponse(app, k.code, { q01: 'yes' }, new Date())
  const page = await c.get('/admin/bortfall')
  t.match(page.body, 'Inga tecken på ojämnt bortfall mellan huvudgrupperna')
  t.match(page.body, '<summary>Så har vi räknat</summary>', 'the method behind a disclosure')
  t.match(page.body, 'Chi-två-test: χ² = ')
  t.notMatch(page.body, /p-värde = 0,000|−0,0</, 'no zero p-value and no negative zero')
  t.match(page.body, 'permutationstest', 'kommungrupper with Storstäder take the permutation path')
  t.match(page.body, 'frihetsgrader = 8')
})

t.test('item non-response counts blanks only where the question applied', async (t) => {
  const { app, c } = await loggedIn(t)
  const now = new Date()
  await storeResponse(app, '0180', { q01: 'yes', q02: 'no', q05: { selected: ['culture'], other: null }, q15: 'yes' }, now)
  await storeResponse(app, '1480', { q01: 'yes', q02: 'yes', q15: 'no' }, now)
  await storeResponse(app, '1280', { q01: 'no', q02: 'no', q03: { selected: ['lack_of_time'], other: null } }, now)
  await storeResponse(app, '14', { q01: 'no', q02: 'no' }, now)
  await storeResponse(app, '0114', { q01: 'yes' }, null)
  const data = await itemNonResponse(app.db, (await currentRound(app.db))!.id)
  const row = (q: string) => data.rows.find((r) => r.question === q)!
  t.same(row('q01').total, { applicable: 4, blank: 0 })
  t.same(row('q03').total, { applicable: 2, blank: 1 }, 'q03 applies to the two with no/no; the region left it blank')
  t.same(row('q05').total, { applicable: 2, blank: 1 }, 'section B applies to q01 = yes')
  t.same(row('q11').total, { applicable: 1, blank: 1 }, 'section C only for q02 = yes')
  t.same(row('q16').total, { applicable: 1, blank: 1 }, 'q16 only where q15 = yes')
  t.same(row('q17').total, { applicable: 4, blank: 4 })
  t.same(row('q03').groups['Landsting/regioner'], { applicable: 1, blank: 1 })
  const page = await c.get('/admin/partiellt-bortfall')
  t.match(page.body, '1 av 2 (50 %)')
})

t.test('item non-response of questions 6–9 is also given among those with rows of the form each is about', async (t) => {
  const { app } = await loggedIn(t)
  const now = new Date()
  const twin = { partner: 'Åbo', country: 'FI', form: 'twin_town', activity: 'active' }
  const partnership = { partner: 'Kisumu', country: 'KE', form: 'municipal_partnership', activity: 'active' }
  await storeResponse(app, '0180', { q01: 'yes', q02: 'no', q04: [twin], q06: { selected: ['officer'], other: null } }, now)
  await storeResponse(app, '1480', { q01: 'yes', q02: 'no', q04: [twin, partnership] }, now)
  await storeResponse(app, '1280', { q01: 'yes', q02: 'no', q04: [] }, now)
  const round = (await currentRound(app.db))!
  const { rows } = await itemNonResponse(app.db, round.id)
  const row = (q: string) => rows.find((r) => r.question === q)!
  t.same(row('q06').total, { applicable: 3, blank: 2 }, 'shown to all three with q01 = ja')
  t.same(row('q06').relevant, { among: 'organisationer med vänorter', applicable: 2, blank: 1 }, 'about twin towns: two have them, one left it blank')
  t.same(row('q07').relevant, { among: 'organisationer med kommunala partnerskap', applicable: 1, blank: 1 })
  t.equal(row('q05').relevant, null, 'other questions have no such line')
})
