import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { runCli } from '../../server/cli.js'
import { startMailing } from '../../server/mail/mailings.js'
import { deliverDue } from '../../server/mail/sender.js'
import { fileTransport } from '../../server/mail/transport.js'
import { fillSyntheticRound } from '../../server/results/synthetic.js'
import { reissueLink } from '../../server/survey/links.js'
import { requireCurrentRound } from '../../server/survey/rounds.js'
import { addDays, swedishDate } from '../../server/survey/clock.js'
import { AdminClient, createAdmin } from '../helpers/admin.js'
import { buildTestApp, testEnv } from '../helpers/app.js'
import { ADMIN_PAGES } from '../helpers/browser.js'
import { capture } from '../helpers/cli.js'
import { addContacts } from '../helpers/mail.js'
import { Respondent } from '../helpers/respondent.js'

// Everything a person reads is Swedish: no English status words or raw error codes, and no machine timestamps,
// on every admin, results and respondent page, in the published CSV header, in CLI output and in the e-mail.
const english = /\b(login_failed|failed|error|submitted|draft|queued|sent|sending|scheduled|cancelled|paused|invitation|reminder(-\d)?|undefined|null|NaN|Invalid Date|ECONN\w*|true|false)\b/
const isoTimestamp = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/

/** The text a person reads on a page: no tags, scripts, styles or attribute values. */
function visibleText (html: string): string {
  return html.replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/g, ' ').replace(/<[^>]+>/g, ' ').replace(/&[a-z]+;|&#\d+;/g, ' ')
}

function check (t: { notMatch: (a: string, b: RegExp, m: string) => void }, where: string, text: string): void {
  t.notMatch(text, english, `${where}: no English word`)
  t.notMatch(text, isoTimestamp, `${where}: no ISO timestamp`)
}

t.test('pages, the published CSV header, CLI output and mail are Swedish', async (t) => {
  const { app, config, dir } = await buildTestApp(t)
  const round = await requireCurrentRound(app.db)
  await addContacts(app, [['0180', 'anna@stockholm.se', 'Anna'], ['1480', 'bo@goteborg.se'], ['12', 'region@skane.se']])
  await startMailing(app.db, round, 'invitation', new Date(), false, 'admin@skr.se')
  await deliverDue(app.db, fileTransport(config.outboxDir), { linkKey: app.linkKey, publicUrl: config.publicUrl, mailFrom: config.mailFrom })
  await fillSyntheticRound(app.db, round.id)
  await createAdmin(app)
  const c = new AdminClient(app)
  await c.login()
  for (const [url] of [...ADMIN_PAGES, ['/admin/utskick/invitation'], ['/admin/utskick/reminder-1'], ['/admin/kontakter/import']] as Array<[string]>) {
    const res = await c.get(url)
    t.equal(res.statusCode, 200, url)
    check(t, url, visibleText(res.body))
  }
  const publication = (await c.get('/admin/resultat/publicering.csv')).body.split('\r\n')[0] ?? ''
  check(t, 'publicering.csv header', publication.replace('\uFEFF', ''))

  const r = new Respondent(app)
  const org = await app.db.selectFrom('organisation').select('id').where('code', '=', '0115').executeTakeFirstOrThrow()
  await r.open(await reissueLink(app.db, app.linkKey, round.id, org.id, new Date()))
  await r.saveSection('a', [['q01', 'yes'], ['q02', 'yes']])
  for (const url of ['/enkat', '/enkat/del/a', '/enkat/del/b', '/enkat/del/c', '/enkat/del/d', '/enkat/del/e', '/enkat/granska', '/enkat/sparat']) {
    check(t, url, visibleText((await r.get(url)).body))
  }

  const env = testEnv(dir)
  for (const args of [['round', 'show'], ['mail', 'status'], ['mail', 'preview', 'reminder-1', '0180'], ['links', 'reissue', '0180']]) {
    const out = await capture(async (io) => await runCli(args, env, io))
    t.equal(out.code, 0, args.join(' '))
    check(t, `npm run survey -- ${args.join(' ')}`, out.text.replace(/https?:\/\/\S+/g, ''))
  }

  const mails = readdirSync(config.outboxDir).filter((f) => f.endsWith('.eml'))
  t.ok(mails.length > 0)
  for (const f of mails) {
    const raw = readFileSync(join(config.outboxDir, f), 'utf8')
    const body = raw.split(/\r?\n\r?\n/).slice(1).join('\n')
    check(t, `e-mail ${f}`, body.replace(/https?:\/\/\S+/g, '').replace(/=[0-9A-F]{2}/g, ''))
  }
})

t.test('a second round, its prefilled pages, old links and the public register are Swedish too', async (t) => {
  const { app, dir } = await buildTestApp(t)
  const round = await requireCurrentRound(app.db)
  await fillSyntheticRound(app.db, round.id)
  await createAdmin(app)
  const c = new AdminClient(app)
  await c.login()
  const today = swedishDate(new Date())
  await app.db.updateTable('round').set({ opens_on: addDays(today, -60), deadline_on: addDays(today, -40), closes_on: addDays(today, -30) }).where('id', '=', round.id).execute()
  await c.postFrom('/admin/resultat/vanortsregister', '/admin/resultat/vanortsregister/publicera', [['round', round.name], ['action', 'publish']])
  const withRows = await app.db.selectFrom('answer_row as a').innerJoin('response as s', 's.id', 'a.response_id').innerJoin('organisation as o', 'o.id', 's.organisation_id')
    .select(['o.code', 'o.id']).where('s.status', '=', 'submitted').where('a.question_id', '=', 'q04').where('o.kind', '=', 'municipality').executeTakeFirstOrThrow()
  const oldToken = await reissueLink(app.db, app.linkKey, round.id, withRows.id, new Date())
  for (const url of ['/admin/omgang', '/admin/resultat/vanortsregister']) check(t, url, visibleText((await c.get(url)).body))
  const env = testEnv(dir)
  const made = await capture(async (io) => await runCli(['round', 'create', String(Number(round.name) + 1), today, addDays(today, 20), addDays(today, 40), '--yes'], env, io))
  t.equal(made.code, 0)
  check(t, 'npm run survey -- round create', made.text)
  for (const url of ['/admin/omgang?skapad=1', '/admin/resultat/omgangar']) check(t, url, visibleText((await c.get(url)).body))
  for (const url of ['/vanortsregister', '/vanortsregister?land=CN', `/s/${oldToken}`]) check(t, url, visibleText((await app.inject({ url })).body))
  const json = (await app.inject({ url: '/vanortsregister/vanortsregister.json' })).body
  check(t, 'vanortsregister.json', json)
  const r = new Respondent(app)
  await r.open(await reissueLink(app.db, app.linkKey, (await requireCurrentRound(app.db)).id, withRows.id, new Date()))
  for (const url of ['/enkat', '/enkat/del/a', '/enkat/del/b', '/enkat/granska', '/enkat/granska?ifyllda=1']) check(t, url, visibleText((await r.get(url)).body))
})
