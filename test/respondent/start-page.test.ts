import t from 'tap'
import { addDays, formatDate, swedishDate } from '../../server/survey/clock.js'
import { currentRound } from '../../server/survey/rounds.js'
import { buildTestApp } from '../helpers/app.js'
import { file2018, fileText, useRoundQuestionnaire } from '../helpers/questionnaire.js'
import { openLink, Respondent, submitFromReview } from '../helpers/respondent.js'

// The start page is a task list (the GOV.UK pattern): every part with its status, parts that do not apply yet say
// which answer brings them, with question numbers of the round's own version. Section pages say "Del 2 av 5".

/** Each task of the start page's list as "name | status | hint". */
function tasks (html: string): string[] {
  const list = /<ul class="task-list"[\s\S]*?<\/ul>/.exec(html)?.[0] ?? ''
  return Array.from(list.matchAll(/<li class="task[^"]*">([\s\S]*?)<\/li>/g)).map((m) => {
    const text = (cls: string): string => new RegExp(`class="${cls}"[^>]*>([\\s\\S]*?)</(?:div|p)>`).exec(m[1]!)?.[1]?.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim() ?? ''
    const name = /Del [A-Z]\.[^<]*|Granska och skicka in/.exec(m[1]!)?.[0] ?? ''
    return [name, text('task-status'), text('task-hint')].filter((s) => s !== '').join(' | ')
  })
}

function deadlineSentences (html: string): number {
  return (html.match(/Svara senast|Sista svarsdagen|Sista dag att svara/g) ?? []).length
}

t.test('before anything is answered: not started, or shown when question 1 is answered Ja; no link to parts that do not apply', async (t) => {
  const { app, tokenFor } = await buildTestApp(t)
  const r = new Respondent(app)
  await r.open(await tokenFor('0180'))
  const start = await r.get('/enkat')
  t.same(tasks(start.body), [
    'Del A. Internationellt engagemang | Inte påbörjad',
    'Del B. Vänorter och kommunala partnerskap | Visas om ni svarar Ja på fråga 1',
    'Del C. Andra internationella samarbeten | Visas om ni svarar Ja på fråga 2',
    'Del D. Mervärden och hinder | Visas om ni svarar Ja på fråga 1 eller fråga 2',
    'Del E. Avslutning | Inte påbörjad',
    'Granska och skicka in | Inte inskickad'
  ])
  t.notMatch(start.body, 'Hoppas över', 'nothing is said to be skipped before anything is answered')
  t.notMatch(start.body, 'href="/enkat/del/b"', 'a part that does not apply yet has no link')
  t.match(start.body, 'aria-describedby="del-a-status"', 'the status is read with the link')
  t.equal(deadlineSentences(start.body), 1, 'one sentence about the deadline')
  const round = (await currentRound(app.db))!
  t.match(start.body, `Svara senast den ${formatDate(round.deadline_on)}.`)
  t.notMatch(start.body, formatDate(round.closes_on), 'the closing day is not put beside the deadline')
  for (const url of ['/enkat/granska', '/enkat/sparat']) {
    const page = (await r.get(url)).body
    t.equal(deadlineSentences(page), 1, `${url}: one sentence about the deadline`)
    t.notMatch(page, formatDate(round.closes_on), `${url}: no second date beside it`)
  }
})

t.test('after answering: saved, skipped with the reason, and the sections count "Del 2 av 5"', async (t) => {
  const { app, tokenFor } = await buildTestApp(t)
  const r = new Respondent(app)
  await r.open(await tokenFor('0180'))
  t.match((await r.get('/enkat/del/a')).body, '<span class="progress-count">Del 1 av 5</span>')
  await r.saveSection('a', [['q01', 'yes'], ['q02', 'no']])
  const list = tasks((await r.get('/enkat')).body)
  t.same(list, [
    'Del A. Internationellt engagemang | Sparad',
    'Del B. Vänorter och kommunala partnerskap | Inte påbörjad',
    'Del C. Andra internationella samarbeten | Hoppas över | Visas om ni svarar Ja på fråga 2.',
    'Del D. Mervärden och hinder | Inte påbörjad',
    'Del E. Avslutning | Inte påbörjad',
    'Granska och skicka in | Inte inskickad'
  ])
  const b = await r.get('/enkat/del/b')
  t.match(b.body, '<span class="progress-count">Del 2 av 5</span>')
  t.match(b.body, '<a href="/enkat">Alla delar och deras status</a>')
  t.notMatch(b.body, /Steg \d/, 'no step count that includes the review page')
  t.match((await r.get('/enkat/del/e')).body, 'Del 5 av 5', 'the count is the same however many parts are skipped')
  t.notMatch((await r.get('/enkat/granska')).body, /Del \d av 5/, 'the review page is not a part')
})

