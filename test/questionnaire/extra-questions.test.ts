import t from 'tap'
import { computeFigures, type Unit } from '../../server/results/figures.js'
import { figureText } from '../helpers/figures.js'
import { currentRound } from '../../server/survey/rounds.js'
import { buildTestApp } from '../helpers/app.js'
import { file2018, fileText, useRoundQuestionnaire } from '../helpers/questionnaire.js'
import { AdminClient, createAdmin } from '../helpers/admin.js'
import { Respondent, submitFromReview } from '../helpers/respondent.js'

// The questionnaire is data: a version of the 2018 file with one more question of every kind, in a sixth part,
// runs through pages, save, review, submit, results, responses.csv and the codebook without any other change.

const extra = [
  { id: 'x_single', typ: 'single', text: 'Har {org} en internationell strategi?', alternativ: [{ id: 'yes', text: 'Ja' }, { id: 'no', text: 'Nej' }] },
  {
    id: 'x_multi',
    typ: 'multi',
    text: 'Vilka språk används i samarbetena?',
    annat_max_tecken: 200,
    alternativ: [{ id: 'english', text: 'Engelska' }, { id: 'german', text: 'Tyska' }, { id: 'other', text: 'Annat, nämligen:', annat: true }],
    visas_när: { alla: [{ fråga: 'x_single', svar: 'yes' }] }
  },
  { id: 'x_text', typ: 'text', text: 'Beskriv strategin kort.', max_tecken: 500 },
  { id: 'x_contact', typ: 'contact', text: 'Vem äger strategin?', fält: [{ id: 'name', text: 'Namn', inmatning: 'text', autocomplete: 'name', max_tecken: 100 }] },
  {
    id: 'x_rows',
    typ: 'rows',
    text: 'Ange {org}s studieresor.',
    max_rader: 10,
    radnamn: 'Studieresa',
    tabellrubrik: 'Studieresor',
    fält: [
      { id: 'place', text: 'Ort', typ: 'text', max_tecken: 100, obligatorisk: true },
      { id: 'country', text: 'Land', typ: 'land' },
      { id: 'purpose', text: 'Syfte', typ: 'val', alternativ: [{ id: 'learn', text: 'Lärande' }, { id: 'network', text: 'Nätverk' }] }
    ]
  }
]

function extended (): string {
  const file = file2018()
  return fileText({
    ...file,
    version: '2018-utökad',
    delar: [...file.delar, { id: 'f', bokstav: 'F', rubrik: 'Strategi och studieresor', begrepp: [], frågor: extra }],
    resultatkapitel: [...file.resultatkapitel, { rubrik: 'Strategi och studieresor', flik: 'Strategi', frågor: extra.map((q) => q.id) }]
  })
}

