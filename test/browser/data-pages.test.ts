import t from 'tap'
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'
import type { Page } from 'playwright-core'
import { reissueLink } from '../../server/survey/links.js'
import { requireCurrentRound } from '../../server/survey/rounds.js'
import { ADMIN_PAGES, adminOnFilledRound, browserAvailable, newPage, openLinkIn, startLive, tabTo } from '../helpers/browser.js'

// Pages that show all their data (issue 26), on a filled round at 1280 and 320 px: no sideways page scroll, no
// table that hides columns at 1280 px without a scroll cue (and none at all on the pages whose key column was cut
// off), chart and map text at least 14 px as drawn, at most one region landmark per chapter, focus rings 3:1
// against what they sit on; the register map's classes fixed across filters; the printed report.

const PUBLIC_PAGES = ['/vanortsregister', '/vanortsregister?lan=01', '/tillganglighet']
// Pages whose main figure was out of sight at 1280 px: here no table may scroll at all.
const NO_SCROLL_AT_1280 = ['/admin', '/admin/bortfall', '/admin/resultat?uppdelning=kommungrupp', '/admin/partiellt-bortfall', '/vanortsregister']

interface PageState { overflow: number, hidden: string[], uncued: string[], smallText: string[], regions: number, chapters: number }

/** What the page shows now: sideways overflow, scrolling tables (with and without cue), SVG text drawn under 14 px, landmarks. */
async function pageState (page: Page): Promise<PageState> {
  return await page.evaluate(() => {
    const visible = (el: Element): boolean => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden'
    const wraps = Array.from(document.querySelectorAll('.table-wrap')).filter((el) => el.scrollWidth > el.clientWidth + 1)
    const name = (el: Element): string => document.getElementById(el.getAttribute('aria-labelledby') ?? '')?.textContent?.trim() ?? '?'
    const cued = (el: Element): boolean => {
      const cue = el.previousElementSibling
      return el.classList.contains('scrolls') && el.getAttribute('tabindex') === '0' && cue?.classList.contains('scroll-cue') === true && visible(cue)
    }
    const smallText = Array.from(document.querySelectorAll('svg text')).filter(visible).flatMap((el) => {
      const text = el as SVGTextElement
      const scale = text.getScreenCTM()?.a ?? 1
      const px = Number.parseFloat(getComputedStyle(text).fontSize) * scale
      return px < 14 ? [`${text.textContent} (${px.toFixed(1)} px)`] : []
    })
    const regions = Array.from(document.querySelectorAll('section[aria-labelledby], section[aria-label], [role=region]')).length
    return {
      overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      hidden: wraps.map((el) => `${name(el)} (${el.scrollWidth} of ${el.clientWidth} px)`),
      uncued: wraps.filter((el) => !cued(el)).map(name),
      smallText: smallText.slice(0, 5),
      regions,
      chapters: document.querySelectorAll('main h2').length
    }
  })
}

/** WCAG contrast ratio of two CSS colours (rgb/rgba strings as computed). */
function contrast (a: string, b: string): number {
  const lum = (c: string): number => {
    const [r, g, bl] = (c.match(/[\d.]+/g) ?? ['0', '0', '0']).slice(0, 3).map((v) => {
      const x = Number(v) / 255
      return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4
    })
    return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (bl ?? 0)
  }
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x)
  return ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05)
}

/** The focused element's outline colour and the background it sits on (the nearest ancestor with one). */
async function focusRing (page: Page): Promise<{ what: string, ring: string, background: string }> {
  return await page.evaluate(() => {
    const el = document.activeElement as HTMLElement
    const s = getComputedStyle(el)
    let bg = 'rgb(255, 255, 255)'
    for (let p = el.parentElement; p !== null; p = p.parentElement) {
      const c = getComputedStyle(p).backgroundColor
      if (c !== 'transparent' && !/rgba\(.*, 0\)$/.test(c)) { bg = c; break }
    }
    return { what: `${el.tagName.toLowerCase()} "${(el.textContent ?? '').trim().slice(0, 30)}"`, ring: s.outlineStyle !== 'none' && Number.parseFloat(s.outlineWidth) >= 2 ? s.outlineColor : 'none', background: bg }
  })
}

