import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { AxeBuilder } from '@axe-core/playwright'
import type { FastifyInstance } from 'fastify'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { addAdmin } from '../../server/admin/accounts.js'
import { buildApp } from '../../server/app.js'
import { loadConfig, type Config } from '../../server/config.js'
import { fromRoot } from '../../server/paths.js'
import { fillSyntheticRound } from '../../server/results/synthetic.js'
import { tempDir, testEnv } from './app.js'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const ARTIFACTS = fromRoot('test-artifacts', 'screenshots')

/** Whether browser tests can run; in CI a missing browser is a failure, not a skip. */
export function browserAvailable (): boolean {
  if (existsSync(CHROMIUM)) return true
  if (process.env.CI === 'true') throw new Error(`Chromium not found at ${CHROMIUM}: .ci/run must install it`)
  return false
}

export interface Live {
  app: FastifyInstance
  config: Config
  url: string
  browser: Browser
  dir: string
}

interface Teardown { teardown: (fn: () => unknown) => void }

/** The real server on a free port with its own database and mail folder, and a headless Chromium. */
export async function startLive (t: Teardown): Promise<Live> {
  const dir = tempDir(t)
  const config = loadConfig(testEnv(dir))
  const app = await buildApp(config, { mailIntervalMs: 100, logStream: new Writable({ write (_c, _e, cb) { cb() } }) })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const port = (app.server.address() as { port: number }).port
  const url = `http://127.0.0.1:${port}`
  ;(config as { publicUrl: string }).publicUrl = url
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic']
  })
  t.teardown(async () => { await browser.close(); await app.close() })
  await addAdmin(app.db, 'admin@skr.se', 'browser-test-lösenord', new Date())
  return { app, config, url, browser, dir }
}

/** A fresh context: JavaScript on or off, and an optional viewport. */
export async function newPage (live: Live, opts: { javaScript?: boolean, width?: number, height?: number, scale?: number } = {}): Promise<{ context: BrowserContext, page: Page }> {
  const context = await live.browser.newContext({
    javaScriptEnabled: opts.javaScript ?? true,
    viewport: { width: opts.width ?? 1280, height: opts.height ?? 900 },
    deviceScaleFactor: opts.scale ?? 1,
    acceptDownloads: true,
    locale: 'sv-SE'
  })
  context.setDefaultTimeout(15_000)
  return { context, page: await context.newPage() }
}

/**
 * WCAG 2.1 A and AA violations on the page as it is now, as short strings. axe needs JavaScript, so a page
 * of a JavaScript-off context is checked by loading the same address with the same cookies in a twin context.
 */
const twins = new WeakMap<BrowserContext, Page>()

export async function axe (page: Page, javaScript = true): Promise<string[]> {
  let target = page
  if (!javaScript) {
    // One twin per JavaScript-off context, kept for its later pages: its cookies are brought up to date each time.
    const context = page.context()
    let twin = twins.get(context)
    if (twin === undefined) {
      const made = await context.browser()!.newContext({ javaScriptEnabled: true, viewport: page.viewportSize() ?? undefined })
      twin = await made.newPage()
      twins.set(context, twin)
      context.once('close', () => { void made.close() })
    }
    await twin.context().clearCookies()
    await twin.context().addCookies(await context.cookies())
    target = twin
    await target.goto(page.url())
  }
  // Every rule runs on the whole page. On pages with large tables, colour contrast, which then costs nine tenths
  // of the time (7 s of 8 on one results page), is checked on the first three rows and four columns of each table
  // body: every further cell is the same template line with the same styles, so it can pass or fail only as those do.
  const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']
  if (await target.locator('tbody > tr').count() < 60) {
    const all = await new AxeBuilder({ page: target }).withTags(tags).analyze()
    return all.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`)
  }
  const rest = await new AxeBuilder({ page: target }).withTags(tags).disableRules(['color-contrast']).analyze()
  const contrast = await new AxeBuilder({ page: target }).withRules(['color-contrast']).exclude('tbody > tr:nth-child(n+4)').exclude('tbody > tr > :nth-child(n+5)').analyze()
  return [...rest.violations, ...contrast.violations].map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`)
}

/** Opens a personal link as a person does: its page, then its button ("Öppna enkäten", or "Läs era svar" in a closed round) unless a session goes straight on. */
export async function openLinkIn (page: Page, url: string, check?: (page: Page) => Promise<void>): Promise<void> {
  await page.goto(url)
  const button = page.locator('form[action="/enkat/oppna"] button')
  if (await button.count() === 0) return
  if (check !== undefined) await check(page)
  await Promise.all([page.waitForURL(/\/enkat$/), button.click()])
}

/** Saves a screenshot as a test artifact. */
export async function shot (page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true })
  const path = join(ARTIFACTS, `${name}.png`)
  try {
    await page.screenshot({ path, fullPage: true })
  } catch {
    // Chromium sometimes cannot capture a very tall page on a busy machine ("Unable to capture screenshot"); the
    // artifact is then the visible part. A second failure is a real one.
    await page.screenshot({ path })
  }
}

