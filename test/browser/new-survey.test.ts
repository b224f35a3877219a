import t from 'tap'
import { fromRoot } from '../../server/paths.js'
import { adminOnFilledRound, axeRecorder, browserAvailable, startLive } from '../helpers/browser.js'

// Admin → Enkäter → Ny enkät in a real browser: the upload, its error page, the review, a preview, the created
// survey before its first round; every state with zero axe violations.
if (!browserAvailable()) {
  t.test('a new survey in a real browser', { skip: 'Chromium is not installed (apt-get install chromium)' }, async () => {})
} else {
  t.test('a new survey from its file in a real browser: every state without axe violations', async (t) => {
    const live = await startLive(t)
    const { violations, check } = axeRecorder()
    const page = await adminOnFilledRound(live)
    const example = fromRoot('server', 'questionnaire', 'examples', 'digitalisering.json')

    await page.goto(`${live.url}/admin/enkater`)
    await page.click('a:has-text("Skapa en ny enkät")')
    t.equal(new URL(page.url()).pathname, '/admin/enkater/ny')
    await check(page, 'new-survey-upload')

    await page.fill('#kortnamn', 'Digitalisering!')
    await page.setInputFiles('#file', example)
    await page.click('button:has-text("Ladda upp och granska")')
    t.match(await page.textContent('.error-summary'), 'Kortnamn: använd små bokstäver')
    t.equal(await page.inputValue('#kortnamn'), 'Digitalisering!', 'what was typed is kept')
    await check(page, 'new-survey-upload-error')

    await page.fill('#kortnamn', 'digitalisering')
    await page.setInputFiles('#file', example)
    await page.click('button:has-text("Ladda upp och granska")')
    t.match(new URL(page.url()).pathname, /^\/admin\/enkater\/ny\/[0-9a-f]{64}$/)
    t.match(await page.textContent('h1'), 'Ny enkät: Digitalisering i kommuner och regioner')
    await check(page, 'new-survey-review')

    await page.click('a:has-text("Som region") >> nth=0')
    t.match(await page.textContent('.notice'), 'Förhandsvisning som en region ser delen')
    await check(page, 'new-survey-preview-region')
    await page.click('a:has-text("Tillbaka till granskningen")')
    await page.click('button:has-text("Skapa enkäten")')
    t.equal(new URL(page.url()).pathname, '/admin/enkater')
    t.match(await page.textContent('main'), 'Enkäten Digitalisering i kommuner och regioner är skapad')
    await check(page, 'new-survey-created')

    const overview = await page.goto(`${live.url}/admin/digitalisering`)
    t.equal(overview?.status(), 200)
    t.match(await page.textContent('main'), 'Enkäten har ingen omgång än')
    await check(page, 'new-survey-no-round')
    await page.click('a:has-text("Skapa den första omgången")')
    t.equal(new URL(page.url()).pathname, '/admin/digitalisering/omgang')
    t.match(await page.textContent('h1'), 'Första omgången')
    await check(page, 'new-survey-first-round')
    t.same(violations, {}, 'axe: zero WCAG 2.1 A/AA violations')
  })
}
