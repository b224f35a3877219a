import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { fromRoot } from '../../server/paths.js'
import { fillSyntheticRound } from '../../server/results/synthetic.js'
import { reissueLink } from '../../server/survey/links.js'
import { requireCurrentRound } from '../../server/survey/rounds.js'
import { AdminClient, createAdmin } from '../helpers/admin.js'
import { buildTestApp, tempDir } from '../helpers/app.js'
import { ADMIN_PAGES } from '../helpers/browser.js'
import { Respondent } from '../helpers/respondent.js'

// Every page state the browser tests visit, checked by the W3C Nu HTML checker (vnu.jar from npm, run by Debian's
// Java): no errors.
function javaAvailable (): boolean {
  if (spawnSync('java', ['-version']).status === 0) return true
  if (process.env.CI === 'true') throw new Error('Java not found: .ci/run must install default-jre-headless')
  return false
}

if (!javaAvailable()) {
  t.test('HTML validity', { skip: 'Java is not installed (apt-get install default-jre-headless)' }, async () => {})
} else {
  t.test('every admin, results, respondent and error page is valid HTML (Nu HTML checker, no errors)', async (t) => {
    const { app } = await buildTestApp(t)
    const dir = join(tempDir(t), 'pages')
    mkdirSync(dir)
    const pages: Array<[string, string]> = []
    const keep = (name: string, html: string): void => { pages.push([name, html]) }
    const round = await requireCurrentRound(app.db)
    const org = await app.db.selectFrom('organisation').select('id').where('code', '=', '0115').executeTakeFirstOrThrow()
    const token = await reissueLink(app.db, app.linkKey, round.id, org.id, new Date())
    keep('home', (await app.inject({ url: '/' })).body)
    keep('accessibility', (await app.inject({ url: '/tillganglighet' })).body)
    keep('personal-data', (await app.inject({ url: '/personuppgifter' })).body)
    keep('link-page', (await app.inject({ url: `/s/${token}` })).body)
    keep('link-not-found', (await app.inject({ url: `/s/${'x'.repeat(43)}` })).body)
    keep('not-found', (await app.inject({ url: '/finns-inte' })).body)
    keep('session-expired', (await app.inject({ url: '/enkat/del/a' })).body)
    const r = new Respondent(app)
    await r.open(token)
    keep('respondent-start', (await r.get('/enkat')).body)
    await r.saveSection('a', [['q01', 'yes'], ['q02', 'yes']])
    for (const s of ['a', 'b', 'c', 'd', 'e']) keep(`respondent-${s}`, (await r.get(`/enkat/del/${s}`)).body)
    keep('respondent-errors', (await r.saveSection('b', [['q04.0.partner', ''], ['q04.0.country', 'Atlantis'], ['q05', 'x']])).body)
    keep('respondent-saved-notice', (await r.get('/enkat/del/b?sparat=1')).body)
    keep('respondent-review', (await r.get('/enkat/granska')).body)
    keep('respondent-saved', (await r.get('/enkat/sparat')).body)
    await fillSyntheticRound(app.db, round.id)
    await createAdmin(app)
    const c = new AdminClient(app)
    await c.login()
    keep('login', (await app.inject({ url: '/admin/logga-in' })).body)
    for (const [url, name] of [...ADMIN_PAGES, ['/admin/utskick/invitation', 'admin-mailing'], ['/admin/kontakter/import', 'admin-import']] as Array<[string, string]>) {
      keep(name, (await c.get(url)).body)
    }
    for (const [name, html] of pages) writeFileSync(join(dir, `${name}.html`), html)
    const out = spawnSync('java', ['-jar', fromRoot('node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar'), '--errors-only', '--format', 'json', ...pages.map(([name]) => join(dir, `${name}.html`))], { encoding: 'utf8' })
    const report = JSON.parse(out.stderr === '' ? '{"messages":[]}' : out.stderr) as { messages: Array<{ url: string, type: string, message: string, lastLine?: number, extract?: string }> }
    const errors = report.messages.filter((m) => m.type === 'error').map((m) => `${m.url.split('/').pop()}:${m.lastLine ?? '?'} ${m.message}`)
    t.ok(pages.length >= 30, `${pages.length} page states checked`)
    t.same(errors, [], 'no HTML errors')
  })
}