if (!browserAvailable()) {
  t.test('data pages in a real browser', { skip: 'Chromium is not installed (apt-get install chromium)' }, async () => {})
} else {
  t.test('data pages at 1280 and 320 px: width, scroll cues, chart text, landmarks', async (t) => {
    const live = await startLive(t)
    const admin = await adminOnFilledRound(live)
    await live.app.db.updateTable('round').set({ register_published_at: new Date().toISOString(), register_published_by: 'admin@skr.se' }).execute()
    const cookies = await admin.context().cookies()
    for (const width of [1280, 320]) {
      const { page, context } = await newPage(live, { width, height: 900 })
      await context.addCookies(cookies)
      for (const url of [...ADMIN_PAGES.map(([u]) => u), ...PUBLIC_PAGES]) {
        const res = await page.goto(live.url + url)
        t.equal(res?.status(), 200, `${url} answers`)
        const s = await pageState(page)
        t.ok(s.overflow <= 0, `${url} at ${width} px: no sideways page scroll (${s.overflow} px)`)
        t.same(s.uncued, [], `${url} at ${width} px: every table that scrolls says so and is a tab stop`)
        t.same(s.smallText, [], `${url} at ${width} px: chart and map text at least 14 px as drawn`)
        t.ok(s.regions <= Math.max(1, s.chapters), `${url} at ${width} px: at most one region landmark per chapter (${s.regions} regions, ${s.chapters} chapters)`)
        if (width === 1280 && NO_SCROLL_AT_1280.includes(url)) t.same(s.hidden, [], `${url} at 1280 px: no table hides a column`)
      }
      await context.close()
    }
  })

  t.test('focus rings are 3:1 against the header, the menu and the page', async (t) => {
    const live = await startLive(t)
    const page = await adminOnFilledRound(live)
    await page.goto(`${live.url}/admin/bortfall`)
    for (const selector of ['.header-logout button', '.admin-nav a[href="/admin"]', 'main summary', '.footer-links a']) {
      await tabTo(page, selector, 200)
      const f = await focusRing(page)
      t.not(f.ring, 'none', `${f.what}: an outline`)
      t.ok(contrast(f.ring, f.background) >= 3, `${f.what}: ring ${f.ring} on ${f.background} is ${contrast(f.ring, f.background).toFixed(2)}:1`)
    }
  })

  t.test('respondent: a save is announced, the task list names a saved part', async (t) => {
    const live = await startLive(t)
    const round = await requireCurrentRound(live.app.db)
    const org = await live.app.db.selectFrom('organisation').select('id').where('code', '=', '0180').executeTakeFirstOrThrow()
    const token = await reissueLink(live.app.db, live.app.linkKey, round.id, org.id, new Date())
    const { page } = await newPage(live)
    await openLinkIn(page, `${live.url}/s/${token}`)
    await page.goto(`${live.url}/enkat/del/a`)
    await Promise.all([page.waitForURL(/\/enkat\/del\/[b-e]/), page.click('.actions button[value=next]')])
    await page.goto(`${live.url}/enkat/del/a?sparat=1`)
    const focused = await page.evaluate(() => { const el = document.activeElement; return el?.matches('.notice[role=status]') === true ? el.textContent ?? '' : el?.tagName ?? '' })
    t.match(focused, 'Svaren är sparade', 'the saved notice takes focus, so a screen reader reads it')
    await page.goto(`${live.url}/enkat`)
    const tasks = await page.locator('.task-list').ariaSnapshot()
    t.match(tasks, /Del A\. Internationellt engagemang[\s\S]*Sparad/, 'a saved part is named as saved in the task list')
    t.notMatch(tasks, '✓', 'no glyph is read out')
  })

  t.test('the register map: fixed classes whatever the filter, each darker than the one before', async (t) => {
    const live = await startLive(t)
    await adminOnFilledRound(live)
    await live.app.db.updateTable('round').set({ register_published_at: new Date().toISOString(), register_published_by: 'admin@skr.se' }).execute()
    const { page } = await newPage(live)
    const legendOf = async (url: string): Promise<{ legend: Array<{ label: string, colour: string }>, fills: Record<string, string> }> => {
      await page.goto(live.url + url)
      return await page.evaluate(() => ({
        legend: Array.from(document.querySelectorAll('.map-key')).map((k) => ({ label: k.textContent?.trim() ?? '', colour: getComputedStyle(k.querySelector('.swatch') as Element).backgroundColor })),
        fills: Object.fromEntries(Array.from(document.querySelectorAll('path[data-class]')).map((p) => [p.getAttribute('data-class'), getComputedStyle(p).fill]))
      }))
    }
    const all = await legendOf('/vanortsregister')
    const county = await legendOf('/vanortsregister?lan=01')
    t.same(all.legend.map((l) => l.label), ['0', '1', '2–4', '5–9', '10–24', '25 eller fler'], 'the fixed classes')
    t.same(county.legend, all.legend, 'the same classes and colours with a filter')
    for (const [cls, fill] of Object.entries(county.fills)) t.equal(fill, all.legend[Number(cls)]?.colour, `class ${cls} on the map has its legend colour`)
    const colours = all.legend.map((l) => l.colour)
    for (let i = 1; i < colours.length; i++) {
      const c = contrast(colours[i] ?? '', colours[i - 1] ?? '')
      // Six classes from white to black can differ at most about 1.84:1 each; 3:1 is possible only for three.
      t.ok(c >= 1.75, `${all.legend[i]?.label} against ${all.legend[i - 1]?.label}: ${c.toFixed(2)}:1`)
    }
    const outline = await page.evaluate(() => getComputedStyle(document.querySelector('.world-map g') as Element).stroke)
    t.ok(contrast(outline, 'rgb(255, 255, 255)') >= 3, `country outlines ${outline} are 3:1 on the white page`)
    t.ok(await page.locator('svg.world-map').count() === 2, 'a world map and a map of Europe')
  })

  t.test('the printed report: fewer pages than the 42 of the issue, no chart on another page than its table', async (t) => {
    const live = await startLive(t)
    const page = await adminOnFilledRound(live)
    await page.goto(`${live.url}/admin/resultat/rapport`)
    await page.emulateMedia({ media: 'print' })
    // Every heading of the report in order, and which of them head a result with a chart.
    const headings = await page.evaluate(() => Array.from(document.querySelectorAll('.report h2, .report h3')).map((h) => ({
      text: h.textContent ?? '', chart: h.closest('.result:not(.trend)')?.querySelector('svg.chart') != null
    })))
    const pdf = await page.pdf({ format: 'A4', printBackground: true })
    const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: true }).promise
    t.ok(doc.numPages < 42, `${doc.numPages} A4 pages`)
    let full = ''
    const pageAt: number[] = []
    for (let n = 1; n <= doc.numPages; n++) {
      for (const item of (await (await doc.getPage(n)).getTextContent()).items) {
        if (!('str' in item)) continue
        const text = item.str.replace(/\s+/g, '')
        full += text
        for (let k = 0; k < text.length; k++) pageAt.push(n)
      }
    }
    // A result's text runs from its heading to its chart's legend (the last "Landsting/regioner" before the next
    // heading; the chart may be drawn before or after the table): all of it must be on one page.
    const apart: string[] = []
    let at = 0
    const found = headings.map((h) => {
      const title = h.text.replace(/\s+/g, '')
      const start = full.indexOf(title, at)
      if (start >= 0) at = start + title.length
      return { ...h, title, start }
    })
    found.forEach((h, i) => {
      if (!h.chart) return
      if (h.start < 0) { apart.push(`${h.title}: not found`); return }
      const next = found.slice(i + 1).find((x) => x.start >= 0)?.start ?? full.length
      const end = full.lastIndexOf('Landsting/regioner', next)
      if (end < h.start) { apart.push(`${h.title}: no chart legend`); return }
      if (pageAt[h.start] !== pageAt[end]) apart.push(`${h.title}: starts on page ${pageAt[h.start]}, its chart ends on page ${pageAt[end]}`)
    })
    const titles = found.filter((h) => h.chart)
    t.ok(titles.length >= 10, `${titles.length} tables with charts`)
    t.same(apart, [], 'every chart on the page of its table')
  })
}
