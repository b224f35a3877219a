import { join } from 'node:path'
import { writeFileSync } from 'node:fs'
import JSZip from 'jszip'
import t from 'tap'
import { runCli } from '../../server/cli.js'
import { addDays, swedishDate } from '../../server/survey/clock.js'
import { currentRound } from '../../server/survey/rounds.js'
import { loggedIn } from '../helpers/admin.js'
import { testEnv } from '../helpers/app.js'
import { capture } from '../helpers/cli.js'
import { storeResponse } from '../helpers/fixtures.js'
import { file2018, fileText, useRoundQuestionnaire } from '../helpers/questionnaire.js'

// A trend across versions: a round whose version lacks the question a series reads has no value for that series in
// that round ("finns inte i omgång X"), never a zero, while the series it does have go on. Such a round cannot be
// created today (the figures' ids are checked then), but a round keeps its version for ever: one frozen before a
// series began reading a question is never checked again. Round 1 stands for that: its version has no q04 (twin
// towns), so the Ryssland, Kina, world-region and country series have nothing to count in it.

// biome-ignore lint/suspicious/noExplicitAny: a test edits a questionnaire file as loose JSON, as an operator would
type Json = Record<string, any>

function withoutTwinTowns (): Json {
  const f = file2018() as Json
  f.version = 'utan-q04'
  f.delar[1].frågor = f.delar[1].frågor.filter((q: { id: string }) => q.id !== 'q04')
  for (const c of f.resultatkapitel) c.frågor = c.frågor.filter((id: string) => id !== 'q04')
  return f
}

const line = (csv: string, serie: string, round: string): string => csv.split('\r\n').find((l) => l.startsWith(`${serie},${round},`)) ?? ''

t.test('a series whose question a round\'s version lacks says "finns inte i omgång X" there, never 0', async (t) => {
  const { app, c, dir } = await loggedIn(t)
  const round1 = (await currentRound(app.db))!
  await useRoundQuestionnaire(app, fileText(withoutTwinTowns()))
  await storeResponse(app, '1480', { q01: 'yes', q02: 'no' }, new Date())
  await storeResponse(app, '0180', { q01: 'no', q02: 'no' }, new Date())

  // Round 2 on the 2018 version, which asks for twin towns: Göteborg has one in Ryssland.
  const today = swedishDate(new Date())
  await app.db.updateTable('round').set({ opens_on: addDays(today, -60), deadline_on: addDays(today, -40), closes_on: addDays(today, -30) }).where('id', '=', round1.id).execute()
  const path = join(dir, '2018.json')
  writeFileSync(path, fileText(file2018()))
  const name2 = String(Number(round1.name) + 1)
  const made = await capture(async (io) => await runCli(['round', 'create', name2, today, addDays(today, 20), addDays(today, 40), `--frageformular=${path}`, '--yes'], testEnv(dir), io))
  t.equal(made.code, 0, made.text)
  t.match(made.out, 'Ny fråga 4 (q04)')
  await storeResponse(app, '1480', { q01: 'yes', q02: 'no', q04: [{ partner: 'Tver', country: 'RU', form: 'twin_town', activity: 'dormant' }] }, new Date())

  const csv = (await c.get('/admin/resultat/trender.csv')).body
  const r1 = round1.name
  for (const serie of ['kommuner_med_vanorter_i_ryssland', 'samarbeten_norden', 'lander_med_samarbeten', 'vanortssamarbeten_inkl_partnerskap']) {
    t.match(line(csv, serie, r1), new RegExp(`^${serie},${r1},,[^,]*,"[^"]*",finns inte i omgång ${r1}$`), `${serie}: no value in round ${r1}, with the note`)
  }
  t.notMatch(csv, new RegExp(`_i_ryssland,${r1},0`), 'never a zero for the round without the question')
  t.match(line(csv, 'kommuner_med_vanorter_eller_partnerskap', r1), new RegExp(`^kommuner_med_vanorter_eller_partnerskap,${r1},1,kommuner,`), 'a series whose question the round has goes on')
  t.match(line(csv, 'kommuner_med_vanorter_i_ryssland', name2), new RegExp(`^kommuner_med_vanorter_i_ryssland,${name2},1,kommuner,`), 'round 2 counts Göteborg')
  t.match(line(csv, 'kommuner_med_vanorter_i_ryssland', '2018'), /^kommuner_med_vanorter_i_ryssland,2018,\d+,/, 'the published value stays')

  // The report's chapter "Utvecklingen sedan 2007" shows the same: a dash and the note, not 0.
  const report = (await c.get('/admin/resultat/rapport')).body
  const section = report.slice(report.indexOf('id="trend-kommuner_med_vanorter_i_ryssland"'), report.indexOf('</section>', report.indexOf('id="trend-kommuner_med_vanorter_i_ryssland"')))
  t.match(section, new RegExp(`<th scope="row" class="nowrap">${r1}[^<]*</th><td class="num">–</td><td>[^<]*omgång ${r1} i den här tjänsten – finns inte i omgång ${r1}</td>`))
  t.match(section, new RegExp(`<th scope="row" class="nowrap">${name2}[^<]*</th><td class="num">1</td>`))
  const docx = await app.inject({ method: 'GET', url: '/admin/resultat/rapport.docx', headers: { cookie: c.cookieHeader } })
  t.equal(docx.statusCode, 200)
  const xml = await (await JSZip.loadAsync(docx.rawPayload)).file('word/document.xml')!.async('string')
  t.match(xml, `finns inte i omgång ${r1}`, 'the Word report has the note')
  t.notMatch(xml, '>null<', 'and no "null" for the missing value')
})