t.test('one extra question of every kind runs through pages, save, review, submit, results and exports', async (t) => {
  const { app, tokenFor } = await buildTestApp(t)
  await useRoundQuestionnaire(app, extended())
  const r = new Respondent(app)
  await r.open(await tokenFor('0180'))
  await r.saveSection('a', [['q01', 'no'], ['q02', 'no'], ['q03', 'lack_of_time']])

  const page = await r.get('/enkat/del/f')
  t.equal(page.statusCode, 200)
  for (const q of extra) t.match(page.body, `id="${q.id}"`, `${q.id} is on the page`)
  t.match(page.body, 'Fråga 19', 'numbered after the 18 questions')
  t.match(page.body, 'Fråga 23')
  t.match(page.body, 'Har er kommun en internationell strategi?', 'the organisation filled in')

  const wrong = await r.saveSection('f', [['x_single', 'perhaps'], ['x_rows.0.place', 'Bryssel'], ['x_rows.0.country', 'Atlantis']])
  t.equal(wrong.statusCode, 422, 'checked by its kind')
  t.match(wrong.body, 'Välj bland svarsalternativen.')
  t.match(wrong.body, 'Känner inte igen ”Atlantis”')
  t.match(wrong.body, 'value="Bryssel"', 'what was typed is kept')

  const saved = await r.saveSection('f', [
    ['x_single', 'yes'], ['x_multi', 'english'], ['x_multi.other', 'Franska'], ['x_text', 'Antagen 2019.'], ['x_contact.name', 'Eva Ek'],
    ['x_rows.0.place', 'Bryssel'], ['x_rows.0.country', 'Belgien'], ['x_rows.0.purpose', 'learn'],
    ['x_rows.1.place', 'Tallinn'], ['x_rows.1.country', 'Estland'], ['x_rows.1.purpose', 'network']
  ])
  t.equal(saved.statusCode, 303)
  t.match(saved.location, '/enkat/granska', 'the new last section leads to the review')

  const back = await r.get('/enkat/del/f')
  t.match(back.body, 'value="Tallinn"', 'stored rows come back')
  t.match(back.body, /name="x_rows.0.country" value="Belgien"/)
  t.match(back.body, /value="english" checked|value="english"[^>]*checked/)

  const review = await r.get('/enkat/granska')
  t.match(review.body, 'F. Strategi och studieresor')
  for (const text of ['Ja', 'Engelska', 'Annat: Franska', 'Antagen 2019.', 'Eva Ek', 'Bryssel', 'Belgien', 'Lärande', 'Nätverk']) t.match(review.body, text, `review shows ${text}`)
  t.equal((await submitFromReview(r)).statusCode, 303)

  const round = (await currentRound(app.db))!
  const figures = await computeFigures(app.db, round.id)
  const f = (q: string, o: string, unit: Unit = 'organisations'): string => figureText(figures, q, o, 'kommuner', unit).split(' ')[0] ?? ''
  t.equal(f('x_single', 'yes'), '1/1')
  t.equal(f('x_multi', 'english'), '1/1')
  t.equal(f('x_multi', 'other'), '1/1')
  t.equal(f('x_text', 'answered'), '1/1')
  t.equal(f('x_rows', 'purpose=learn', 'rows'), '1/2')
  t.equal(f('x_rows', 'country=EE', 'rows'), '1/2')
  t.notOk(figures.some((x) => x.question === 'x_contact'), 'contact details are never a figure')

  await createAdmin(app)
  const admin = new AdminClient(app)
  await admin.login()
  const results = await admin.get('/admin/resultat')
  t.match(results.body, 'Strategi och studieresor', 'the new chapter is on the results page')
  t.match(results.body, 'Fråga 23. Studieresor per syfte')
  const csv = (await admin.get('/admin/resultat/results.csv')).body
  t.match(csv, /\nx_rows,purpose=network,kommuner,rows,2,1,50\.0,/)
  const responses = (await admin.get('/admin/resultat/responses.csv')).body
  const [header = '', ...lines] = responses.replace('\uFEFF', '').trim().split('\r\n')
  const columns = header.split(',')
  for (const c of ['x_single', 'x_multi_english', 'x_multi_other_text', 'x_text', 'x_rows_1_place', 'x_rows_2_country', 'x_rows_2_purpose']) t.ok(columns.includes(c), `responses.csv has ${c}`)
  t.notOk(columns.includes('x_contact_name'), 'no contact column without asking')
  const stockholm = lines.find((l) => l.startsWith('0180,'))?.split(',') ?? []
  t.equal(stockholm[columns.indexOf('x_rows_2_country')], 'EE')
  t.equal(stockholm[columns.indexOf('x_multi_other_text')], 'Franska')
  const codebook = (await admin.get('/admin/resultat/kodbok.csv')).body
  t.match(codebook, 'x_rows,purpose=learn,,Lärande')
  t.match(codebook, 'x_contact,name,contact,Namn')
  const items = await admin.get('/admin/partiellt-bortfall')
  t.match(items.body, 'Vem äger strategin?', 'item non-response lists the new questions')
})
