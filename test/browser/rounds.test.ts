import t from 'tap'
import { addDays, swedishDate } from '../../server/survey/clock.js'
import { activeLinks } from '../../server/survey/links.js'
import { createRound } from '../../server/survey/new-round.js'
import { publishRegister } from '../../server/results/public-register.js'
import { fillSyntheticRound } from '../../server/results/synthetic.js'
import { currentRound } from '../../server/survey/rounds.js'
import { axeRecorder, browserAvailable, focusVisible, layoutProblems, newPage, openLinkIn, shot, startLive, tabTo, type Live } from '../helpers/browser.js'

/** Round 1 filled with the synthetic answers and closed, round 2 made, round 1's register published; returns both rounds' links. */
async function twoRounds (live: Live): Promise<{ oldLinks: Map<string, string>, newLinks: Map<string, string>, prefilled: string[] }> {
  const db = live.app.db
  const round1 = (await currentRound(db))!
  await fillSyntheticRound(db, round1.id)
  const today = swedishDate(new Date())
  await db.updateTable('round').set({ opens_on: addDays(today, -60), deadline_on: addDays(today, -40), closes_on: addDays(today, -30) }).where('id', '=', round1.id).execute()
  const closed = (await currentRound(db))!
  await publishRegister(db, closed, 'admin@skr.se', new Date())
  const linksOf = async (roundId: number): Promise<Map<string, string>> => new Map((await activeLinks(db, live.app.linkKey, roundId, live.url)).map((l) => [l.code, l.url]))
  const oldLinks = await linksOf(round1.id)
  const round2 = await createRound(db, live.app.linkKey, { name: String(Number(round1.name) + 1), opens_on: today, deadline_on: addDays(today, 20), closes_on: addDays(today, 40), classification: 'skl-2017' }, 'admin@skr.se', new Date())
  // Organisations that sent in round 1 with at least two twin towns.
  const rows = await db.selectFrom('answer_row as a').innerJoin('response as r', 'r.id', 'a.response_id').innerJoin('organisation as o', 'o.id', 'r.organisation_id')
    .select('o.code').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('r.round_id', '=', round1.id).where('r.status', '=', 'submitted').where('a.question_id', '=', 'q04').where('o.kind', '=', 'municipality')
    .groupBy('o.code').having((eb) => eb.fn.countAll(), '>=', 2).orderBy('o.code').limit(2).execute()
  return { oldLinks, newLinks: await linksOf(round2.id), prefilled: rows.map((r) => r.code) }
}

if (!browserAvailable()) {
  t.test('rounds and the register in a real browser', { skip: 'Chromium is not installed (apt-get install chromium)' }, async () => {})
} else {
  t.test('a prefilled round-2 page, the old link and the public register: axe zero with and without JavaScript, keyboard, 320 px', async (t) => {
    const live = await startLive(t)
    const { oldLinks, newLinks, prefilled } = await twoRounds(live)
    t.equal(prefilled.length, 2)
    const { violations, check } = axeRecorder()

    for (const [i, javaScript] of [true, false].entries()) {
      const suffix = javaScript ? '' : '-nojs'
      const prefilledCode = prefilled[i]!
      const { page, context } = await newPage(live, { javaScript })
      const old = await page.goto(oldLinks.get(prefilledCode)!)
      t.equal(old?.status(), 410, 'an old link answers with the page about the new round')
      await check(page, `old-link${suffix}`, javaScript)

      await openLinkIn(page, newLinks.get(prefilledCode)!)
      // Part A first, as the start page leads: its prefilled answers say that part B applies.
      await page.goto(`${live.url}/enkat/del/a`)
      t.match(await page.textContent('main'), 'Svaren kommer från omgång')
      await Promise.all([page.waitForURL(/\/enkat\/del\/b$/), page.click('button[value="next"]')])
      t.match(await page.textContent('main'), 'Svaren kommer från omgång')
      await check(page, `respondent-prefilled${suffix}`, javaScript)
      // Keyboard only: reach the first row's choice, pick "Ja", then the second row's "Nej", and save with Enter on the button.
      await tabTo(page, '#q04-0-_kvar')
      t.ok(await focusVisible(page), 'the choice shows focus')
      await page.keyboard.press('Space')
      await tabTo(page, '#q04-1-_kvar')
      await page.keyboard.press('ArrowDown')
      t.ok(await page.isChecked('#q04-1-_kvar-avslutat'), 'arrow keys move within the choice')
      await check(page, `respondent-prefilled-chosen${suffix}`, javaScript)
      await tabTo(page, 'button[value="next"]', 400)
      await Promise.all([page.waitForURL(/\/enkat\/(del\/[c-z]|granska)/), page.keyboard.press('Enter')])
      await page.goto(`${live.url}/enkat/del/b`)
      t.notMatch(await page.textContent('main'), 'Svaren kommer från omgång', 'saved: the page is this round’s')
      await page.goto(`${live.url}/enkat/granska`)
      t.match(await page.textContent('main'), 'Avslutade:', 'the review names the ended twin town')
      await check(page, `respondent-review-changes${suffix}`, javaScript)
      await context.close()
    }

    for (const javaScript of [true, false]) {
      const suffix = javaScript ? '' : '-nojs'
      const { page, context } = await newPage(live, { javaScript })
      const res = await page.goto(`${live.url}/vanortsregister`)
      t.equal(res?.status(), 200)
      await check(page, `register${suffix}`, javaScript)
      // Keyboard: choose a country in the filter and search.
      await tabTo(page, '#land')
      await page.selectOption('#land', { label: 'Kina' })
      await tabTo(page, '.filters button[type="submit"]')
      await Promise.all([page.waitForURL(/land=CN/), page.keyboard.press('Enter')])
      const rows = await page.$$eval('#samarbeten-tabell ~ tbody tr td:nth-child(4)', (cells) => cells.map((c) => c.textContent))
      t.ok(rows.length > 0 && rows.every((c) => c === 'Kina'), 'only China after the search')
      t.equal(await page.getAttribute('path[data-country="CN"]', 'data-count'), String(rows.length), 'the map shades China with the same count')
      await check(page, `register-china${suffix}`, javaScript)
      await context.close()
    }

    const narrow = await newPage(live, { width: 320, height: 800 })
    for (const url of ['/vanortsregister', '/vanortsregister?land=CN']) {
      await narrow.page.goto(live.url + url)
      const p = await layoutProblems(narrow.page)
      t.ok(p.overflow <= 0, `${url} at 320 px: no sideways scroll (${p.overflow} px)`)
      t.same(p.brokenWords, [], `${url} at 320 px: no word broken inside`)
    }
    await shot(narrow.page, 'register-320px')
    await narrow.context.close()
    t.same(violations, {}, 'axe: zero WCAG 2.1 A/AA violations')
  })
}
