import t from 'tap'
import { parseQuestionnaire, questionnaire2018, questionnaireHash, shippedContent } from '../../server/questionnaire/questionnaire.js'
import { problemText } from '../../server/questionnaire/file-format.js'
import { missingFigureIds } from '../../server/questionnaire/survey-figures.js'
import { defaultTemplates } from '../../server/mail/templates.js'
import { file2018, fileText } from '../helpers/questionnaire.js'

// The questionnaire file: the shipped 2018 version never changes (every round made before versions were stored is
// given it), and every kind of mistake in a file is named by its path, in Swedish.

// biome-ignore lint/suspicious/noExplicitAny: a test edits a questionnaire file as loose JSON, as an operator would
type Json = Record<string, any>

/** The problems of a changed 2018 file, one line each. */
function problems (change: (f: Json) => void): string[] {
  const f = file2018() as Json
  change(f)
  const r = parseQuestionnaire(fileText(f))
  return r.ok ? [] : r.problems.map(problemText)
}

t.test('the shipped 2018 file is the 2018 questionnaire, byte for byte', async (t) => {
  // Rounds made before questionnaire versions were stored are given this file: changing it would change them.
  t.equal(questionnaireHash(shippedContent('2018')), 'eff9c739211a104e45e0f6865dcf285a281435ac89771928abff58b024d54516', 'pinned hash (update only with a new file name)')
  const qn = questionnaire2018()
  t.equal(qn.questions.length, 18)
  t.same(qn.sections.map((s) => s.letter), ['A', 'B', 'C', 'D', 'E'])
  t.equal(qn.questionNumber('q18'), 18)
  t.equal(qn.contactQuestion()?.id, 'q18')
  t.equal(qn.findSection('b')?.skippedBecause, 'Visas bara om ni svarat Ja på fråga 1 (vänorter eller kommunala partnerskap).', 'numbers in texts are filled in')
  t.same(missingFigureIds(qn), [], 'the 2018 version has every id the figures read')
  t.same(qn.texts.mail, defaultTemplates, 'its mail texts are the ones rounds have always started with')
  t.equal(qn.texts.title, 'Internationella samarbeten')
})

