import t from 'tap'
import { parseQuestionnaire } from '../../server/questionnaire/questionnaire.js'
import { problemText } from '../../server/questionnaire/file-format.js'
import { file2018, fileText } from '../helpers/questionnaire.js'

// biome-ignore lint/suspicious/noExplicitAny: a test edits a questionnaire file as loose JSON, as an operator would
type Json = Record<string, any>

t.test('a questionnaire file whose mail text has an unknown placeholder is refused, naming it and where', async (t) => {
  const f = file2018() as Json
  f.utskick.inbjudan.text = 'Hej!\n\nVi vill att {organisaton} svarar senast {deadline}.'
  f.utskick.påminnelse_2.ämne = 'Påminnelse till {Organisation}'
  const r = parseQuestionnaire(fileText(f))
  t.notOk(r.ok)
  t.same(r.ok ? [] : r.problems.map(problemText), [
    'utskick.inbjudan.text: {organisaton} är ingen platshållare; tillåtna är {organisation} och {deadline}',
    'utskick.påminnelse_2.ämne: {Organisation} är ingen platshållare; tillåtna är {organisation} och {deadline}'
  ])
  t.ok(parseQuestionnaire(fileText(file2018() as Json)).ok, 'the shipped file is fine')
})
