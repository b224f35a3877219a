import t from 'tap'
import { roundDateWarnings } from '../../server/survey/round-dates.js'
import { addDays, swedishDate } from '../../server/survey/clock.js'
import { currentRound } from '../../server/survey/rounds.js'
import { loggedIn } from '../helpers/admin.js'
import { multipartBody } from '../helpers/multipart.js'
import { file2018, fileText } from '../helpers/questionnaire.js'

// Admin → Omgång: next round's questionnaire is uploaded, checked, compared with the current round's version,
// previewed part by part as a kommun and as a region, and the round is created from it.

// biome-ignore lint/suspicious/noExplicitAny: a test edits a questionnaire file as loose JSON, as an operator would
type Json = Record<string, any>

t.test('upload a version, see what changed, preview it, confirm and create the round', async (t) => {
  const { app, c } = await loggedIn(t)
  const round1 = (await currentRound(app.db))!
  const today = swedishDate(new Date())
  await app.db.updateTable('round').set({ opens_on: addDays(today, -60), deadline_on: addDays(today, -40), closes_on: addDays(today, -30) }).execute()
  t.match((await c.get('/admin/omgang')).body, 'href="/admin/omgang/frageformular"', 'the round page leads to the upload')
  const page = await c.get('/admin/omgang/frageformular')
  t.equal(page.statusCode, 200)
  const csrf = /name="_csrf" value="([^"]*)"/.exec(page.body)![1]!
  const upload = async (content: string, token = csrf) => {
    const { payload, contentType } = multipartBody({ _csrf: token }, { name: 'nasta.json', type: 'application/json', content })
    return await app.inject({ method: 'POST', url: '/admin/omgang/frageformular', payload, headers: { 'content-type': contentType, cookie: c.cookieHeader } })
  }
  const versions = async (): Promise<number> => (await app.db.selectFrom('questionnaire_version').select('hash').execute()).length
  const stored = await versions()

  const broken = file2018() as Json
  broken.delar[1].frågor[3].alternativ[3].id = 'other'
  const bad = await upload(fileText(broken))
  t.equal(bad.statusCode, 422)
  t.match(bad.body, 'delar[1].frågor[3].alternativ[4].id: &quot;other&quot; finns två gånger')
  // The file's shape is checked first; what refers to what only in a file whose shape holds.
  delete broken.delar[0].frågor[0].text
  t.match((await upload(fileText(broken))).body, 'delar[0].frågor[0].text: saknas')
  const notJson = (await upload('inte json')).body
  t.match(notJson, '(filen): är inte giltig JSON: oväntat tecken ”i”. Kontrollera kommatecken, citattecken och klamrar.')
  t.notMatch(notJson, 'is not valid JSON', 'in Swedish, not the parser\'s English')
  t.match((await upload('{\n  "version": "2027",\n  "delar": [\n}')).body, /är inte giltig JSON: (oväntat tecken ”}”|fel på rad 4)/)
  t.equal((await upload(fileText(file2018()), 'förfalskad')).statusCode, 403, 'the CSRF token is checked')
  t.equal(await versions(), stored, 'nothing stored')

  const next = file2018() as Json
  next.version = '2027'
  next.delar[3].frågor[2].alternativ.push({ id: 'war', text: 'Kriget i Ukraina' })
  next.delar[0].frågor[1].text = 'Har {org} andra internationella samarbeten, till exempel EU-projekt?'
  // Saved from Notepad or Excel, the file starts with a byte order mark: read as the same file (the same hash).
  const withBom = await upload(`\uFEFF${fileText(next)}`)
  t.equal(withBom.statusCode, 303, 'a file with a byte order mark is read')
  const good = await upload(fileText(next))
  t.equal(good.statusCode, 303)
  const reviewUrl = good.headers.location as string
  t.equal(withBom.headers.location, reviewUrl, 'as the same version')
  t.match(reviewUrl, /^\/admin\/omgang\/frageformular\/[0-9a-f]{64}$/)
  const review = await c.get(reviewUrl)
  t.equal(review.statusCode, 200)
  t.match(review.body, 'Ändrade svarsalternativ i fråga 16 (q16), samma id: tillagda war (”Kriget i Ukraina”)', 'an option is named by its text too')
  t.match(review.body, 'Omformulerad fråga 2 (q02), samma id: frågetexten')
  t.match(review.body, 'name="samma_fraga" value="q16"')
  for (const letter of ['a', 'b', 'c', 'd', 'e']) t.match(review.body, `${reviewUrl}/del/${letter}?som=region`)

  const asRegion = await c.get(`${reviewUrl}/del/b?som=region`)
  t.equal(asRegion.statusCode, 200)
  t.match(asRegion.body, 'Regionfullmäktige eller regionstyrelsen', 'a region sees its own wording')
  t.match(asRegion.body, 'Ange er regions vänorter')
  const asKommun = await c.get(`${reviewUrl}/del/b?som=kommun`)
  t.match(asKommun.body, 'Kommunfullmäktige eller kommunstyrelsen')
  t.match((await c.get(`${reviewUrl}/del/d?som=kommun`)).body, 'Kriget i Ukraina')
  t.equal((await c.get(`${reviewUrl}/del/x?som=kommun`)).statusCode, 404)

  const name = String(Number(round1.name) + 1)
  const fields: Array<[string, string]> = [['name', name], ['opens_on', today], ['deadline_on', addDays(today, 20)], ['closes_on', addDays(today, 40)], ['classification', 'skl-2017']]
  const unconfirmed = await c.postFrom(reviewUrl, reviewUrl, fields)
  t.equal(unconfirmed.statusCode, 422, 'the changed option list must be confirmed')
  t.match(unconfirmed.body, 'Frågeformulär: Fråga 16 (q16) har andra svarsalternativ')
  t.match(unconfirmed.body, `value="${addDays(today, 40)}"`, 'what was typed is kept')
  t.equal((await app.db.selectFrom('round').select('id').execute()).length, 1, 'no round made')
  const key = `${today}/${addDays(today, 20)}/${addDays(today, 40)}`
  // The dates depend on the day the test runs: when one is a weekend or holiday it is warned about first.
  const warnings = roundDateWarnings({ opens_on: today, deadline_on: addDays(today, 20), closes_on: addDays(today, 40) })
  if (warnings.length > 0) {
    const warned = await c.postFrom(reviewUrl, reviewUrl, [...fields, ['samma_fraga', 'q16']])
    t.equal(warned.statusCode, 200, 'a weekend or holiday among the dates is warned about before the round is made')
    t.match(warned.body, 'Kontrollera datumen innan ni sparar. Ingenting är sparat än.')
    t.match(warned.body, warnings[0]!)
    t.equal((await app.db.selectFrom('round').select('id').execute()).length, 1, 'no round made before the warning is confirmed')
  }
  const made = await c.postFrom(reviewUrl, reviewUrl, [...fields, ['samma_fraga', 'q16'], ['bekraftat', key]])
  t.equal(made.statusCode, 303)
  t.equal(made.location, '/admin/omgang?skapad=1')
  const round2 = (await currentRound(app.db))!
  t.equal(round2.name, name)
  t.equal(round2.questionnaire_hash, reviewUrl.split('/').pop(), 'the round froze the uploaded version')
  t.not(round2.questionnaire_hash, round1.questionnaire_hash)
})

