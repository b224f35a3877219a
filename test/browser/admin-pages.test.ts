import t from 'tap'
import type { Page } from 'playwright-core'
import { fillSyntheticRound } from '../../server/results/synthetic.js'
import { currentRound } from '../../server/survey/rounds.js'
import { axe, browserAvailable, newPage, shot, startLive } from '../helpers/browser.js'

// Every admin and results page on a filled round at 1280 px, with axe and screenshots; apart from the admin
// journey and the 320 px sweep (admin-narrow.test.ts) so that they run side by side.
if (!browserAvailable()) {
  t.test('admin pages in a real browser', { skip: 'Chromium is not installed (apt-get install chromium)' }, async () => {})
} else {
  t.test('every admin and results page at 1280 px: status 200 and zero axe violations', async (t) => {
    const live = await startLive(t)
    const violations: Record<string, string[]> = {}
    const check = async (page: Page, state: string): Promise<void> => {
      const v = await axe(page)
      if (v.length > 0) violations[state] = v
      await shot(page, state)
    }
    const { page } = await newPage(live)
    await page.goto(`${live.url}/admin/logga-in`)
    await page.fill('#email', 'admin@skr.se')
    await page.fill('#password', 'browser-test-lösenord')
    await page.click('button:has-text("Logga in")')
    t.equal(new URL(page.url()).pathname, '/admin')
    await fillSyntheticRound(live.app.db, (await currentRound(live.app.db))!.id)
    const pages: Array<[string, string]> = [
      ['/admin', 'admin-overview'], ['/admin/bortfall', 'admin-dropout'], ['/admin/svarskurva', 'admin-curve'], ['/admin/partiellt-bortfall', 'admin-item-nonresponse'],
      ['/admin/organisationer', 'admin-organisations'], ['/admin/organisationer/0180', 'admin-organisation'], ['/admin/utskick', 'admin-mailings'],
      ['/admin/logg', 'admin-audit'], ['/admin/resultat', 'admin-results'], ['/admin/resultat?uppdelning=kommungrupp', 'admin-results-kommungrupp'],
      ['/admin/resultat/rapport', 'admin-report'], ['/admin/resultat/vanortsregister', 'admin-register'], ['/admin/resultat/samarbeten', 'admin-collaborations'],
      ['/admin/resultat/fritext', 'admin-free-text']
    ]
    for (const [url, name] of pages) {
      const res = await page.goto(live.url + url)
      t.equal(res?.status(), 200, url)
      await check(page, name)
    }
    t.same(violations, {}, 'axe: zero WCAG 2.1 A/AA violations on every admin and results page')
  })
}
