import { readFileSync } from 'node:fs'
import t from 'tap'
import { fromRoot } from '../../server/paths.js'
import { addDays, swedishDate } from '../../server/survey/clock.js'
import { ADMIN_EMAIL, loggedIn } from '../helpers/admin.js'
import { multipartBody } from '../helpers/multipart.js'

// Admin → Enkäter → Ny enkät: a survey made from its questionnaire file through the admin, checked as the command
// line's `survey create` checks it, previewed as a kommun and a region see it, created only when confirmed.

const example = readFileSync(fromRoot('server', 'questionnaire', 'examples', 'digitalisering.json'), 'utf8')

t.test('upload the example file, preview its parts, confirm: the survey is made, audited and its pages answer', async (t) => {
  const { app, c } = await loggedIn(t)
  t.match((await c.get('/admin/enkater')).body, 'href="/admin/enkater/ny"', 'the survey list leads to the upload')
  const page = await c.get('/admin/enkater/ny')
  t.equal(page.statusCode, 200)
  const csrf = /name="_csrf" value="([^"]*)"/.exec(page.body)![1]!
  // Saved from Notepad, the file starts with a byte order mark: it is read as the same file.
  const { payload, contentType } = multipartBody({ _csrf: csrf, kortnamn: 'digitalisering' }, { name: 'digitalisering.json', type: 'application/json', content: `\uFEFF${example}` })
  const sent = await app.inject({ method: 'POST', url: '/admin/enkater/ny', payload, headers: { 'content-type': contentType, cookie: c.cookieHeader } })
  t.equal(sent.statusCode, 303)
  const reviewUrl = sent.headers.location as string
  t.match(reviewUrl, /^\/admin\/enkater\/ny\/[0-9a-f]{64}\?kortnamn=digitalisering$/)
  t.equal((await app.db.selectFrom('survey').select('id').execute()).length, 1, 'an upload alone makes no survey')

  const review = await c.get(reviewUrl)
  t.equal(review.statusCode, 200)
  t.match(review.body, 'Ny enkät: Digitalisering i kommuner och regioner')
  t.match(review.body, 'value="digitalisering"')
  const path = reviewUrl.split('?')[0]!
  for (const part of ['strategi', 'tjanster', 'avslutning']) {
    for (const som of ['kommun', 'region']) {
      t.match(review.body, `${path}/del/${part}?som=${som}&amp;kortnamn=digitalisering`)
      const preview = await c.get(`${path}/del/${part}?som=${som}&kortnamn=digitalisering`)
      t.equal(preview.statusCode, 200, `part ${part} as a ${som}`)
      t.match(preview.body, `Förhandsvisning som ${som === 'region' ? 'en region' : 'en kommun'} ser delen`)
      t.match(preview.body, `href="${path}?kortnamn=digitalisering"`, 'the preview leads back to this review')
    }
  }
  t.equal((await c.get(`${path}/del/x?som=kommun`)).statusCode, 404)
  t.equal((await c.get(`/admin/enkater/ny/${'0'.repeat(64)}`)).statusCode, 404)

  const made = await c.postFrom(reviewUrl, path, [['kortnamn', 'digitalisering']])
  t.equal(made.statusCode, 303)
  t.equal(made.location, '/admin/enkater?skapad=digitalisering')
  const list = await c.get(made.location!)
  t.match(list.body, 'Enkäten Digitalisering i kommuner och regioner är skapad')
  t.match(list.body, 'href="/admin/digitalisering">Digitalisering i kommuner och regioner</a>')
  t.match(list.body, 'href="/admin/digitalisering/omgang">Skapa den första omgången</a>', 'the list leads to its first round')
  const survey = await app.db.selectFrom('survey').selectAll().where('slug', '=', 'digitalisering').executeTakeFirstOrThrow()
  t.equal(survey.title, 'Digitalisering i kommuner och regioner')
  t.match(survey.description, /digitalisering/)
  t.match(await app.db.selectFrom('audit_log').select(['actor', 'detail']).where('action', '=', 'survey_created').executeTakeFirstOrThrow(), { actor: ADMIN_EMAIL, detail: /Enkät digitalisering \(Digitalisering i kommuner och regioner\)/ })
  for (const url of ['/admin/digitalisering', '/admin/digitalisering/organisationer', '/admin/digitalisering/utskick', '/admin/digitalisering/resultat']) {
    const before = await c.get(url)
    t.equal(before.statusCode, 200, `${url} before the first round`)
    t.match(before.body, 'Enkäten har ingen omgång än', 'it says why there is nothing to show')
    t.match(before.body, '<title>Digitalisering i kommuner och regioner: ingen omgång än</title>', 'the title names the survey once')
  }
  t.equal((await c.post('/admin/digitalisering/omgang/stang', [['_csrf', csrf], ['bekrafta', 'ja']])).statusCode, 409, 'a round action without a round is refused in words')
  const roundPage = await c.get('/admin/digitalisering/omgang')
  t.equal(roundPage.statusCode, 200)
  t.match(roundPage.body, 'Första omgången')
  const today = swedishDate(new Date())
  const roundFields: Array<[string, string]> = [['name', today.slice(0, 4)], ['opens_on', today], ['deadline_on', addDays(today, 20)], ['closes_on', addDays(today, 40)], ['classification', 'skl-2017']]
  const badRound = await c.postFrom('/admin/digitalisering/omgang', '/admin/digitalisering/omgang/ny', [...roundFields.slice(0, 3), ['closes_on', 'snart'], ['classification', 'skl-2017']])
  t.equal(badRound.statusCode, 422)
  t.match(badRound.body, 'value="snart"', 'the first-round form keeps what was typed')
  let created = await c.postFrom('/admin/digitalisering/omgang', '/admin/digitalisering/omgang/ny', roundFields)
  // A weekend or holiday among the dates is warned about first; the same dates posted again go ahead.
  if (created.statusCode === 200) created = await c.postFrom('/admin/digitalisering/omgang', '/admin/digitalisering/omgang/ny', [...roundFields, ['bekraftat', `${today}/${addDays(today, 20)}/${addDays(today, 40)}`]])
  t.equal(created.statusCode, 303)
  const round = await app.db.selectFrom('round').selectAll().where('survey_id', '=', survey.id).executeTakeFirstOrThrow()
  t.equal(round.name, today.slice(0, 4))
  for (const url of ['/admin/digitalisering', '/admin/digitalisering/omgang', '/admin/digitalisering/organisationer', '/admin/digitalisering/utskick', '/admin/digitalisering/bortfall', '/admin/digitalisering/resultat']) {
    const after = await c.get(url)
    t.equal(after.statusCode, 200, url)
    t.notMatch(after.body, 'Enkäten har ingen omgång än')
  }

  const again = await c.postFrom(reviewUrl, path, [['kortnamn', 'digitalisering']])
  t.equal(again.statusCode, 422, 'confirming twice makes no second survey')
  t.match(again.body, 'Kortnamn: det finns redan en enkät digitalisering.')
  t.equal((await app.db.selectFrom('survey').select('id').execute()).length, 2)
})

