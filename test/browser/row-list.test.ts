import t from 'tap'
import type { Page } from 'playwright-core'
import { currentRound } from '../../server/survey/rounds.js'
import { reissueLink } from '../../server/survey/links.js'
import { axe, browserAvailable, layoutProblems, type Live, newPage, openLinkIn, shot, startLive } from '../helpers/browser.js'

const TWINS: Array<[string, string, string, string]> = [
  ['Tianjin', 'Kina', 'twin_town', 'active'], ['Åbo', 'Finland', 'twin_town', 'active'], ['Tartu', 'Estland', 'twin_town', 'sporadic'],
  ['Rostock', 'Tyskland', 'twin_town', 'dormant'], ['Aarhus', 'Danmark', 'twin_town', 'active'], ['Bergen', 'Norge', 'twin_town', 'active'],
  ['Riga', 'Lettland', 'twin_town', 'sporadic'], ['Vilnius', 'Litauen', 'twin_town', 'active'], ['Gdańsk', 'Polen', 'twin_town', 'dormant'],
  ['Kaunas', 'Litauen', 'twin_town', 'active'], ['Nairobi', 'Kenya', 'municipal_partnership', 'active'], ['Chicago', 'USA', 'twin_town', 'sporadic'],
  ['Reykjavik', 'Island', 'twin_town', 'active'], ['Kiel', 'Tyskland', 'twin_town', 'active'], ['Turku–Åbo vänortsförening i Egentliga Finland', 'Finland', 'twin_town', 'dormant']
]

/** A respondent of this organisation in a browser, with part A answered Ja/Ja so that part B applies. */
async function respondentOnB (live: Live, code: string, javaScript: boolean, width = 1280): Promise<Page> {
  const round = (await currentRound(live.app.db))!
  const org = await live.app.db.selectFrom('organisation').select('id').where('code', '=', code).executeTakeFirstOrThrow()
  const token = await reissueLink(live.app.db, live.app.linkKey, round.id, org.id, new Date())
  const { page } = await newPage(live, { javaScript, width })
  await openLinkIn(page, `${live.url}/s/${token}`)
  await page.goto(`${live.url}/enkat/del/a`)
  await page.check('#q01-yes')
  await page.check('#q02-yes')
  await page.click('.actions button[value=next]')
  return page
}

async function textInputs (page: Page): Promise<string[]> {
  return await page.$$eval('#q04 input[type=text]', (els) => els.map((e) => e.id))
}

