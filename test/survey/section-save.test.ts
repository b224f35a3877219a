import t from 'tap'
import { saveSectionPage } from '../../server/survey/section-save.js'
import { roundQuestionnaire } from '../../server/survey/round-questionnaire.js'
import { currentRound } from '../../server/survey/rounds.js'
import { buildTestApp } from '../helpers/app.js'
import { answerSnapshot } from '../helpers/db.js'

// The respondent's save as one service: fields checked with the round's version, the response opened on the first
// save, a stale page refused, and the part that comes next found, each as a typed result the route turns into HTTP.

t.test('a part is saved through one call with a typed result', async (t) => {
  const { app } = await buildTestApp(t)
  const round = (await currentRound(app.db))!
  const qn = await roundQuestionnaire(app.db, round.id)
  const org = await app.db.selectFrom('organisation').select('id').where('code', '=', '1480').executeTakeFirstOrThrow()
  const owner = { questionnaire: qn, roundId: round.id, organisationId: org.id, responseId: null, versions: {}, previousResponseId: null }
  const partA = qn.findSection('a')!
  const now = new Date()

  const before = await answerSnapshot(app.db)
  const invalid = await saveSectionPage(app.db, owner, partA, { q01: 'kanske' }, { expectedVersion: 0, findNext: true }, now, 'test')
  t.equal(invalid.kind, 'invalid')
  if (invalid.kind === 'invalid') t.match(invalid.parsed.errors[0]?.summary, /^Fråga 1: /, 'the message names the question by its number in the round’s version')
  t.equal(await answerSnapshot(app.db), before, 'nothing written, not even a response')

  const saved = await saveSectionPage(app.db, owner, partA, { q01: 'yes', q02: 'no' }, { expectedVersion: 0, findNext: true }, now, 'test')
  t.equal(saved.kind, 'saved')
  if (saved.kind !== 'saved') return
  t.equal(saved.next === 'review' || saved.next === null ? saved.next : saved.next.id, 'b', 'twin towns: part B comes next')

  const stale = await saveSectionPage(app.db, { ...owner, responseId: saved.responseId }, partA, { q01: 'no', q02: 'no' }, { expectedVersion: 0, findNext: true }, now, 'test')
  t.equal(stale.kind, 'conflict', 'a page made from an older version is not saved over a newer one')
  const again = await saveSectionPage(app.db, { ...owner, responseId: saved.responseId, versions: { a: 1 } }, partA, { q01: 'no', q02: 'no' }, { expectedVersion: 1, findNext: true }, now, 'test')
  t.equal(again.kind === 'saved' && again.next !== null && again.next !== 'review' ? again.next.id : again.kind, 'e', 'no engagement: parts B, C and D are skipped')
})