t.test('a version without an id a figure reads is shown as such, and the round is not made from it', async (t) => {
  const { app, c } = await loggedIn(t)
  const round1 = (await currentRound(app.db))!
  const today = swedishDate(new Date())
  await app.db.updateTable('round').set({ opens_on: addDays(today, -60), deadline_on: addDays(today, -40), closes_on: addDays(today, -30) }).execute()
  const page = await c.get('/admin/omgang/frageformular')
  const csrf = /name="_csrf" value="([^"]*)"/.exec(page.body)![1]!
  const f = file2018() as Json
  f.version = 'utan-cannot-judge'
  f.delar[3].frågor[1].alternativ = f.delar[3].frågor[1].alternativ.filter((o: { id: string }) => o.id !== 'cannot_judge')
  const { payload, contentType } = multipartBody({ _csrf: csrf }, { name: 'utan.json', type: 'application/json', content: fileText(f) })
  const uploaded = await app.inject({ method: 'POST', url: '/admin/omgang/frageformular', payload, headers: { 'content-type': contentType, cookie: c.cookieHeader } })
  t.equal(uploaded.statusCode, 303, 'the file itself is whole, so it is stored for review')
  const reviewUrl = uploaded.headers.location as string
  const review = (await c.get(reviewUrl)).body
  t.match(review, 'En omgång kan inte skapas med den här versionen')
  t.match(review, 'Alternativet q15.cannot_judge saknas, men rapportens hinder läser det.', 'the review names the id')
  t.notMatch(review, 'name="opens_on"', 'and offers no form to create the round')
  // A post made anyway (an old tab, a hand-made request) is refused with the same reason, and writes nothing.
  const fields: Array<[string, string]> = [['name', String(Number(round1.name) + 1)], ['opens_on', today], ['deadline_on', addDays(today, 20)], ['closes_on', addDays(today, 40)], ['classification', 'skl-2017'], ['samma_fraga', 'q15'], ['bekraftat', `${today}/${addDays(today, 20)}/${addDays(today, 40)}`]]
  const refused = await c.postFrom(reviewUrl, reviewUrl, fields)
  t.equal(refused.statusCode, 422)
  t.match(refused.body, 'Alternativet q15.cannot_judge saknas, men rapportens hinder läser det.')
  t.equal((await app.db.selectFrom('round').select('id').execute()).length, 1, 'no round made')
})