if (!browserAvailable()) {
  t.test('rows as a short list in a real browser', { skip: 'Chromium is not installed (apt-get install chromium)' }, async () => {})
} else {
  t.test('rows as a short list in a real browser', async (t) => {
    const live = await startLive(t)

    await t.test('without JavaScript: add, change and remove (after a question) with plain forms', async (t) => {
      const page = await respondentOnB(live, '1480', false)
      t.same(await textInputs(page), ['q04-0-partner', 'q04-0-country'], 'no rows yet: one open row')
      await page.fill('#q04-0-partner', 'Åbo')
      await page.fill('#q04-0-country', 'Finland')
      await page.selectOption('#q04-0-form', 'twin_town')
      await page.click('button[value="add:q04"]')
      t.match(page.url(), /\/enkat\/del\/b\?ny=q04#q04-1-partner$/, 'the page comes back at the new row')
      t.same(await textInputs(page), ['q04-1-partner', 'q04-1-country'], 'only the new row is open')
      t.equal(await page.locator('#q04-row-0 .row-title').textContent(), 'Åbo (Finland)', 'the saved row is a line')
      await page.fill('#q04-1-partner', 'Tartu')
      await page.fill('#q04-1-country', 'Estland')
      await page.click('button[value="list:q04"]')
      t.same(await textInputs(page), [], 'saved: no open row, no empty row')
      t.equal(await page.locator('#q04 .row-item').count(), 2)
      t.same(await axe(page, false), [], 'the list passes axe')
      await shot(page, 'respondent-rows-list')

      await page.click('#q04-row-1 button:has-text("Ändra")')
      t.equal(await page.inputValue('#q04-1-partner'), 'Tartu', 'Ändra opens the row with its values')
      await page.fill('#q04-1-partner', 'Tallinn')
      await page.click('button[value="list:q04"]')
      t.equal(await page.locator('#q04-row-1 .row-title').textContent(), 'Tallinn (Estland)', 'changed')

      await page.click('#q04-row-0 button:has-text("Ta bort")')
      t.match(page.url(), /\/enkat\/del\/b\/ta-bort\/q04\/0$/)
      t.match(await page.textContent('main'), 'Åbo', 'the question names the row')
      t.same(await axe(page, false), [], 'the question page passes axe')
      await page.click('text=Nej, behåll den')
      t.equal(await page.locator('#q04 .row-item').count(), 2, 'Nej keeps the row')
      await page.click('#q04-row-0 button:has-text("Ta bort")')
      await page.click('button:has-text("Ja, ta bort raden")')
      t.match(await page.textContent('main'), 'Raden är borttagen.')
      t.same(await page.$$eval('#q04 .row-title', (els) => els.map((e) => e.textContent)), ['Tallinn (Estland)'])
      await page.context().close()
    })

    await t.test('with JavaScript: Lägg till opens a row in place, without a page load, with focus in its first field', async (t) => {
      const page = await respondentOnB(live, '0180', true)
      await page.fill('#q04-0-partner', 'Shanghai')
      await page.fill('#q04-0-country', 'Kina')
      await page.evaluate(() => { (window as unknown as { stayed: boolean }).stayed = true })
      await page.click('button[value="add:q04"]')
      t.ok(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed === true), 'no page load')
      t.equal(await page.evaluate(() => document.activeElement?.id), 'q04-1-partner', 'focus in the new row\'s first field')
      t.equal(await page.locator('#q04-row-1 legend').textContent(), 'Samarbete 2', 'the new row is numbered')
      await page.keyboard.type('Nairobi')
      await page.fill('#q04-1-country', 'Kenya')
      await page.click('button[value="add:q04"]')
      t.equal(await page.evaluate(() => document.activeElement?.id), 'q04-2-partner', 'and again')
      await page.keyboard.type('Tartu')
      await page.fill('#q04-2-country', 'Estland')
      t.same(await axe(page), [], 'the open rows pass axe')
      await page.click('.actions button[value=next]')
      t.match(page.url(), /\/enkat\/del\/c$/, 'three rows saved with one page load')
      await page.goto(`${live.url}/enkat/del/b`)
      t.same(await page.$$eval('#q04 .row-title', (els) => els.map((e) => e.textContent)), ['Shanghai (Kina)', 'Nairobi (Kenya)', 'Tartu (Estland)'])
      await page.context().close()
    })

    await t.test('part B with 15 rows is under 2,500 px tall at 1280 px', async (t) => {
      const page = await respondentOnB(live, '1280', true)
      const html = await page.content()
      const form: Record<string, string> = { _action: 'next' }
      for (const name of ['_csrf', 'version']) form[name] = new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? ''
      for (const [i, [partner, country, kind, activity]] of TWINS.entries()) Object.assign(form, { [`q04.${i}.partner`]: partner, [`q04.${i}.country`]: country, [`q04.${i}.form`]: kind, [`q04.${i}.activity`]: activity })
      const saved = await page.request.post(`${live.url}/enkat/del/b`, { form, maxRedirects: 0 })
      t.equal(saved.status(), 303)
      await page.goto(`${live.url}/enkat/del/b`)
      t.equal(await page.locator('#q04 .row-item').count(), 15)
      const height = await page.evaluate(() => document.documentElement.scrollHeight)
      t.ok(height < 2500, `the page is ${height} px tall`)
      await shot(page, 'respondent-section-b-15-rows')
      await page.setViewportSize({ width: 320, height: 900 })
      const narrow = await layoutProblems(page)
      t.ok(narrow.overflow <= 0, `no sideways scroll at 320 px (${narrow.overflow} px)`)
      await shot(page, 'respondent-section-b-15-rows-320px')
      await page.context().close()
    })
  })
}