t.test('each kind of mistake is named by its path', async (t) => {
  t.same(problems((f) => { f.delar[1].frågor[3].alternativ[3].id = 'other' }), ['delar[1].frågor[3].alternativ[4].id: "other" finns två gånger'])
  t.same(problems((f) => { delete f.delar[0].frågor[0].text }), ['delar[0].frågor[0].text: saknas'])
  t.same(problems((f) => { f.delar[0].frågor[1].hjalp = 'stavfel' }), ['delar[0].frågor[1]: okänt fält "hjalp"'])
  t.same(problems((f) => { f.delar[2].frågor[0].max_rader = 'många' }), ['delar[2].frågor[0].max_rader: ska vara ett tal'])
  t.same(problems((f) => { f.delar[0].frågor[0].typ = 'slider' }), ['delar[0].frågor[0].typ: ska vara en av single, multi, text, rows, contact'])
  t.same(problems((f) => { f.delar[0].frågor[0].id = 'Fråga 1' }), ['delar[0].frågor[0].id: ska bestå av små bokstäver a–z, siffror och understreck, börjar med en bokstav, högst 40 tecken'])
  t.same(problems((f) => { f.delar[3].frågor[2].visas_när.alla[0].svar = 'kanske' }), ['delar[3].frågor[2].visas_när.alla[0].svar: "kanske" är inte ett alternativ i q15'])
  t.same(problems((f) => { f.delar[0].visas_när = { alla: [{ fråga: 'q15', svar: 'yes' }] } }), ['delar[0].visas_när.alla[0].fråga: "q15" är inte en fråga före den här'])
  t.same(problems((f) => { f.delar[1].visas_när = { någon: [{ fråga: 'q03', svar: 'other' }] } }), ['delar[1].visas_när.någon[0].fråga: "q03" är inte en fråga med ett svarsalternativ (typ single)'])
  t.same(problems((f) => { f.delar[1].frågor.push({ ...f.delar[1].frågor[1] }) }), ['delar[1].frågor[6].id: "q05" finns två gånger'])
  t.same(problems((f) => { f.resultatkapitel[2].frågor.push('q05') }), ['resultatkapitel[2].frågor[4]: "q05" står i mer än ett resultatkapitel'])
  t.same(problems((f) => { f.resultatkapitel[4].frågor = ['q17'] }), ['delar[4].frågor[1].id: "q18" står inte i något resultatkapitel'])
  t.same(problems((f) => { f.resultatkapitel[0].frågor.push('q99') }), ['resultatkapitel[0].frågor[3]: "q99" är inte en fråga i formuläret'])
  t.same(problems((f) => { f.kontaktfråga = 'q17' }), ['kontaktfråga: "q17" är inte en kontaktfråga (typ contact)'])
  t.same(problems((f) => { f.delar[1].begrepp.push('vänort') }), ['delar[1].begrepp[3]: ska bestå av små bokstäver a–z, siffror och understreck, börjar med en bokstav, högst 40 tecken'])
  t.same(problems((f) => { f.delar[1].begrepp.push('ortsnamn') }), ['delar[1].begrepp[3]: "ortsnamn" finns inte bland begreppen'])
  t.same(problems((f) => { f.delar[1].hoppas_över = 'Visas bara om ni svarat Ja på {fråga:q00}.' }), ['delar[1].hoppas_över: {fråga:q00} nämner en fråga som inte finns'])
  t.same(problems((f) => { f.delar[1].frågor[0].icld_kontroll.landfält = 'partner' }), ['delar[1].frågor[0].icld_kontroll.landfält: "partner" är inte ett landfält (typ land) i frågan'])
  t.same(problems((f) => { f.delar[3].frågor[1].alternativ[0].annat = true }), ['delar[3].frågor[1].alternativ[0].annat: bara flervalsfrågor (typ multi) kan ha ett alternativ med fritext'])
  t.same(problems((f) => { f.resultatkapitel[1].flik = 'Vänorter och kommunala partnerskap 2018' }), ['resultatkapitel[1].flik: får vara högst 31 tecken (Excel)'])
  t.same(problems((f) => { f.format = 2 }), ['format: ska vara 1 (den här versionen av filformatet)'])
  const broken = parseQuestionnaire('{ "format": 1, ')
  t.notOk(broken.ok)
  if (!broken.ok) t.match(problemText(broken.problems[0]!), /^\(filen\): är inte giltig JSON: /)
})

t.test('a version without an id the figures read is named', async (t) => {
  const f = file2018() as Json
  f.delar[3].frågor[1].alternativ = f.delar[3].frågor[1].alternativ.filter((o: { id: string }) => o.id !== 'cannot_judge')
  f.delar[1].frågor[0].fält = f.delar[1].frågor[0].fält.map((x: { id: string }) => x.id === 'form' ? { ...x, id: 'samarbetsform' } : x)
  f.delar[1].frågor[0].icld_kontroll.fält = 'samarbetsform'
  const r = parseQuestionnaire(fileText(f))
  t.ok(r.ok, 'the file itself is whole')
  if (!r.ok) return
  t.same(missingFigureIds(r.questionnaire), [
    'Fältet q04.form saknas, men vänortsregistret, länderna och världsdelarna läser det.',
    'Alternativet q15.cannot_judge saknas, men rapportens hinder läser det.'
  ])
  // A question missing altogether, and one of another kind than the figure reads.
  const g = file2018() as Json
  g.delar[2].frågor = g.delar[2].frågor.filter((q: { id: string }) => q.id !== 'q10')
  g.resultatkapitel = g.resultatkapitel.map((c: { frågor: string[] }) => ({ ...c, frågor: c.frågor.filter((id) => id !== 'q10') }))
  g.delar[2].frågor[0] = { id: 'q11', typ: 'text', text: 'Beskriv samarbetet.', max_tecken: 500 }
  const other = parseQuestionnaire(fileText(g))
  t.ok(other.ok, other.ok ? '' : other.problems.map(problemText).join('; '))
  if (!other.ok) return
  t.same(missingFigureIds(other.questionnaire), [
    'Frågan q10 saknas, men andra samarbeten per typ läser den.',
    'Frågan q11 är av typen text, men samarbetsområden som andel av omnämnanden läser den som multi.'
  ])
})
