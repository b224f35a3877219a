import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { runCli } from '../../server/cli.js'
import { templateFor } from '../../server/mail/templates.js'
import { addDays, swedishDate } from '../../server/survey/clock.js'
import { activeLinks } from '../../server/survey/links.js'
import { currentRound } from '../../server/survey/rounds.js'
import { loggedIn } from '../helpers/admin.js'
import { testEnv } from '../helpers/app.js'
import { capture } from '../helpers/cli.js'
import { file2018, fileText } from '../helpers/questionnaire.js'
import { type Fields, Respondent, submitFromReview } from '../helpers/respondent.js'

// Year after year: round 1 runs on the 2018 questionnaire; round 2 is created with a changed version (one question
// added, one removed, one option list changed under a new id, one question reworded with its id kept). Round 1's
// results, downloads, report and dropout page stay as they were; round 2's pages carry over only what still exists;
// trends span both with a note; every page names the question numbers of its own round's version; round 2 has the
// regions' names of 2019.

// biome-ignore lint/suspicious/noExplicitAny: a test edits a questionnaire file as loose JSON, as an operator would
type Json = Record<string, any>

/** The next round's version: q19 (support to Ukrainian partner towns) added after q02, q17 removed, q16 replaced by q16b with other options, q01 reworded. */
function nextVersion (): Json {
  const f = file2018() as Json
  f.version = 'nästa'
  f.källa = 'Testversion för nästa omgång'
  f.utskick.inbjudan.ämne = 'Enkät: Internationella samarbeten, nu med Ukraina – svar senast {deadline}'
  const a = f.delar[0]
  a.frågor[0].text = 'Har {org} vänorter eller kommunala partnerskap, även vilande?'
  a.frågor.splice(2, 0, { id: 'q19', typ: 'single', text: 'Stöder {org} en ukrainsk partnerort sedan 2022?', alternativ: [{ id: 'yes', text: 'Ja' }, { id: 'no', text: 'Nej' }] })
  const d = f.delar[3]
  d.frågor[2] = { ...d.frågor[2], id: 'q16b', alternativ: [{ id: 'lack_of_time', text: 'Brist på tid' }, { id: 'war', text: 'Kriget i Ukraina' }, { id: 'other', text: 'Annat, nämligen:', annat: true }] }
  f.delar[4].frågor = f.delar[4].frågor.filter((q: { id: string }) => q.id !== 'q17')
  f.resultatkapitel[0].frågor.splice(2, 0, 'q19')
  f.resultatkapitel[3].frågor = ['q14', 'q15', 'q16b']
  f.resultatkapitel[4].frågor = ['q18']
  return f
}

const gbgRows: Fields = [['q04.0.partner', 'Åbo'], ['q04.0.country', 'Finland'], ['q04.0.form', 'twin_town'], ['q04.0.activity', 'active'], ['q04.1.partner', 'Tver'], ['q04.1.country', 'Ryssland'], ['q04.1.form', 'twin_town'], ['q04.1.activity', 'dormant']]

/**
 * A page's content as it is compared before and after round 2: from its first heading below the title (the page's
 * frame gains a round picker once there are two rounds), without the CSRF token, the time it was made and the
 * ?omgang= that links and forms gain once the round is no longer the current one, with white space collapsed.
 */
function normalised (body: string): string {
  return body.slice(body.indexOf('<h2')).replace(/<input type="hidden" name="omgang" value="\d{4}">/g, '').replace(/\s+/g, ' ').replace(/name="_csrf" value="[^"]*"/g, '').replace(/\d{1,2} [a-zåäö]+ \d{4} kl\. \d{2}:\d{2}/g, 'TID').replace(/[?&]omgang=\d{4}/g, '')
}

