import { readFileSync } from 'node:fs'
import t from 'tap'
import { loggedIn } from '../helpers/admin.js'
import { openExampleSurvey } from '../helpers/surveys.js'
import { fromRoot } from '../../server/paths.js'
import { checkNewSurvey, createSurvey } from '../../server/survey/new-survey.js'

const disposition = (headers: Record<string, unknown>): string => String(headers['content-disposition'] ?? '')

t.test('another survey\'s downloads carry its slug; the first survey\'s keep their names', async (t) => {
  const { c } = await loggedIn(t)
  const { round } = await openExampleSurvey(c.app)
  for (const [path, name] of [['results.csv', 'resultat'], ['responses.csv', 'svar'], ['kodbok.csv', 'kodbok']] as const) {
    const first = await c.get(`/admin/resultat/${path}`)
    t.equal(first.statusCode, 200)
    t.equal(disposition(first.headers), `attachment; filename="${name}-${round.name}.csv"`)
    const other = await c.get(`/admin/digitalisering/resultat/${path}`)
    t.equal(other.statusCode, 200)
    t.equal(disposition(other.headers), `attachment; filename="digitalisering-${name}-${round.name}.csv"`)
  }
})

t.test('a download of a survey with no round yet is refused with a Swedish page, not a 200', async (t) => {
  const { app, c } = await loggedIn(t)
  const content = readFileSync(fromRoot('server', 'questionnaire', 'examples', 'digitalisering.json'), 'utf8')
  const checked = await checkNewSurvey(app.db, 'digitalisering', content)
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems))
  await createSurvey(app.db, 'digitalisering', content, checked.questionnaire, 'test', new Date())
  for (const path of ['/admin/digitalisering/resultat/results.csv', '/admin/digitalisering/resultat/responses.xlsx', '/admin/digitalisering/resultat/kodbok.csv']) {
    const res = await c.get(path)
    t.equal(res.statusCode, 409, path)
    t.match(res.body, 'Enkäten har ingen omgång')
    t.equal(disposition(res.headers), '', 'no file')
  }
  const page = await c.get('/admin/digitalisering/resultat')
  t.equal(page.statusCode, 200, 'a page still explains what to do')
  t.match(page.body, 'ingen omgång än')
})
