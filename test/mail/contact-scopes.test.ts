import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { runCli } from '../../server/cli.js'
import type { AdminClient } from '../helpers/admin.js'
import { loggedIn } from '../helpers/admin.js'
import { capture } from '../helpers/cli.js'
import { multipartBody } from '../helpers/multipart.js'
import { openExampleSurvey } from '../helpers/surveys.js'
import { buildTestApp, tempDir, testEnv } from '../helpers/app.js'
import type { FastifyInstance } from 'fastify'

// One contact per address and organisation, whatever scope it is imported or added with: shared stays shared, a
// survey's own is widened when it is given to every survey, and a third survey's import of it is a problem row.
const DIGI = 'Digitalisering i kommuner och regioner'

async function upload (app: FastifyInstance, c: AdminClient, base: string, galler: string, csv: string): Promise<{ statusCode: number, body: string }> {
  const csrf = /name="_csrf" value="([^"]*)"/.exec((await c.get(`${base}/kontakter/import`)).body)?.[1] ?? ''
  const { payload, contentType } = multipartBody({ _csrf: csrf, galler }, { name: 'k.csv', type: 'text/csv', content: csv })
  const r = await app.inject({ method: 'POST', url: `${base}/kontakter/import`, headers: { cookie: c.cookieHeader, 'content-type': contentType }, payload })
  return { statusCode: r.statusCode, body: r.body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ') }
}

async function contacts (app: FastifyInstance): Promise<Array<{ email: string, name: string | null, survey_id: number | null, active: number }>> {
  return await app.db.selectFrom('contact').select(['email', 'name', 'survey_id', 'active']).orderBy('email').execute()
}

t.test('web import: an address keeps one contact, its scope changed by rule, conflicts listed by row and nothing written', async (t) => {
  const { app, c, logs } = await loggedIn(t)
  const { survey } = await openExampleSurvey(app)

  const shared = await upload(app, c, '/admin', 'alla', 'kod;e-post;namn\n0180;anna@stockholm.se;Anna\n')
  t.equal(shared.statusCode, 200)
  t.match(shared.body, 'Importerade 1 kontakt: 1 ny (kontakter för alla enkäter).')

  const again = await upload(app, c, '/admin/digitalisering', 'enkat', 'kod;e-post;namn\n0180;anna@stockholm.se;Anna Andersson, IT-chef\n0114;bo@upplands-vasby.se;Bo\n')
  t.equal(again.statusCode, 200, 'a shared address imported for one survey is no error')
  t.match(again.body, `Importerade 2 kontakter: 1 ny och 1 uppdaterad (kontakter bara för enkäten ${DIGI}; 1 kontakt för alla enkäter gäller fortfarande alla).`)
  t.same(await contacts(app), [
    { email: 'anna@stockholm.se', name: 'Anna Andersson, IT-chef', survey_id: null, active: 1 },
    { email: 'bo@upplands-vasby.se', name: 'Bo', survey_id: survey.id, active: 1 }
  ], 'the shared contact stays shared with the new name; the new one is the survey\'s own')

  const before = await contacts(app)
  const conflict = await upload(app, c, '/admin', 'enkat', 'kod;e-post;namn\n1480;ny@goteborg.se;Ny\n0114;bo@upplands-vasby.se;Bo\n')
  t.equal(conflict.statusCode, 422, 'another survey\'s contact imported for this survey only')
  t.match(conflict.body, 'Ingenting importerades')
  t.match(conflict.body, `Rad 3: bo@upplands-vasby.se är redan kontakt för enkäten ${DIGI}. Importera eller lägg till den för alla enkäter om den ska få e-post för båda.`)
  t.same(await contacts(app), before, 'all or nothing: the good row was not stored either')

  const replaced = await upload(app, c, '/admin/digitalisering', 'enkat', 'kod;e-post\n0114;ny@upplands-vasby.se\n0114;bo@upplands-vasby.se\n0180;anna@stockholm.se\n0180;cecilia@stockholm.se\n')
  t.equal(replaced.statusCode, 422)
  t.match(replaced.body, 'Rad 4: anna@stockholm.se är kontakt för alla enkäter, men organisationen 0180 har egna kontakter för enkäten')
  t.notMatch(replaced.body, 'Rad 2', 'a second own contact beside an own one is fine')
  t.same(await contacts(app), before)

  const widened = await upload(app, c, '/admin/digitalisering', 'alla', 'kod;e-post;namn\n0114;bo@upplands-vasby.se;\n')
  t.equal(widened.statusCode, 200)
  t.match(widened.body, 'Importerade 1 kontakt: 1 uppdaterad (kontakter för alla enkäter; 1 kontakt för en enda enkät gäller nu alla enkäter).')
  t.match(await app.db.selectFrom('contact').selectAll().where('email', '=', 'bo@upplands-vasby.se').executeTakeFirstOrThrow(), { survey_id: null, name: 'Bo' }, 'a survey\'s own contact imported for every survey is widened, its name kept')
  t.match(await app.db.selectFrom('audit_log').select('detail').where('action', '=', 'contacts_imported').orderBy('id', 'desc').executeTakeFirstOrThrow(), { detail: /^Importerade 1 kontakt: 1 uppdaterad/ })
  t.notMatch(logs(), /"level":50/, 'no server error')
})