t.test('two rounds on two questionnaire versions: the first never changes, the second carries over what still exists', async (t) => {
  const { app, c, config, dir } = await loggedIn(t)
  const env = testEnv(dir)
  const round1 = (await currentRound(app.db))!
  const links1 = new Map((await activeLinks(app.db, app.linkKey, round1.id, config.publicUrl)).map((l) => [l.code, l.url.split('/s/')[1]!]))

  // Round 1: Göteborg answers everything, Stockholm has no engagement, Region Skåne has twin towns.
  const gbg1 = new Respondent(app)
  await gbg1.open(links1.get('1480')!)
  t.equal((await gbg1.saveSection('a', [['q01', 'yes'], ['q02', 'no']])).statusCode, 303)
  t.equal((await gbg1.saveSection('b', [...gbgRows, ['q05', 'culture'], ['q06', 'officer'], ['q08', 'own_funds']])).statusCode, 303)
  t.equal((await gbg1.saveSection('d', [['q14', 'competence'], ['q15', 'yes'], ['q16', 'lack_of_time'], ['q16', 'organisational']])).statusCode, 303)
  t.equal((await gbg1.saveSection('e', [['q17', 'Vi vill ha fler partnerorter.'], ['q18.name', 'Eva Ek'], ['q18.email', 'eva.ek@goteborg.se']])).statusCode, 303)
  t.equal((await submitFromReview(gbg1)).location, '/enkat/kvitto')
  const sthlm = new Respondent(app)
  await sthlm.open(links1.get('0180')!)
  await sthlm.saveSection('a', [['q01', 'no'], ['q02', 'no'], ['q03', 'lack_of_time']])
  t.equal((await submitFromReview(sthlm)).location, '/enkat/kvitto')
  const skane = new Respondent(app)
  await skane.open(links1.get('12')!)
  await skane.saveSection('a', [['q01', 'yes'], ['q02', 'no']])
  await skane.saveSection('b', [['q04.0.partner', 'Pomorskie'], ['q04.0.country', 'Polen'], ['q04.0.form', 'twin_town'], ['q04.0.activity', 'active']])
  await skane.saveSection('d', [['q15', 'no']])
  t.equal((await submitFromReview(skane)).location, '/enkat/kvitto')

  // Round 1 closes. What it shows, before round 2 exists.
  const today = swedishDate(new Date())
  await app.db.updateTable('round').set({ opens_on: addDays(today, -60), deadline_on: addDays(today, -40), closes_on: addDays(today, -30) }).where('id', '=', round1.id).execute()
  const q1 = `omgang=${round1.name}`
  const round1Pages = [
    `/admin/resultat?${q1}`, `/admin/resultat/rapport?${q1}`, `/admin/bortfall?${q1}`, `/admin/partiellt-bortfall?${q1}`,
    `/admin/resultat/fritext?${q1}`, `/admin/resultat/vanortsregister?${q1}`, `/admin/resultat/samarbeten?${q1}`
  ]
  const round1Files = [`/admin/resultat/results.csv?${q1}`, `/admin/resultat/responses.csv?${q1}`, `/admin/resultat/kodbok.csv?${q1}`]
  const before = new Map<string, string>()
  for (const url of [...round1Pages, ...round1Files]) {
    const res = await c.get(url)
    t.equal(res.statusCode, 200, url)
    before.set(url, res.body)
  }
  t.match(before.get(`/admin/resultat?${q1}`), 'Fråga 4. Aktivitetsgrad i vänortssamarbetena', 'round 1 numbers q04 as question 4')
  t.match(before.get(`/admin/resultat?${q1}`), '>Landsting/regioner<', 'round 1 says "landsting/regioner"')
  t.match(before.get(`/admin/partiellt-bortfall?${q1}`), 'enligt svaren på fråga 1, 2 och 15')

  // Round 2 is made on the command line with the new version.
  const name2 = String(Number(round1.name) + 1)
  const path = join(dir, 'nasta.json')
  const create = async (file: Json, extra: string[] = []) => {
    writeFileSync(path, fileText(file))
    return await capture(async (io) => await runCli(['round', 'create', name2, today, addDays(today, 20), addDays(today, 40), `--frageformular=${path}`, '--yes', ...extra], env, io))
  }
  // First a version that changes q16's options under its id: that must be confirmed as the same question, or get a new id.
  const keptId = nextVersion()
  keptId.delar[3].frågor[2].id = 'q16'
  keptId.resultatkapitel[3].frågor = ['q14', 'q15', 'q16']
  const refused = await create(keptId)
  t.equal(refused.code, 1, 'an option list changed under a kept id is not taken silently')
  t.match(refused.err, `Frågeformulär: Fråga 17 (q16) har andra svarsalternativ än i omgång ${round1.name} under samma id.`)
  t.match(refused.err, /Ändrade svarsalternativ i fråga 17 \(q16\), samma id: tillagda war \(”[^”]+”\); borttagna lack_of_funding \(”[^”]+”\), not_prioritised \(”[^”]+”\), organisational \(”[^”]+”\), lack_of_competence \(”[^”]+”\)/)
  t.equal((await app.db.selectFrom('round').select('id').execute()).length, 1, 'no round was made')
  // The meaning changed, so the question gets a new id (q16b) and needs no confirmation.
  const made = await create(nextVersion())
  t.equal(made.code, 0, made.text)
  t.match(made.out, 'Ny fråga 3 (q19): Stöder organisationen en ukrainsk partnerort sedan 2022?')
  t.match(made.out, 'Borttagen fråga (q17, var fråga 17)')
  t.match(made.out, 'Borttagen fråga (q16, var fråga 16)')
  t.match(made.out, 'Ny fråga 17 (q16b)')
  t.match(made.out, 'Omformulerad fråga 1 (q01), samma id: frågetexten')
  const round2 = (await currentRound(app.db))!
  t.equal(round2.name, name2)
  t.not(round2.questionnaire_hash, round1.questionnaire_hash, 'round 2 froze its own version')

  // Round 2 has the names of its time: every landsting became a region on 1 January 2019.
  t.equal(round2.name_set, 'namn-2019', 'a new round takes the newest names')
  t.equal(round1.name_set, 'namn-2018')
  const responses2 = (await c.get('/admin/resultat/responses.csv')).body
  t.match(responses2, '\n01,Region Stockholm,region,')
  t.match(responses2, '\n04,Region Sörmland,region,')
  t.match((await c.get('/admin/resultat')).body, '>Regioner<', 'round 2 says "regioner"')
  const stockholm2 = new Respondent(app)
  const links2early = new Map((await activeLinks(app.db, app.linkKey, round2.id, config.publicUrl)).map((l) => [l.code, l.url.split('/s/')[1]!]))
  await stockholm2.open(links2early.get('01')!)
  t.match((await stockholm2.get('/enkat')).body, 'Region Stockholm', 'the respondent pages name the organisation as it is called now')
  t.match(before.get(`/admin/resultat/responses.csv?${q1}`), '\n01,Stockholms läns landsting,region,', 'round 1 had the 2018 name')

  // The round's version brings its own mail texts; round 1 keeps the 2018 ones.
  t.equal((await templateFor(app.db, round2.id, 'invitation')).subject, 'Enkät: Internationella samarbeten, nu med Ukraina – svar senast {deadline}')
  t.equal((await templateFor(app.db, round1.id, 'invitation')).subject, 'Enkät: Internationella samarbeten – svar senast {deadline}')

  // Round 1 is what it was.
  for (const url of round1Files) t.equal((await c.get(url)).body, before.get(url), `${url} is byte for byte the same`)
  // The register page heads its round's rows with a table of every round's publication, where round 2 is a new row.
  const own = (url: string, body: string): string => normalised(url.includes('vanortsregister') ? body.slice(body.indexOf('<h2>Vänorter och partnerskap i omgång')) : body)
  for (const url of round1Pages) t.equal(own(url, (await c.get(url)).body), own(url, before.get(url) ?? ''), `${url} is the same`)

  // Round 2: Göteborg's pages start from round 1's answers, but only what still exists.
  const links2 = new Map((await activeLinks(app.db, app.linkKey, round2.id, config.publicUrl)).map((l) => [l.code, l.url.split('/s/')[1]!]))
  const gbg2 = new Respondent(app)
  await gbg2.open(links2.get('1480')!)
  const partA = (await gbg2.get('/enkat/del/a')).body
  t.match(partA, /id="q01-yes"[^>]*checked/, 'q01 kept its id: carried over')
  t.match(partA, 'Fråga 3', 'the new question is number 3')
  t.notMatch(partA, /id="q19-[a-z]+"[^>]*checked/, 'the new question starts blank')
  const partD = (await gbg2.get('/enkat/del/d')).body
  t.match(partD, /id="q15-yes"[^>]*checked/, 'q15 carried over')
  t.notMatch(partD, /name="q16b"[^>]*checked/, 'q16b is a new id: lack_of_time is not carried over from q16')
  t.match(partD, 'Fråga 17', 'q16b is number 17 in round 2')
  const partE = (await gbg2.get('/enkat/del/e')).body
  t.notMatch(partE, 'Vi vill ha fler partnerorter.', 'the removed question is gone')
  t.match(partE, 'value="Eva Ek"', 'the contact question carried over')
  t.match(partE, 'Fråga 18')
  const partB = (await gbg2.get('/enkat/del/b')).body
  t.match(partB, 'value="Tver"')
  t.match(partB, 'Fråga 5', 'q04 is number 5 in round 2')
  // Göteborg confirms and answers round 2.
  await gbg2.saveSection('a', [['q01', 'yes'], ['q02', 'no'], ['q19', 'yes']])
  t.equal((await gbg2.saveSection('b', [...gbgRows.map(([k, v]) => [k, v] as [string, string]), ['q04.0._forra', '1'], ['q04.0._kvar', 'kvar'], ['q04.1._forra', '1'], ['q04.1._kvar', 'kvar'], ['q05', 'culture']])).statusCode, 303)
  t.equal((await gbg2.saveSection('d', [['q15', 'yes'], ['q16b', 'war']])).statusCode, 303)
  t.equal((await gbg2.saveSection('e', [['q18.name', 'Eva Ek']])).statusCode, 303)
  t.equal((await submitFromReview(gbg2)).location, '/enkat/kvitto')

  // Round 2's own numbers on the admin pages; round 1 keeps its.
  t.match((await c.get('/admin/resultat')).body, 'Fråga 5. Aktivitetsgrad i vänortssamarbetena')
  t.match((await c.get('/admin/partiellt-bortfall')).body, 'enligt svaren på fråga 1, 2 och 16')
  t.match((await c.get(`/admin/resultat?${q1}`)).body, 'Fråga 4. Aktivitetsgrad i vänortssamarbetena')
  const codebook2 = (await c.get('/admin/resultat/kodbok.csv')).body
  t.match(codebook2, 'q16b,war,,Kriget i Ukraina')
  t.notMatch(codebook2, /\nq17,/, 'round 2 has no q17')
  t.match((await c.get(`/admin/resultat/kodbok.csv?${q1}`)).body, /\nq17,/, 'round 1 has')
  const privacy = (await app.inject({ method: 'GET', url: '/personuppgifter' })).body
  t.match(privacy, 'Fråga 18 (vem som besvarat enkäten):</strong> namn, befattning, e-post och telefon', 'the privacy page names the current round’s contact question')

  // Trends span both rounds, with a note where the question of a series was reworded.
  const trends = (await c.get('/admin/resultat/trender.csv')).body
  t.match(trends, new RegExp(`kommuner_med_vanorter_eller_partnerskap,${round1.name},1,kommuner`))
  t.match(trends, new RegExp(`kommuner_med_vanorter_eller_partnerskap,${name2},1,kommuner,[^\\n]*frågan omformulerad i omgång ${name2} \\(fråga 1\\)`))

  // Every admin page of both rounds answers without a 500.
  const versions = [round1.questionnaire_hash, round2.questionnaire_hash].flatMap((h) => [`/admin/omgang/frageformular/${h}`, ...['a', 'b', 'c', 'd', 'e'].map((p) => `/admin/omgang/frageformular/${h}/del/${p}`)])
  const pages = ['/admin', '/admin/omgang', '/admin/omgang/frageformular', ...versions, '/admin/utskick', '/admin/utskick/invitation', '/admin/utskick/reminder-1', '/admin/utskick/reminder-2', '/admin/utskick/reminder-3',
    '/admin/organisationer', '/admin/organisationer/1480', '/admin/organisationer/01', '/admin/logg', '/admin/logg.csv', '/admin/svarskurva', '/admin/kontakter/import', '/admin/resultat/omgangar']
  const perRound = ['/admin/resultat', '/admin/resultat/rapport', '/admin/bortfall', '/admin/partiellt-bortfall', '/admin/resultat/vanortsregister', '/admin/resultat/samarbeten', '/admin/resultat/fritext',
    '/admin/resultat/results.csv', '/admin/resultat/results.xlsx', '/admin/resultat/responses.csv', '/admin/resultat/responses.xlsx', '/admin/resultat/kodbok.csv', '/admin/resultat/trender.csv',
    '/admin/resultat/publicering.csv', '/admin/resultat/publicering.xlsx', '/admin/resultat/rapport.docx']
  for (const url of [...pages, ...perRound, ...perRound.map((u) => `${u}?${q1}`)]) {
    const res = await c.get(url)
    t.equal(res.statusCode, 200, `${url} answers ${res.statusCode}`)
    if (res.body.startsWith('<!doctype html>')) t.notMatch(res.body.replace(/<script\b[\s\S]*?<\/script>/g, ''), /[>\s"(](undefined|NaN)[<\s".,)]/, `${url} prints no missing value`)
  }
})

