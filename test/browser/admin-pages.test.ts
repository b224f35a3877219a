import t from 'tap'
import { ADMIN_PAGES, adminOnFilledRound, axeRecorder, browserAvailable, startLive } from '../helpers/browser.js'

// Every admin and results page on a filled round at 1280 px, with axe and screenshots; apart from the admin
// journey and the 320 px sweep (admin-narrow.test.ts) so that they run side by side.
if (!browserAvailable()) {
  t.test('admin pages in a real browser', { skip: 'Chromium is not installed (apt-get install chromium)' }, async () => {})
} else {
  t.test('every admin and results page at 1280 px: status 200 and zero axe violations', async (t) => {
    const live = await startLive(t)
    const { violations, check } = axeRecorder()
    const page = await adminOnFilledRound(live)
    const pages = ADMIN_PAGES
    for (const [url, name] of pages) {
      const res = await page.goto(live.url + url)
      t.equal(res?.status(), 200, url)
      await check(page, name)
    }
    t.same(violations, {}, 'axe: zero WCAG 2.1 A/AA violations on every admin and results page')
  })
}
