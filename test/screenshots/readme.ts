// The README's screenshots, taken from the demo season (server/demo-season.ts, its 2018 register published) in real Chromium at 1280 px (and
// 320 px for the register): `node server/build.mjs && node dist/test/screenshots/readme.js [name …]`. Writes
// public/screenshots/<name>.png; with names, only those. Not a test: tap does not run it.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { chromium, type Page } from 'playwright-core'
import { sql } from 'kysely'
import { addAdmin } from '../../server/admin/accounts.js'
import { buildApp } from '../../server/app.js'
import { loadConfig } from '../../server/config.js'
import { prepareDemoSeason } from '../../server/demo-season.js'
import { fromRoot } from '../../server/paths.js'
import { publishRegister } from '../../server/results/public-register.js'
import { reissueLink } from '../../server/survey/links.js'
import { CHROMIUM } from '../helpers/browser.js'

type Shot = (page: Page, base: string) => Promise<void>

/** Scrolls an element to the top of the viewport (less a margin), for a shot of what follows it. */
async function scrollTo (page: Page, selector: string): Promise<void> {
  await page.locator(selector).first().evaluate((el) => { window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 16) })
}

const dir = mkdtempSync(join(tmpdir(), 'enkat-screenshots-'))
const config = loadConfig({ DATABASE_PATH: join(dir, 'survey.db'), MAIL_OUTBOX_DIR: join(dir, 'outbox'), PORT: '0', LOG_LEVEL: 'warn' })
const app = await buildApp(config, { logStream: new Writable({ write (_c, _e, cb) { cb() } }) })
await app.listen({ port: 0, host: '127.0.0.1' })
const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`
await prepareDemoSeason(app.db, app.linkKey, base, new Date())
await addAdmin(app.db, 'demo@skr.se', 'demo-losenord-2018', new Date())
const first = await app.db.selectFrom('round').selectAll().orderBy('id').executeTakeFirstOrThrow()
const current = await app.db.selectFrom('round').select(['id', 'name']).orderBy('id', 'desc').executeTakeFirstOrThrow()
if (first.register_published_at === null) {
  const published = await publishRegister(app.db, first, 'demo@skr.se', new Date())
  if (!published.ok) throw new Error(published.reason)
}

const shots: Record<string, { width: number, full?: boolean, take: Shot }> = {
  'admin-dropout': { width: 1280, take: async (page, url) => { await page.goto(`${url}/admin/bortfall?omgang=${first.name}`); await scrollTo(page, 'main h2') } },
  'admin-results-kommungrupp': { width: 1280, take: async (page, url) => { await page.goto(`${url}/admin/resultat?uppdelning=kommungrupp&omgang=${first.name}`); await scrollTo(page, 'section.result:has(table.by-group) h3') } },
  register: { width: 1280, take: async (page, url) => { await page.goto(`${url}/vanortsregister`) } },
  'register-320px': { width: 320, take: async (page, url) => { await page.goto(`${url}/vanortsregister?land=CN`); await scrollTo(page, 'main h1') } },
  // Section B as the README shows it, its 15 rows from 2018 confirmed and saved (test/browser/row-list makes the same
  // files from test data).
  'respondent-b-15-rows': { width: 1280, full: true, take: async (page, url) => { await openMostRows(page, url); await savedRows(page, url) } },
  'respondent-b-15-rows-320px': { width: 320, take: async (page, url) => { await openMostRows(page, url); await savedRows(page, url) } }
}

/** Part B after its prefilled rows were all confirmed ("Ja, det finns kvar") and saved: the short list as it is kept. */
async function savedRows (page: Page, url: string): Promise<void> {
  await page.goto(`${url}/enkat/del/b`)
  for (const yes of await page.getByLabel('Ja, det finns kvar').all()) await yes.check()
  await Promise.all([page.waitForURL(/\/enkat\/del\/[c-e]$/), page.click('.actions button[value=next]')])
  await page.goto(`${url}/enkat/del/b`)
}

/** Opens, in this page, the current round's link of the kommun with the most twin-town rows in the first round (15 in the demo). */
async function openMostRows (page: Page, url: string): Promise<void> {
  const most = await app.db.selectFrom('answer_row as a').innerJoin('response as r', 'r.id', 'a.response_id').innerJoin('organisation as o', 'o.id', 'r.organisation_id')
    .select(['o.id', 'o.name', sql<number>`count(*)`.as('n')]).where('r.round_id', '=', first.id).where('a.question_id', '=', 'q04').where('o.kind', '=', 'municipality')
    .groupBy('o.id').orderBy('n', 'desc').executeTakeFirstOrThrow()
  console.log(`section B: ${most.name}, ${most.n} rows from ${first.name}`)
  const token = await reissueLink(app.db, app.linkKey, current.id, most.id, new Date())
  await page.goto(`${url}/s/${token}`)
  await Promise.all([page.waitForURL(/\/enkat$/), page.click('form[action="/enkat/oppna"] button')])
}

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] })
try {
  const wanted = process.argv.slice(2)
  for (const [name, s] of Object.entries(shots)) {
    if (wanted.length > 0 && !wanted.includes(name)) continue
    const context = await browser.newContext({ viewport: { width: s.width, height: 1000 } })
    const page = await context.newPage()
    if (!name.startsWith('respondent') && !name.startsWith('register')) {
      await page.goto(`${base}/admin/logga-in`)
      await page.fill('#email', 'demo@skr.se')
      await page.fill('#password', 'demo-losenord-2018')
      await Promise.all([page.waitForURL(/\/admin$/), page.click('button:has-text("Logga in")')])
    }
    await s.take(page, base)
    const path = fromRoot('public', 'screenshots', `${name}.png`)
    await page.screenshot({ path, fullPage: s.full === true })
    const height = await page.evaluate(() => document.documentElement.scrollHeight)
    console.log(`${path}: ${s.width} px wide, page ${height} px tall`)
    await context.close()
  }
} finally {
  await browser.close()
  await app.close()
  rmSync(dir, { recursive: true, force: true })
}