t.test('a version lacking an id a figure reads is refused when the round is created, naming the id', async (t) => {
  const { app, dir } = await loggedIn(t)
  const today = swedishDate(new Date())
  await app.db.updateTable('round').set({ opens_on: addDays(today, -60), deadline_on: addDays(today, -40), closes_on: addDays(today, -30) }).execute()
  const f = file2018() as Json
  f.delar[3].frågor[1].alternativ = f.delar[3].frågor[1].alternativ.filter((o: { id: string }) => o.id !== 'cannot_judge')
  const path = join(dir, 'utan.json')
  writeFileSync(path, fileText(f))
  const round = (await currentRound(app.db))!
  const run = await capture(async (io) => await runCli(['round', 'create', String(Number(round.name) + 1), today, addDays(today, 20), addDays(today, 40), `--frageformular=${path}`, '--samma-fraga=q15'], testEnv(dir), io))
  t.equal(run.code, 1)
  t.match(run.err, 'Frågeformulär: Alternativet q15.cannot_judge saknas, men rapportens hinder läser det.')
  f.delar[0].frågor[0].alternativ[1].id = 'yes'
  writeFileSync(path, fileText(f))
  const broken = await capture(async (io) => await runCli(['round', 'create', String(Number(round.name) + 1), today, addDays(today, 20), addDays(today, 40), `--frageformular=${path}`], testEnv(dir), io))
  t.match(broken.err, 'Frågeformulär: delar[0].frågor[0].alternativ[1].id: "yes" finns två gånger')
  t.equal((await app.db.selectFrom('round').select('id').execute()).length, 1, 'no round was made')
})
