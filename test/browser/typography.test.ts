import t from 'tap'
import { currentRound } from '../../server/survey/rounds.js'
import { reissueLink } from '../../server/survey/links.js'
import { ADMIN_PAGES, adminOnFilledRound, browserAvailable, layoutProblems, newPage, openLinkIn, shot, startLive } from '../helpers/browser.js'

// At 1280 px, at 320 px and at 200 % zoom (1280 px at twice the size: 640 CSS pixels), no page scrolls sideways
// and no word or number in a table cell, answer list or the list of parts is broken over two lines.
const sizes = [
  { name: '1280px', width: 1280, scale: 1 },
  { name: '320px', width: 320, scale: 1 },
  { name: 'zoom200', width: 640, scale: 2 }
]

if (!browserAvailable()) {
  t.test('typography in a real browser', { skip: 'Chromium is not installed (apt-get install chromium)' }, async () => {})
} else {
  t.test('admin, results and respondent pages at three sizes: no sideways scroll, no word broken inside', async (t) => {
    const live = await startLive(t)
    const admin = await adminOnFilledRound(live)
    const round = (await currentRound(live.app.db))!
    const org = await live.app.db.selectFrom('organisation').select('id').where('code', '=', '0180').executeTakeFirstOrThrow()
    const token = await reissueLink(live.app.db, live.app.linkKey, round.id, org.id, new Date())
    const cookies = await admin.context().cookies()
    for (const size of sizes) {
      const { page, context } = await newPage(live, { width: size.width, height: 900, scale: size.scale })
      await context.addCookies(cookies)
      for (const [url, name] of ADMIN_PAGES) {
        await page.goto(live.url + url)
        const p = await layoutProblems(page)
        t.ok(p.overflow <= 0, `${url} at ${size.name}: no sideways scroll (${p.overflow} px)`)
        t.same(p.brokenWords, [], `${url} at ${size.name}: no word broken inside`)
        if (size.name !== '1280px') await shot(page, `${name}-${size.name}`)
      }
      const respondent = await newPage(live, { width: size.width, height: 900, scale: size.scale })
      await openLinkIn(respondent.page, `${live.url}/s/${token}`)
      for (const url of ['/enkat', '/enkat/del/a', '/enkat/del/b', '/enkat/del/c', '/enkat/del/d', '/enkat/del/e', '/enkat/granska']) {
        await respondent.page.goto(live.url + url)
        const p = await layoutProblems(respondent.page)
        t.ok(p.overflow <= 0, `${url} at ${size.name}: no sideways scroll (${p.overflow} px)`)
        t.same(p.brokenWords, [], `${url} at ${size.name}: no word broken inside`)
      }
      await shot(respondent.page, `respondent-review-${size.name}`)
      await respondent.context.close()
      await context.close()
    }
  })

  t.test('table regions are named, and a tab stop only while they scroll', async (t) => {
    const live = await startLive(t)
    const admin = await adminOnFilledRound(live)
    await admin.goto(`${live.url}/admin/resultat`)
    const wide = await admin.evaluate(() => Array.from(document.querySelectorAll('.table-wrap')).map((el) => ({
      name: document.getElementById(el.getAttribute('aria-labelledby') ?? '')?.textContent ?? '',
      role: el.getAttribute('role'),
      tabStop: el.getAttribute('tabindex') === '0',
      scrolls: el.scrollWidth > el.clientWidth + 1
    })))
    t.ok(wide.length > 10)
    t.ok(wide.every((r) => r.role === 'group' && r.name.trim() !== ''), 'every table box is a named group (not a landmark)')
    t.ok(wide.every((r) => r.tabStop === r.scrolls), 'a tab stop exactly when it scrolls (1280 px)')
    const cookies = await admin.context().cookies()
    const { page, context } = await newPage(live, { width: 320, height: 800 })
    await context.addCookies(cookies)
    await page.goto(`${live.url}/admin/resultat?uppdelning=kommungrupp`)
    const narrow = await page.evaluate(() => Array.from(document.querySelectorAll('.table-wrap')).map((el) => ({ tabStop: el.getAttribute('tabindex') === '0', scrolls: el.scrollWidth > el.clientWidth + 1 })))
    t.ok(narrow.some((r) => r.scrolls), 'at 320 px the kommungrupp tables scroll')
    t.ok(narrow.every((r) => r.tabStop === r.scrolls), 'and exactly those are tab stops')
  })
}