t.test('the organisation form: an inactive contact of another survey is widened, not a 500', async (t) => {
  const { app, c, logs } = await loggedIn(t)
  await openExampleSurvey(app)
  t.equal((await upload(app, c, '/admin/digitalisering', 'enkat', 'kod;e-post\n0114;bo@upplands-vasby.se\n')).statusCode, 200)
  await app.db.updateTable('contact').set({ active: 0 }).execute()
  const r = await c.postFrom('/admin/organisationer/0114', '/admin/organisationer/0114/kontakter', [['email', 'bo@upplands-vasby.se'], ['name', 'Bo']])
  t.equal(r.statusCode, 303, 'added from the first survey\'s page')
  t.match(await app.db.selectFrom('contact').selectAll().executeTakeFirstOrThrow(), { survey_id: null, active: 1, name: 'Bo' })
  const twice = await c.postFrom('/admin/organisationer/0114', '/admin/organisationer/0114/kontakter', [['email', 'bo@upplands-vasby.se'], ['name', 'Bo']])
  t.equal(twice.statusCode, 422)
  t.match(twice.body, 'Adressen finns redan hos organisationen.')
  t.equal((await app.db.selectFrom('contact').select('id').execute()).length, 1)
  t.notMatch(logs(), /"level":50/)
})

