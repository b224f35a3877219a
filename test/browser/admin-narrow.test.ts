import t from 'tap'
import { fillSyntheticRound } from '../../server/results/synthetic.js'
import { currentRound } from '../../server/survey/rounds.js'
import { browserAvailable, newPage, shot, startLive } from '../helpers/browser.js'

// Every admin and results page on a filled round, 320 px wide: wide tables scroll inside their own box and the
// page never scrolls sideways; a screenshot of each.
if (!browserAvailable()) {
  t.test('admin pages at 320 px', { skip: 'Chromium is not installed (apt-get install chromium)' }, async () => {})
} else {
  t.test('every admin and results page at 320 px: no sideways scroll', async (t) => {
    const live = await startLive(t)
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
    const narrow = await newPage(live, { width: 320, height: 800 })
    await narrow.context.addCookies(await page.context().cookies())
    for (const [url, name] of pages) {
      await narrow.page.goto(live.url + url)
      const overflow = await narrow.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
      t.ok(overflow <= 0, `${url} at 320 px: wide tables scroll inside their own box (${overflow}px)`)
      await shot(narrow.page, `${name}-320px`)
    }
    await narrow.context.close()
  })
}
