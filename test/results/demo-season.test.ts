// `npm run demo`'s season: a closed 2018 round that looks lived in, and an open round whose printed links open it.
import { createServer } from 'node:net'
import { join } from 'node:path'
import t from 'tap'
import { demoMailingDays, prepareDemoSeason } from '../../server/demo-season.js'
import { startDemo } from '../../server/demo.js'
import { computeFigures } from '../../server/results/figures.js'
import { addDays, swedishDate } from '../../server/survey/clock.js'
import { requireCurrentRound, roundState } from '../../server/survey/rounds.js'
import { buildTestApp, tempDir, testEnv } from '../helpers/app.js'
import { Respondent } from '../helpers/respondent.js'

t.test('the demo: 2018 with openers, starters and a season\'s log; an open round whose links open it, prefilled', async (t) => {
  const { app, config } = await buildTestApp(t)
  const links = await prepareDemoSeason(app.db, app.linkKey, config.publicUrl, new Date())
  const open = await requireCurrentRound(app.db)
  t.equal(roundState(open, new Date()), 'open', 'the latest round is open')
  t.not(open.name, '2018')
  const old = await app.db.selectFrom('round').selectAll().where('name', '=', '2018').executeTakeFirstOrThrow()
  t.equal(roundState(old, new Date()), 'closed')
  t.ok(old.register_published_at !== null, '2018\'s register is published')

  const responses = await app.db.selectFrom('response').select(['id', 'status', 'first_opened_at', 'first_saved_at', 'submitted_at']).where('round_id', '=', old.id).execute()
  t.equal(responses.filter((s) => s.status === 'submitted').length, 226, '213 kommuner and 13 regions answered, as in the report')
  const drafts = responses.filter((s) => s.status === 'draft')
  const opened = drafts.filter((s) => s.first_opened_at !== null && s.first_saved_at === null)
  const saved = new Set((await app.db.selectFrom('response_section').select('response_id').execute()).map((s) => s.response_id))
  const started = drafts.filter((s) => s.first_saved_at !== null && saved.has(s.id))
  t.ok(opened.length >= 10, `${opened.length} non-respondents only opened their link`)
  t.ok(started.length >= 5, `${started.length} non-respondents saved a page without submitting`)
  t.ok(responses.every((s) => s.submitted_at === null || (s.first_opened_at ?? '') <= s.submitted_at), 'every answer was opened before it was sent')

  // Answers by day: fewer at weekends, a peak the day after each mailing.
  const perDay = new Map<string, number>()
  for (const s of responses) if (s.submitted_at !== null) perDay.set(swedishDate(new Date(s.submitted_at)), (perDay.get(swedishDate(new Date(s.submitted_at))) ?? 0) + 1)
  const days: string[] = []
  for (let d = old.opens_on; d <= old.closes_on; d = addDays(d, 1)) days.push(d)
  const weekend = (d: string): boolean => [0, 6].includes(new Date(`${d}T12:00:00Z`).getUTCDay())
  const weekdays = days.filter((d) => !weekend(d) && d <= old.deadline_on)
  const mean = weekdays.reduce((s, d) => s + (perDay.get(d) ?? 0), 0) / weekdays.length
  t.same(days.filter((d) => weekend(d) && (perDay.get(d) ?? 0) >= mean), [], `every weekend day below the weekday mean of ${mean.toFixed(1)}`)
  for (const [m, sent] of demoMailingDays.entries()) {
    const until = demoMailingDays[m + 1] ?? addDays(sent, 7)
    const window = days.filter((d) => d >= sent && d < until)
    const peak = addDays(sent, 1)
    t.ok(window.every((d) => d === peak || (perDay.get(d) ?? 0) < (perDay.get(peak) ?? 0)), `the day after the mailing of ${sent} has the most answers until the next (${perDay.get(peak)})`)
  }
  t.ok(days.filter((d) => !weekend(d)).filter((d) => (perDay.get(d) ?? 0) > 0).length >= 25, 'answers on most working days')

  // Varied answers, while the report's figures stay.
  const figures = await computeFigures(app.db, old.id)
  const fig = (q: string, o: string, g: string, unit = 'organisations') => figures.find((f) => f.question === q && f.option === o && f.group === g && f.unit === unit)
  t.equal(`${fig('q08', 'own_funds', 'kommuner')?.count}/${fig('q08', 'own_funds', 'kommuner')?.base}`, '140/146', 'own funds as in the report')
  t.equal(`${fig('q05', 'culture', 'kommuner', 'mentions')?.count}/${fig('q05', 'culture', 'kommuner', 'mentions')?.base}`, '117/730', 'culture as in the report')
  const everyone = figures.filter((f) => ['q03', 'q05', 'q06', 'q07', 'q08', 'q09', 'q11', 'q12', 'q13', 'q14', 'q16'].includes(f.question) && f.unit === 'organisations' && f.group === 'kommuner' && f.base >= 5 && f.count === f.base)
  t.same(everyone.map((f) => `${f.question} ${f.option}`), [], 'no option chosen by every kommun that answered (questions 3, 5–9, 11–14, 16)')
  for (const q of ['q07', 'q11']) t.ok((fig(q, 'officer', 'kommuner') ?? fig(q, 'business', 'kommuner'))!.base >= 10, `${q} has answers`)
  const q11 = await app.db.selectFrom('answer_choice as a').innerJoin('response as r', 'r.id', 'a.response_id').select(['a.response_id', 'a.option_id'])
    .where('r.round_id', '=', old.id).where('a.question_id', '=', 'q11').execute()
  const combinations = new Map<number, string[]>()
  for (const a of q11) combinations.set(a.response_id, [...(combinations.get(a.response_id) ?? []), a.option_id].sort())
  t.ok(new Set([...combinations.values()].map((c) => c.join())).size >= 20, `question 11: ${new Set([...combinations.values()].map((c) => c.join())).size} different combinations of areas`)
  const blank = fig('q04', 'twin_town.activity=blank', 'regioner', 'rows')!
  t.ok(blank.count / blank.base < 0.2, `regions' twin towns: ${blank.count} of ${blank.base} without an activity level`)
  t.ok(['active', 'sporadic', 'dormant'].every((a) => (fig('q04', `twin_town.activity=${a}`, 'regioner', 'rows')?.count ?? 0) > 0), 'regions have every activity level')

  const log = await app.db.selectFrom('audit_log').select(['action', 'at']).orderBy('id').execute()
  const kinds = new Set(log.map((l) => l.action))
  t.ok(kinds.size >= 5, `the log has ${kinds.size} kinds of entries`)
  t.ok(['contacts_imported', 'round_dates_changed', 'mailing_started', 'round_closed', 'export_with_contacts', 'register_published', 'round_created'].every((a) => kinds.has(a)), 'the log holds the season\'s events')
  t.equal(log.filter((l) => l.action === 'mailing_started').length, 4, 'the invitation and three reminders')
  t.same(log.map((l) => l.at), [...log.map((l) => l.at)].sort(), 'in the order they happened')
  const reminded = await app.db.selectFrom('outbox_message as m').innerJoin('mailing as g', 'g.id', 'm.mailing_id').innerJoin('response as r', (j) => j.onRef('r.organisation_id', '=', 'm.organisation_id').on('r.round_id', '=', old.id))
    .select(['g.queued_at', 'r.submitted_at']).where('g.kind', '!=', 'invitation').execute()
  t.ok(reminded.every((x) => x.submitted_at === null || x.submitted_at > (x.queued_at ?? '')), 'no reminder to an organisation that had already submitted')

  t.equal(links.length, 3, 'three links are printed')
  for (const link of links) {
    t.match(link.url, new RegExp(`^${config.publicUrl}/s/[A-Za-z0-9_-]{43}$`))
    const r = new Respondent(app)
    t.equal((await r.open(link.url.split('/s/')[1]!)).statusCode, 303, `${link.name}: the link opens the open round`)
    t.equal((await r.get('/enkat/del/a')).statusCode, 200)
  }
  const checked = async (link: { url: string }): Promise<number> => {
    const r = new Respondent(app)
    await r.open(link.url.split('/s/')[1]!)
    return ((await r.get('/enkat/del/a')).body.match(/ checked/g) ?? []).length
  }
  t.ok(await checked(links[0]!) > 0, 'the kommun that answered in 2018 starts from those answers')
  t.equal(await checked(links[1]!), 0, 'the one that did not starts blank')
})

