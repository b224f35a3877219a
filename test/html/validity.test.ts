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
import { Respondent, hiddenFields } from '../helpers/respondent.js'
import { addDays, swedishDate } from '../../server/survey/clock.js'

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
    // A closed round, its published register and the next round: the new-round form, the register, an old link, a prefilled page.
    const today = swedishDate(new Date())
    await app.db.updateTable('round').set({ opens_on: addDays(today, -60), deadline_on: addDays(today, -40), closes_on: addDays(today, -30) }).where('id', '=', round.id).execute()
    keep('admin-round-closed', (await c.get('/admin/omgang')).body)
    keep('admin-round-create-errors', (await c.postFrom('/admin/omgang', '/admin/omgang/ny', [['name', 'x'], ['opens_on', '2027-02-30'], ['deadline_on', ''], ['closes_on', ''], ['classification', 'y']])).body)
    await c.postFrom('/admin/resultat/vanortsregister', '/admin/resultat/vanortsregister/publicera', [['round', round.name], ['action', 'publish']])
    keep('admin-register-published', (await c.get('/admin/resultat/vanortsregister?klart=publicerat')).body)
    keep('register', (await app.inject({ url: '/vanortsregister' })).body)
    keep('register-filtered', (await app.inject({ url: '/vanortsregister?land=CN&lan=14' })).body)
    const withRows = await app.db.selectFrom('answer_row as a').innerJoin('response as s', 's.id', 'a.response_id').innerJoin('organisation as o', 'o.id', 's.organisation_id')
      .select('o.code').where('s.status', '=', 'submitted').where('a.question_id', '=', 'q04').where('o.kind', '=', 'municipality').executeTakeFirstOrThrow()
    const oldToken = await reissueLink(app.db, app.linkKey, round.id, (await app.db.selectFrom('organisation').select('id').where('code', '=', withRows.code).executeTakeFirstOrThrow()).id, new Date())
    await c.postFrom('/admin/omgang', '/admin/omgang/ny', [['name', String(Number(round.name) + 1)], ['opens_on', today], ['deadline_on', addDays(today, 20)], ['closes_on', addDays(today, 40)], ['classification', 'skl-2017'], ['bekraftat', `${today}/${addDays(today, 20)}/${addDays(today, 40)}`]])
    keep('admin-rounds-compared-two', (await c.get('/admin/resultat/omgangar')).body)
    keep('old-link', (await app.inject({ url: `/s/${oldToken}` })).body)
    const r2 = new Respondent(app)
    await r2.open(await reissueLink(app.db, app.linkKey, (await requireCurrentRound(app.db)).id, (await app.db.selectFrom('organisation').select('id').where('code', '=', withRows.code).executeTakeFirstOrThrow()).id, new Date()))
    keep('respondent-prefilled-start', (await r2.get('/enkat')).body)
    keep('respondent-prefilled-a', (await r2.get('/enkat/del/a')).body)
    keep('respondent-prefilled-b', (await r2.get('/enkat/del/b')).body)
    keep('respondent-prefilled-errors', (await r2.post('/enkat/del/b', [...hiddenFields((await r2.get('/enkat/del/b')).body), ['_forifylld', '1'], ['_action', 'next'], ['q04.0._forra', '1'], ['q04.0.partner', 'X']])).body)
    keep('respondent-prefilled-review', (await r2.get('/enkat/granska?ifyllda=1')).body)
    for (const [name, html] of pages) writeFileSync(join(dir, `${name}.html`), html)
    const out = spawnSync('java', ['-jar', fromRoot('node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar'), '--errors-only', '--format', 'json', ...pages.map(([name]) => join(dir, `${name}.html`))], { encoding: 'utf8' })
    const report = JSON.parse(out.stderr === '' ? '{"messages":[]}' : out.stderr) as { messages: Array<{ url: string, type: string, message: string, lastLine?: number, extract?: string }> }
    const errors = report.messages.filter((m) => m.type === 'error').map((m) => `${m.url.split('/').pop()}:${m.lastLine ?? '?'} ${m.message}`)
    t.ok(pages.length >= 30, `${pages.length} page states checked`)
    t.same(errors, [], 'no HTML errors')
  })
}
