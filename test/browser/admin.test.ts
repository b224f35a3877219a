import { readFileSync } from 'node:fs'
import ExcelJS from 'exceljs'
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'
import t from 'tap'
import { fillSyntheticRound } from '../../server/results/synthetic.js'
import { currentRound } from '../../server/survey/rounds.js'
import { axeRecorder, browserAvailable, newPage, startLive } from '../helpers/browser.js'

if (!browserAvailable()) {
  t.test('admin journey in a real browser', { skip: 'Chromium is not installed (apt-get install chromium)' }, async () => {})
} else {
  t.test('admin journey in a real browser: login, import, preview and send, overview, dropout, results, downloads', async (t) => {
    const live = await startLive(t)
    const { violations, check } = axeRecorder()
    const { page } = await newPage(live)
    await page.goto(`${live.url}/admin`)
    t.match(page.url(), /\/admin\/logga-in/)
    await check(page, 'admin-login')
    await page.fill('#email', 'admin@skr.se')
    await page.fill('#password', 'fel')
    await page.click('button:has-text("Logga in")')
    t.match(await page.textContent('main'), 'Fel e-postadress eller lösenord')
    await check(page, 'admin-login-error')
    await page.fill('#password', 'browser-test-lösenord')
    await page.click('button:has-text("Logga in")')
    t.equal(new URL(page.url()).pathname, '/admin')
    t.match(await page.textContent('main'), '0 av 290 kommuner (0 %)')
    await check(page, 'admin-overview-empty')

    await page.click('nav.admin-nav >> text=Importera kontakter')
    await page.setInputFiles('#file', { name: 'kontakter.csv', mimeType: 'text/csv', buffer: Buffer.from('kod;e-post;namn\n0180;a@stockholm.se;Anna\n0000;fel@x.se;\n') })
    await page.click('button:has-text("Importera")')
    t.match(await page.textContent('main'), 'Rad 3: okänd kod')
    await check(page, 'admin-import-error')
    await page.setInputFiles('#file', { name: 'kontakter.csv', mimeType: 'text/csv', buffer: Buffer.from('\uFEFFkod;e-post;namn\r\n0180;a@stockholm.se;Anna\r\n1480;g@goteborg.se;\r\n12;r@skane.se;Rut\r\n') })
    await page.click('button:has-text("Importera")')
    t.match(await page.textContent('main'), 'Importerade 3 kontakter')
    await check(page, 'admin-import')

    await page.goto(`${live.url}/admin/utskick/invitation`)
    t.match(await page.textContent('#mottagare'), '3 organisationer och 3 adresser')
    await page.selectOption('#org', '12')
    await page.click('button:has-text("Visa")')
    t.match(await page.textContent('.mail-preview'), 'Enkäten gäller: Region Skåne')
    await check(page, 'admin-mailing-preview')
    await page.check('#confirm')
    await page.click('button:has-text("Skicka inbjudan")')
    t.match(await page.textContent('main'), 'Skicka')
    await page.goto(`${live.url}/admin/utskick/reminder-1`)
    await page.check('#confirm')
    await page.click('button:has-text("Skicka påminnelse 1")')
    t.match(await page.textContent('.error-summary'), 'minst 7 dagar')
    await check(page, 'admin-mailing-refused')
    await page.check('#confirm')
    await page.check('#override')
    await page.click('button:has-text("Skicka påminnelse 1")')
    t.match(await page.textContent('main'), 'minsta intervall åsidosatt')
    for (let i = 0; i < 50; i++) {
      const left = await live.app.db.selectFrom('outbox_message').select('id').where('status', 'in', ['queued', 'sending']).execute()
      if (left.length === 0) break
      await page.waitForTimeout(100)
    }
    const sent = await live.app.db.selectFrom('outbox_message').select(['status']).execute()
    t.equal(sent.filter((s) => s.status === 'sent').length, 6, 'invitation and reminder 1 went out to three addresses each')

    await fillSyntheticRound(live.app.db, (await currentRound(live.app.db))!.id)
    await page.goto(`${live.url}/admin`)
    t.match(await page.textContent('main'), /2\d\d av 290 kommuner/)
    await page.goto(`${live.url}/admin/bortfall`)
    t.match(await page.textContent('main'), /tecken på ojämnt bortfall/i)

    await page.goto(`${live.url}/admin/resultat`)
    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.click('a[href="/admin/resultat/results.csv"]')])
    const csv = readFileSync(await csvDownload.path(), 'utf8')
    t.match(csv, /^\uFEFFquestion,option,group,unit,base,count,percent,question_text,option_text/)
    t.match(csv, 'engagement,twin_or_partnership,kommuner,organisations,213,146,68.5')
    const [xlsxDownload] = await Promise.all([page.waitForEvent('download'), page.click('a[href="/admin/resultat/results.xlsx"]')])
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(await xlsxDownload.path())
    t.ok(wb.getWorksheet('Engagemang'), 'the workbook opens')

    // The report printed as a PDF (A4): several pages, chapters on their own pages, no table or chart split.
    await page.goto(`${live.url}/admin/resultat/rapport`)
    await page.emulateMedia({ media: 'print' })
    const avoid = await page.evaluate(() => Array.from(document.querySelectorAll('table, svg.chart')).every((el) => getComputedStyle(el).breakInside === 'avoid'))
    t.ok(avoid, 'no table or chart may be split over two pages')
    t.equal(await page.evaluate(() => getComputedStyle(document.querySelector('.report-chapter') as Element).breakBefore), 'page', 'chapters start on a new page')
    t.equal(await page.evaluate(() => getComputedStyle(document.querySelector('.no-print') as Element).display), 'none', 'screen notes are not printed')
    const pdf = await page.pdf({ format: 'A4', printBackground: true })
    // Where the pages really break: each table's title and its "Bas" row are on one page (charts cannot be split);
    // every chapter and the appendix are in the PDF.
    const titles = await page.evaluate(() => Array.from(document.querySelectorAll('.report .result:not(.trend) h3')).map((h) => h.textContent ?? ''))
    const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: true }).promise
    const items: Array<{ page: number, text: string }> = []
    for (let n = 1; n <= doc.numPages; n++) {
      for (const item of (await (await doc.getPage(n)).getTextContent()).items) if ('str' in item && item.str.trim() !== '') items.push({ page: n, text: item.str.trim() })
    }
    t.ok(doc.numPages >= 6, `a PDF of ${doc.numPages} A4 pages`)
    for (const heading of ['Sammanfattning', '1. Inledning och metod', '2. Internationellt engagemang', 'Bilaga: Enkäten']) t.ok(items.some((i) => i.text === heading), `${heading} is printed`)
    t.ok(titles.length >= 10)
    // The printed text as one string without spaces (titles wrap over lines, and the PDF's text splits "fi"
    // ligatures), with the page of every character.
    let full = ''
    const pageAt: number[] = []
    for (const i of items) { const text = i.text.replace(/\s+/g, ''); full += text; for (let k = 0; k < text.length; k++) pageAt.push(i.page) }
    let at = 0
    const split: string[] = []
    for (const title of titles.map((x) => x.replace(/\s+/g, ''))) {
      const start = full.indexOf(title, at)
      const base = start < 0 ? -1 : full.slice(start + title.length).search(/Bas\d/) + start + title.length
      if (start < 0 || base < start + title.length) { split.push(`${title}: not found`); continue }
      if (pageAt[start] !== pageAt[base]) split.push(`${title}: title on page ${pageAt[start]}, its last row on page ${pageAt[base]}`)
      at = base
    }
    t.same(split, [], 'no table split over two pages, and every heading on the page of its table')
    await page.emulateMedia({ media: 'screen' })

    await page.click('button:has-text("Logga ut")')
    t.match(page.url(), /\/admin\/logga-in/)
    t.same(violations, {}, 'axe: zero WCAG 2.1 A/AA violations on every admin and results page')
  })
}
