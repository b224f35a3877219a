import t from 'tap'
import { buildTestApp } from '../helpers/app.js'
import { storeResponse } from '../helpers/fixtures.js'
import { addDays, swedishDate } from '../../server/survey/clock.js'
import { publishRegister } from '../../server/results/public-register.js'
import { requireCurrentRound } from '../../server/survey/rounds.js'

t.test('the public register leaves out rows of a question that no longer applied (twin towns kept after answering "no")', async (t) => {
  const { app } = await buildTestApp(t)
  const row = (partner: string): Record<string, string> => ({ partner, country: 'FI', form: 'twin_town', activity: 'active' })
  await storeResponse(app, '1480', { q01: 'yes', q02: 'no', q04: [row('Åbo')] }, new Date())
  // Stockholm listed a twin town, then answered "no" to question 1: the stored row stays, the question no longer applies.
  await storeResponse(app, '0180', { q01: 'no', q02: 'no', q04: [row('Kvarglömd')] }, new Date())
  const today = swedishDate(new Date())
  await app.db.updateTable('round').set({ opens_on: addDays(today, -60), deadline_on: addDays(today, -40), closes_on: addDays(today, -30) }).execute()
  t.same(await publishRegister(app.db, await requireCurrentRound(app.db), 'admin@skr.se', new Date()), { ok: true })
  const page = (await app.inject({ url: '/vanortsregister' })).body
  t.match(page, '<td>Åbo</td>')
  t.notMatch(page, 'Kvarglömd', 'not published')
  t.notMatch((await app.inject({ url: '/vanortsregister/vanortsregister.csv' })).body, 'Kvarglömd', 'not in the download either')
})