/** The personal link from the newest .eml in the outbox addressed to this address. */
export function linkFromOutbox (outboxDir: string, address: string): string {
  const files = readdirSync(outboxDir).filter((f) => f.endsWith('.eml')).sort()
  for (const f of files.reverse()) {
    const raw = readFileSync(join(outboxDir, f), 'latin1')
    if (!raw.includes(address)) continue
    const text = Buffer.from(raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8')
    const m = /https?:\/\/[^\s"<]+\/s\/[A-Za-z0-9_-]{43}/.exec(text)
    if (m !== null) return m[0]
  }
  throw new Error(`no link for ${address} in ${outboxDir}`)
}

/** Presses Tab until the focused element matches, as a keyboard user would; fails after a limit. */
export async function tabTo (page: Page, selector: string, limit = 80): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return
    await page.keyboard.press('Tab')
  }
  throw new Error(`Tab never reached ${selector}`)
}

/** Whether the focused element shows a visible focus indicator. */
export async function focusVisible (page: Page): Promise<boolean> {
  return await page.evaluate(() => {
    const el = document.activeElement
    if (el === null) return false
    const s = getComputedStyle(el)
    return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none'
  })
}

/** Every admin and results page with its screenshot name, for the page sweeps. */
export const ADMIN_PAGES: Array<[string, string]> = [
  ['/admin', 'admin-overview'], ['/admin/bortfall', 'admin-dropout'], ['/admin/svarskurva', 'admin-curve'], ['/admin/partiellt-bortfall', 'admin-item-nonresponse'],
  ['/admin/organisationer', 'admin-organisations'], ['/admin/organisationer/0180', 'admin-organisation'], ['/admin/utskick', 'admin-mailings'],
  ['/admin/omgang', 'admin-round'], ['/admin/logg', 'admin-audit'], ['/admin/resultat', 'admin-results'], ['/admin/resultat?uppdelning=kommungrupp', 'admin-results-kommungrupp'],
  ['/admin/resultat/rapport', 'admin-report'], ['/admin/resultat/vanortsregister', 'admin-register'], ['/admin/resultat/samarbeten', 'admin-collaborations'],
  ['/admin/resultat/fritext', 'admin-free-text'], ['/admin/resultat/omgangar', 'admin-rounds-compared']
]

/** A page logged in as the live server's admin, on a round filled with the synthetic answers. */
export async function adminOnFilledRound (live: Live, viewport?: { width: number, height: number }): Promise<Page> {
  const { page } = await newPage(live, viewport ?? {})
  await page.goto(`${live.url}/admin/logga-in`)
  await page.fill('#email', 'admin@skr.se')
  await page.fill('#password', 'browser-test-lösenord')
  await page.click('button:has-text("Logga in")')
  if (new URL(page.url()).pathname !== '/admin') throw new Error(`login failed: ${page.url()}`)
  const round = await live.app.db.selectFrom('round').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()
  await fillSyntheticRound(live.app.db, round.id)
  return page
}

/** Checks page states with axe and keeps a screenshot of each; the violations by state are asserted empty at the end. */
export function axeRecorder (): { violations: Record<string, string[]>, check: (page: Page, state: string, javaScript?: boolean) => Promise<void> } {
  const violations: Record<string, string[]> = {}
  return {
    violations,
    check: async (page, state, javaScript = true) => {
      const v = await axe(page, javaScript)
      if (v.length > 0) violations[state] = v
      await shot(page, state)
    }
  }
}

/**
 * What a page shows badly at the current width: how far it scrolls sideways, and the words in table cells and
 * answer lists that the browser broke over two lines (a word whose rectangles lie on more than one line).
 */
export async function layoutProblems (page: Page): Promise<{ overflow: number, brokenWords: string[] }> {
  return await page.evaluate(() => {
    const overflow = document.documentElement.scrollWidth - document.documentElement.clientWidth
    const brokenWords: string[] = []
    for (const cell of Array.from(document.querySelectorAll('th, td, .task, .answers dt'))) {
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT)
      for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
        const text = node.textContent ?? ''
        // A word may break after a hyphen between letters ("EU-/finansierat"), as Swedish typography allows; a
        // number or date may not ("2026-/11-29").
        for (const m of text.matchAll(/[\p{L}\d][\p{L}\d.,:/%()]*(?:-(?=\d)[\p{L}\d.,:/%()]*)*|[^\s\p{L}\d]+/gu)) {
          const range = document.createRange()
          range.setStart(node, m.index ?? 0)
          range.setEnd(node, (m.index ?? 0) + m[0].length)
          const tops = new Set(Array.from(range.getClientRects()).filter((r) => r.width > 0).map((r) => Math.round(r.top)))
          if (tops.size > 1) brokenWords.push(m[0])
        }
      }
    }
    return { overflow, brokenWords }
  })
}
