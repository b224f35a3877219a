import t from 'tap'
import { loggedIn } from '../helpers/admin.js'
import { openExampleSurvey } from '../helpers/surveys.js'

// A survey without the first survey's module names the regions as its round does (2019 names: "regioner") on every
// page, and leads to no trend series or report chapter it does not have.
t.test('the example survey: one word for the regions, no links to trends it lacks', async (t) => {
  const { app, c } = await loggedIn(t)
  await openExampleSurvey(app)
  for (const page of ['', '/svarskurva', '/organisationer', '/bortfall']) {
    const body = (await c.get(`/admin/digitalisering${page}`)).body
    t.notMatch(body, /[Ll]andsting\/regioner/, `/admin/digitalisering${page} says "regioner" only`)
  }
  t.match((await c.get('/admin/digitalisering/svarskurva')).body, '<th scope="col" class="num">Regioner</th>')
  t.match((await c.get('/admin/digitalisering/organisationer')).body, '<option value="region">Regioner</option>')
  const compared = (await c.get('/admin/digitalisering/resultat/omgangar')).body
  t.notMatch(compared, 'trender.csv', 'no link to a trend file the survey does not have')
  t.notMatch(compared, 'Utvecklingen sedan 2007')
  const first = (await c.get('/admin/internationella-samarbeten/resultat/omgangar')).body
  t.match(first, 'trender.csv', 'the first survey keeps its link')
  t.match((await c.get('/admin/internationella-samarbeten/svarskurva')).body, /Landsting\/regioner|Regioner/, 'the first survey names its round\'s regions')
})