t.test('bad input: Swedish messages by the field, what was typed kept, nothing stored, never a 500', async (t) => {
  const { app, c } = await loggedIn(t)
  const csrf = /name="_csrf" value="([^"]*)"/.exec((await c.get('/admin/enkater/ny')).body)![1]!
  const send = async (slug: string, content: string | Buffer | null, token = csrf) => {
    const { payload, contentType } = content === null
      ? multipartBody({ _csrf: token, kortnamn: slug }, { name: '', type: 'application/octet-stream', content: '' })
      : multipartBody({ _csrf: token, kortnamn: slug }, { name: 'fil.json', type: 'application/json', content })
    return await app.inject({ method: 'POST', url: '/admin/enkater/ny', payload, headers: { 'content-type': contentType, cookie: c.cookieHeader } })
  }
  const counts = async () => ({
    surveys: (await app.db.selectFrom('survey').select('id').execute()).length,
    versions: (await app.db.selectFrom('questionnaire_version').select('hash').execute()).length,
    audit: (await app.db.selectFrom('audit_log').select('id').where('action', '=', 'survey_created').execute()).length
  })
  const before = await counts()

  const badSlug = await send('Digitalisering!', example)
  t.equal(badSlug.statusCode, 422)
  t.match(badSlug.body, 'Kortnamn: använd små bokstäver a–z')
  t.match(badSlug.body, 'href="#kortnamn"')
  t.match(badSlug.body, 'value="Digitalisering!"', 'the slug typed is kept')
  const reserved = await send('resultat', example)
  t.equal(reserved.statusCode, 422)
  t.match(reserved.body, 'Kortnamn: resultat är namnet på en sida i administrationen')
  t.match((await send('enkater', example)).body, 'enkater är namnet på en sida i administrationen')
  const taken = await send('internationella-samarbeten', example)
  t.equal(taken.statusCode, 422)
  t.match(taken.body, 'det finns redan en enkät internationella-samarbeten')
  t.match(taken.body, 'value="internationella-samarbeten"')

  const notJson = await send('digitalisering', 'inte json')
  t.equal(notJson.statusCode, 422)
  t.match(notJson.body, 'Frågeformulär: (filen): är inte giltig JSON')
  t.match(notJson.body, 'href="#file"')
  t.match(notJson.body, 'value="digitalisering"')
  const mistakes = await send('digitalisering', JSON.stringify({ format: 1, enkät: 'X', titel: 'X' }))
  t.equal(mistakes.statusCode, 422)
  t.match(mistakes.body, 'Frågeformulär: inledning: saknas')
  const both = await send('Ny Enkät', 'inte json')
  t.match(both.body, 'Det finns 2 problem att rätta', 'the slug and the file are both checked')
  const noFile = await send('digitalisering', null)
  t.equal(noFile.statusCode, 422)
  t.match(noFile.body, 'Frågeformulär: välj en fil att ladda upp.')
  const tooLarge = await send('digitalisering', Buffer.alloc(1024 * 1024 + 10, 0x20))
  t.equal(tooLarge.statusCode, 413)
  t.match(tooLarge.body, 'Frågeformulär: filen är större än 1 MB.')
  t.match(tooLarge.body, 'value="digitalisering"')
  const forged = await send('digitalisering', example, 'förfalskad')
  t.equal(forged.statusCode, 403, 'the CSRF token is checked')
  t.match(forged.body, 'Ingenting har sparats')
  const notMultipart = await c.post('/admin/enkater/ny', [['_csrf', csrf], ['kortnamn', 'digitalisering']])
  t.equal(notMultipart.statusCode, 400)
  t.match(notMultipart.body, 'välj en fil att ladda upp')
  t.same(await counts(), before, 'nothing stored: no survey, no questionnaire version, no audit entry')

  // A file that passed, then a slug changed on the review page to one that does not.
  const good = await send('digitalisering', example)
  t.equal(good.statusCode, 303)
  const path = (good.headers.location as string).split('?')[0]!
  const bad = await c.postFrom(good.headers.location as string, path, [['kortnamn', 'logga-in']])
  t.equal(bad.statusCode, 422)
  t.match(bad.body, 'Kortnamn: logga-in är namnet på en sida i administrationen')
  t.match(bad.body, 'value="logga-in"')
  const forgedConfirm = await c.post(path, [['_csrf', 'förfalskad'], ['kortnamn', 'digitalisering']])
  t.equal(forgedConfirm.statusCode, 403)
  t.equal((await counts()).surveys, before.surveys, 'still no survey')

  // The review form sent again under another slug would make a second survey of the same title.
  t.equal((await c.postFrom(good.headers.location as string, path, [['kortnamn', 'digitalisering']])).statusCode, 303)
  const twice = await c.postFrom(good.headers.location as string, path, [['kortnamn', 'digitalisering2']])
  t.equal(twice.statusCode, 422)
  t.match(twice.body, 'det finns redan en enkät med titeln Digitalisering i kommuner och regioner (kortnamn digitalisering)')
  t.equal((await counts()).surveys, before.surveys + 1, 'one survey made')
})