t.test('organisation pages count and show the contacts that get the survey\'s mail, each with its scope', async (t) => {
  const { app, c } = await loggedIn(t)
  const { survey } = await openExampleSurvey(app)
  t.equal((await upload(app, c, '/admin', 'alla', 'kod;e-post\n0180;alla@stockholm.se\n')).statusCode, 200)
  t.equal((await upload(app, c, '/admin/digitalisering', 'enkat', 'kod;e-post\n0114;digi@upplands-vasby.se\n')).statusCode, 200)
  const digiContact = await app.db.selectFrom('contact').select('id').where('survey_id', '=', survey.id).executeTakeFirstOrThrow()
  const row = async (base: string, code: string): Promise<string> =>
    (new RegExp(`<tr><td>${code}</td>[\\s\\S]*?</tr>`).exec((await c.get(`${base}/organisationer?sok=${code}`)).body)?.[0] ?? '').replace(/<[^>]+>/g, '|').replace(/\|+/g, '|')
  t.match(await row('/admin', '0114'), /\|0\|$/, 'the first survey counts no contact at 0114')
  t.match(await row('/admin/digitalisering', '0114'), /\|1\|$/, 'the digitalisation survey counts its own')
  t.match(await row('/admin/digitalisering', '0180'), /\|1\|$/, 'and the shared one elsewhere')

  const first = await c.get('/admin/organisationer/0114')
  t.notMatch(first.body, 'digi@upplands-vasby.se', 'another survey\'s contact is not on the page')
  t.match(first.body, 'Inga kontakter för alla enkäter eller för Internationella samarbeten')
  const edit = await c.postFrom('/admin/organisationer/0114', `/admin/organisationer/0114/kontakter/${digiContact.id}`, [['action', 'deactivate']])
  t.equal(edit.statusCode, 404, 'nor can it be changed from there')
  const erase = await c.postFrom('/admin/organisationer/0114', `/admin/organisationer/0114/kontakter/${digiContact.id}/radera`, [])
  t.equal(erase.statusCode, 404)
  t.match(await app.db.selectFrom('contact').selectAll().where('id', '=', digiContact.id).executeTakeFirstOrThrow(), { active: 1, email: 'digi@upplands-vasby.se' })

  const digi = (await c.get('/admin/digitalisering/organisationer/0114')).body.replace(/<[^>]+>/g, '|').replace(/\|+/g, '|')
  t.match(digi, `|digi@upplands-vasby.se|–|${DIGI}|Aktiv|`, 'the survey\'s own contact, labelled with the survey')
  const shared = (await c.get('/admin/digitalisering/organisationer/0180')).body.replace(/<[^>]+>/g, '|').replace(/\|+/g, '|')
  t.match(shared, '|alla@stockholm.se|–|Alla enkäter|Aktiv|')

  t.equal((await upload(app, c, '/admin/digitalisering', 'enkat', 'kod;e-post\n0180;egen@stockholm.se\n')).statusCode, 200)
  const both = (await c.get('/admin/digitalisering/organisationer/0180')).body.replace(/<[^>]+>/g, '|').replace(/\|+/g, '|')
  t.match(both, '|alla@stockholm.se|–|Alla enkäter|Aktiv, men får inte den här enkätens utskick|', 'a shared contact the survey\'s own replace says so')
  t.match(both, 'Utskicken för enkäten går bara till dem')
  t.match(await row('/admin/digitalisering', '0180'), /\|1\|$/, 'only the one that gets the mail is counted')
  t.match(await row('/admin', '0180'), /\|1\|$/, 'the first survey still counts its shared one')
})

t.test('CLI import: a conflict is one Swedish line per row and exit 1; widening and plurals read right', async (t) => {
  const dir = tempDir(t)
  const env = testEnv(dir)
  const { app } = await buildTestApp(t, { dir })
  await openExampleSurvey(app)
  const run = async (...args: string[]) => await capture(async (io) => await runCli(args, env, io))
  writeFileSync(join(dir, 'digi.csv'), 'kod;e-post;namn\n0114;bo@upplands-vasby.se;Bo\n0114;eva@upplands-vasby.se;Eva\n')
  const digi = await run('contacts', 'import', join(dir, 'digi.csv'), '--enkat=digitalisering')
  t.equal(digi.code, 0, digi.text)
  t.equal(digi.out, `Importerade 2 kontakter: 2 nya (kontakter bara för enkäten ${DIGI}).`)
  writeFileSync(join(dir, 'first.csv'), 'kod;e-post\n0114;bo@upplands-vasby.se\n')
  const conflict = await run('contacts', 'import', join(dir, 'first.csv'), '--enkat=internationella-samarbeten')
  t.equal(conflict.code, 1)
  t.equal(conflict.err, `Ingenting importerades. Rätta problemet och försök igen:\n  rad 2: bo@upplands-vasby.se är redan kontakt för enkäten ${DIGI}. Importera eller lägg till den för alla enkäter om den ska få e-post för båda.`)
  t.notMatch(conflict.text, /Error|at /)
  const all = await run('contacts', 'import', join(dir, 'first.csv'))
  t.equal(all.code, 0, all.text)
  t.equal(all.out, 'Importerade 1 kontakt: 1 uppdaterad (kontakter för alla enkäter; 1 kontakt för en enda enkät gäller nu alla enkäter).')
  t.same((await app.db.selectFrom('contact').select(['email', 'survey_id']).orderBy('email').execute()).map((c) => c.survey_id === null), [true, false])
})
