// `npm run demo`'s season: a closed 2018 round that looks lived in, and an open round whose printed links open it.
import t from 'tap'
import { prepareDemoSeason } from '../../server/demo-season.js'
import { requireCurrentRound, roundState } from '../../server/survey/rounds.js'
import { buildTestApp } from '../helpers/app.js'
import { Respondent } from '../helpers/respondent.js'

t.test('the demo: 2018 with openers, starters and a season\'s log; an open round whose links open it, prefilled', async (t) => {
  const { app, config } = await buildTestApp(t)
  const links = await prepareDemoSeason(app.db, app.linkKey, config.publicUrl, new Date())
  const open = await requireCurrentRound(app.db)
  t.equal(roundState(open, new Date()), 'open', 'the latest round is open')
  t.not(open.name, '2018')
  const old = await app.db.selectFrom('round').selectAll().where('name', '=', '2018').executeTakeFirstOrThrow()
  t.equal(roundState(old, new Date()), 'closed')
  const statuses = await app.db.selectFrom('response').select(['status', 'first_saved_at']).where('round_id', '=', old.id).execute()
  t.equal(statuses.filter((s) => s.status === 'submitted').length, 226, '213 kommuner and 13 regions answered, as in the report')
  t.ok(statuses.some((s) => s.status === 'draft' && s.first_saved_at === null), 'some only opened their link')
  t.ok(statuses.some((s) => s.status === 'draft' && s.first_saved_at !== null), 'some started without submitting')
  const log = await app.db.selectFrom('audit_log').select('action').execute()
  t.ok(['contacts_imported', 'round_dates_changed', 'mailing_started', 'round_created'].every((a) => log.some((l) => l.action === a)), 'the log holds the season\'s events')

  t.equal(links.length, 3, 'three links are printed')
  for (const link of links) {
    t.match(link.url, new RegExp(`^${config.publicUrl}/s/[A-Za-z0-9_-]{43}$`))
    const r = new Respondent(app)
    const opened = await r.open(link.url.split('/s/')[1]!)
    t.equal(opened.statusCode, 303, `${link.name}: the link opens the open round`)
    t.equal((await r.get('/enkat/del/a')).statusCode, 200)
  }
  const checked = async (link: { url: string }): Promise<number> => {
    const r = new Respondent(app)
    await r.open(link.url.split('/s/')[1]!)
    return ((await r.get('/enkat/del/a')).body.match(/ checked/g) ?? []).length
  }
  t.ok(await checked(links[0]!) > 0, 'the kommun that answered in 2018 starts from those answers')
  t.equal(await checked(links[1]!), 0, 'the one that did not starts blank')
})