async function freePort (): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

t.test('npm run demo prints links that open the open round\'s start page over HTTP', async (t) => {
  const dir = tempDir(t)
  const port = await freePort()
  const { app, lines } = await startDemo({ ...testEnv(dir), PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: `http://127.0.0.1:${port}`, LOG_LEVEL: 'silent' }, join(dir, 'demo'), new Date())
  t.teardown(() => app.close())
  t.match(lines.join('\n'), `http://127.0.0.1:${port}/admin`)
  const printed = lines.flatMap((l) => /(http:\/\/\S+\/s\/\S+)$/.exec(l)?.[1] ?? [])
  t.equal(printed.length, 4, 'four personal links are printed: three of Internationella samarbeten, one of the example survey')
  const exampleLink = printed.pop()!
  t.match(lines.join('\n'), `Enkäten Digitalisering i kommuner och regioner (http://127.0.0.1:${port}/admin/digitalisering) har också en öppen omgång`)

  // The example survey, made from its file alone, with an open round and answers sent in through the save service.
  const survey = await app.db.selectFrom('survey').selectAll().where('slug', '=', 'digitalisering').executeTakeFirstOrThrow()
  t.equal(survey.title, 'Digitalisering i kommuner och regioner')
  const exampleRound = await requireCurrentRound(app.db, survey.id)
  t.equal(roundState(exampleRound, new Date()), 'open', 'the example survey\'s round is open')
  const answered = await app.db.selectFrom('response as r').innerJoin('organisation as o', 'o.id', 'r.organisation_id').select(['o.kind', 'o.code'])
    .where('r.round_id', '=', exampleRound.id).where('r.status', '=', 'submitted').execute()
  t.equal(answered.filter((a) => a.kind === 'municipality').length, 30, '30 kommuner have answered it')
  t.equal(answered.filter((a) => a.kind === 'region').length, 4, 'and 4 regions')
  const events = await app.db.selectFrom('response_event as e').innerJoin('response as r', 'r.id', 'e.response_id').select(['e.kind', 'e.section'])
    .where('r.round_id', '=', exampleRound.id).execute()
  t.equal(events.filter((e) => e.kind === 'saved').length, 34 * 3, 'each part saved through the save service')
  const strategies = await app.db.selectFrom('answer_choice as a').innerJoin('response as r', 'r.id', 'a.response_id').select('a.option_id')
    .where('r.round_id', '=', exampleRound.id).where('a.question_id', '=', 'strategi').execute()
  t.equal(strategies.length, 34)
  t.ok(new Set(strategies.map((s) => s.option_id)).size >= 2, 'the answers vary')
  const fewer = await app.db.selectFrom('answer_choice as a').innerJoin('response as r', 'r.id', 'a.response_id').select('a.option_id')
    .where('r.round_id', '=', exampleRound.id).where('a.question_id', '=', 'beslut').execute()
  t.equal(fewer.length, strategies.filter((s) => s.option_id === 'ja').length, 'question "beslut" only where the strategy is adopted')
  const old = await app.db.selectFrom('round').selectAll().where('name', '=', '2018').executeTakeFirstOrThrow()
  const ownFunds = (await computeFigures(app.db, old.id)).find((f) => f.question === 'q08' && f.option === 'own_funds' && f.group === 'kommuner' && f.unit === 'organisations')
  t.equal(`${ownFunds?.count}/${ownFunds?.base}`, '140/146', 'the 2018 figures stay the report\'s with the example survey beside them')
  const firstRound = await requireCurrentRound(app.db)
  t.equal((await app.db.selectFrom('response').select('id').where('round_id', '=', firstRound.id).where('status', '=', 'submitted').execute()).length, 0, 'the first survey\'s open round has no answers of the example\'s')

  const cookiesOf = (res: Response): string => res.headers.getSetCookie().map((c) => c.split(';')[0] ?? '').join('; ')
  const openStart = async (link: string): Promise<string> => {
    // As a browser does: the link's page, its "Öppna enkäten" button (a POST), then the start page it leads to.
    const page = await fetch(link, { redirect: 'manual' })
    t.equal(page.status, 200, 'the link\'s page answers')
    const body = await page.text()
    t.match(body, 'Öppna enkäten')
    const form = new URLSearchParams({ token: link.split('/s/')[1] ?? '', _open: /name="_open" value="([^"]*)"/.exec(body)?.[1] ?? '' })
    const opened = await fetch(`http://127.0.0.1:${port}/enkat/oppna`, {
      method: 'POST', body: form, redirect: 'manual', headers: { cookie: cookiesOf(page), origin: `http://127.0.0.1:${port}`, 'content-type': 'application/x-www-form-urlencoded' }
    })
    t.equal(opened.status, 303, 'the button opens the round')
    const start = await fetch(new URL(opened.headers.get('location') ?? '', link), { headers: { cookie: cookiesOf(opened) }, redirect: 'manual' })
    t.equal(start.status, 200, `${opened.headers.get('location')} answers 200`)
    return await start.text()
  }
  const exampleStart = await openStart(exampleLink)
  t.match(exampleStart, `Digitalisering i kommuner och regioner ${new Date().getFullYear()}`, 'the example survey\'s start page')
  t.notMatch(exampleStart, 'Internationella samarbeten')
  t.match(exampleStart, /href="\/enkat\/del\/strategi"/, 'with the way to its first part')
  for (const link of printed) {
    const html = await openStart(link)
    t.match(html, `Internationella samarbeten ${new Date().getFullYear()}`, 'the open round\'s start page')
    t.match(html, /href="\/enkat\/del\/a"/, 'with the way to the first page')
  }
})