t.test('the question number comes from the round\'s version, never a literal', async (t) => {
  const { app, tokenFor } = await buildTestApp(t)
  const file = file2018()
  const a = file.delar[0]!
  a.frågor.unshift({ id: 'q00', typ: 'single', text: 'Har {org} en internationell strategi?', alternativ: [{ id: 'yes', text: 'Ja' }, { id: 'no', text: 'Nej' }] } as (typeof a.frågor)[number])
  file.resultatkapitel[0]!.frågor.unshift('q00')
  await useRoundQuestionnaire(app, fileText(file))
  const r = new Respondent(app)
  await r.open(await tokenFor('0180'))
  const list = tasks((await r.get('/enkat')).body)
  t.equal(list[1], 'Del B. Vänorter och kommunala partnerskap | Visas om ni svarar Ja på fråga 2')
  t.equal(list[3], 'Del D. Mervärden och hinder | Visas om ni svarar Ja på fråga 2 eller fråga 3')
})

t.test('submitted: one sentence about how long answers can be changed, no deadline beside it', async (t) => {
  const { app, tokenFor } = await buildTestApp(t)
  const r = new Respondent(app)
  await r.open(await tokenFor('0180'))
  await r.saveSection('a', [['q01', 'no'], ['q02', 'no']])
  t.equal((await submitFromReview(r)).location, '/enkat/kvitto')
  const start = (await r.get('/enkat')).body
  const round = (await currentRound(app.db))!
  t.match(start, `Ni kan ändra dem till och med den ${formatDate(round.closes_on)}.`)
  t.equal(deadlineSentences(start), 0)
  t.match(tasks(start).at(-1), 'Granska och skicka in | Inskickad')
})

t.test('past the deadline while the round is open: both days in one sentence', async (t) => {
  const { app, tokenFor } = await buildTestApp(t)
  const round = (await currentRound(app.db))!
  const today = swedishDate(new Date())
  await app.db.updateTable('round').set({ opens_on: addDays(today, -30), deadline_on: addDays(today, -2), closes_on: addDays(today, 10) }).where('id', '=', round.id).execute()
  const r = new Respondent(app)
  await r.open(await tokenFor('0180'))
  const start = (await r.get('/enkat')).body
  t.match(start, `Sista svarsdagen var den ${formatDate(addDays(today, -2))}, men ni kan fortfarande svara till och med den ${formatDate(addDays(today, 10))}.`)
  t.equal(deadlineSentences(start), 1)
})

t.test('the link page of a closed round says so and offers to read the answers, not to save and continue', async (t) => {
  const { app, tokenFor } = await buildTestApp(t)
  const token = await tokenFor('0180')
  const open = await app.inject({ method: 'GET', url: `/s/${token}` })
  t.match(open.body, 'Ni kan spara och fortsätta senare')
  t.match(open.body, 'Svara senast den')
  t.match(open.body, '>Öppna enkäten</button>')
  const round = (await currentRound(app.db))!
  t.match(open.body, `Internationella samarbeten ${round.name}</p>`, 'the header names the round')
  t.notMatch(open.body, /\bundefined\b|\bnull\b|NaN/, 'and nothing the page lacked shows as a word')
  const yesterday = addDays(swedishDate(new Date()), -1)
  await app.db.updateTable('round').set({ opens_on: addDays(yesterday, -60), deadline_on: addDays(yesterday, -10), closes_on: yesterday }).where('id', '=', round.id).execute()
  const closed = await app.inject({ method: 'GET', url: `/s/${token}` })
  t.equal(closed.statusCode, 200)
  t.match(closed.body, `Enkäten stängde den ${formatDate(yesterday)}.`)
  t.notMatch(closed.body, 'spara och fortsätta', 'no promise of saving')
  t.notMatch(closed.body, 'Öppna enkäten</button>')
  t.match(closed.body, '>Läs era svar</button>')
  const opened = await openLink(app, token)
  t.equal(opened.location, '/enkat', 'the button still opens the answers to read')
})
