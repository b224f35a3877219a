import t from 'tap'
import { adminOnFilledRound, ADMIN_PAGES, browserAvailable, shot, startLive } from '../helpers/browser.js'

// Every admin and results page on a filled round, 320 px wide: wide tables scroll inside their own box and the
// page never scrolls sideways; a screenshot of each.
if (!browserAvailable()) {
  t.test('admin pages at 320 px', { skip: 'Chromium is not installed (apt-get install chromium)' }, async () => {})
} else {
  t.test('every admin and results page at 320 px: no sideways scroll', async (t) => {
    const live = await startLive(t)
    const page = await adminOnFilledRound(live, { width: 320, height: 800 })
    for (const [url, name] of ADMIN_PAGES) {
      await page.goto(live.url + url)
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
      t.ok(overflow <= 0, `${url} at 320 px: wide tables scroll inside their own box (${overflow}px)`)
      await shot(page, `${name}-320px`)
    }
  })
}
