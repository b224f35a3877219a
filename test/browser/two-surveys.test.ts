import t from 'tap'
import { Respondent } from '../helpers/respondent.js'
import { ADMIN_PAGES, adminOnFilledRound, axeRecorder, browserAvailable, startLive } from '../helpers/browser.js'
import { answerExample, openExampleSurvey, tokenOf } from '../helpers/surveys.js'

// Every admin page of both surveys, open at once, in a real browser: status 200 and zero axe violations.
if (!browserAvailable()) {
  t.test('admin pages of two surveys in a real browser', { skip: 'Chromium is not installed (apt-get install chromium)' }, async () => {})
} else {
  t.test('every admin page of Internationella samarbeten and of the example survey: status 200, zero axe violations', async (t) => {
    const live = await startLive(t)
    const { violations, check } = axeRecorder()
    const page = await adminOnFilledRound(live)
    const { round } = await openExampleSurvey(live.app)
    for (const code of ['0180', '1280', '0114']) {
      const r = new Respondent(live.app)
      await r.open(await tokenOf(live.app, round.id, code))
      await answerExample(r, code)
    }
    const moduleOnly = /vanortsregister|samarbeten$|\/admin\/logg/
    const pages: Array<[string, string]> = [['/admin', 'surveys-list'], ['/admin/enkater', 'surveys-list-page']]
    for (const [slug, own] of [['internationella-samarbeten', true], ['digitalisering', false]] as const) {
      for (const [url, name] of ADMIN_PAGES) {
        if (url === '/admin/logg' || (!own && moduleOnly.test(url))) continue
        pages.push([url.replace(/^\/admin/, `/admin/${slug}`), `${slug}-${name}`])
      }
    }
    for (const [url, name] of pages) {
      const res = await page.goto(live.url + url)
      t.equal(res?.status(), 200, url)
      await check(page, name)
    }
    t.same(violations, {}, 'axe: zero WCAG 2.1 A/AA violations on every admin page of both surveys')
  })
}
