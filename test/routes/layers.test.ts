// The layering the architecture relies on, read from the sources: which files may name a question, which may query
// the database, and which imports run the wrong way. Each rule fails with the file and line that break it.
import t from 'tap'
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fromRoot } from '../../server/paths.js'

/** The TypeScript sources under a folder of server/, as [path from the root, text]. */
function sources (folder: string): Array<[string, string]> {
  const dir = fromRoot('server', folder)
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.ts'))
    .map((f) => [relative(fromRoot(), join(dir, f)), readFileSync(join(dir, f), 'utf8')])
}

/** The lines of a source that match, as "path:line: text", leaving out comments. */
function offending (path: string, text: string, pattern: RegExp): string[] {
  return text.split('\n').flatMap((line, i) => {
    const code = line.replace(/\/\/.*$/, '').replace(/^\s*(\/\*\*|\*).*$/, '')
    return pattern.test(code) ? [`${path}:${i + 1}: ${line.trim()}`] : []
  })
}

t.test('question ids are named only in the questionnaire files and in this survey\'s own modules', async (t) => {
  // The questionnaire versions are JSON files (server/questionnaire/versions/), not code. survey-figures.ts holds the
  // report's derived figures (each declaring the ids it reads); survey-demo.ts the synthetic round shaped like the report.
  const own = new Set(['server/questionnaire/survey-figures.ts', 'server/questionnaire/survey-demo.ts'])
  const found = sources('').filter(([path]) => !own.has(path)).flatMap(([path, text]) => offending(path, text, /\bq\d{2}\b/))
  t.same(found, [], 'no question id outside the questionnaire files and the survey\'s own modules')
})

t.test('no route file holds a database query', async (t) => {
  const query = /\b(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|executeQuery)\b|\bsql`|\.prepare\(/
  const found = sources('routes').flatMap(([path, text]) => offending(path, text, query))
  t.same(found, [], 'queries live in repositories and services, not in routes')
})

t.test('no route area imports another, and statistics do not import results', async (t) => {
  const areaOf = (path: string): string => path.split('/').slice(0, 3).join('/').replace(/\.ts$/, '')
  const found: string[] = []
  for (const [path, text] of sources('routes')) {
    for (const m of text.matchAll(/from '(\.[^']+)'/g)) {
      const target = relative(fromRoot(), join(fromRoot(path), '..', m[1] as string)).replace(/\.js$/, '.ts')
      if (target.startsWith('server/routes/') && areaOf(target) !== areaOf(path)) found.push(`${path} imports ${target}`)
    }
  }
  for (const [path, text] of sources('statistics')) {
    for (const m of text.matchAll(/from '(\.[^']+)'/g)) {
      if ((m[1] as string).includes('/results/')) found.push(`${path} imports ${m[1] as string}`)
    }
  }
  t.same(found, [])
})

t.test('the rules see what they look for (a check that finds nothing anywhere proves nothing)', async (t) => {
  t.ok(sources('questionnaire').some(([path, text]) => path.endsWith('survey-figures.ts') && /\bq04\b/.test(text)), 'the survey\'s figures name q04')
  t.ok(sources('survey').some(([, text]) => /\bselectFrom\b/.test(text)), 'the repositories hold queries')
  t.ok(sources('routes').some(([, text]) => /from '\.\.\/\.\.\/survey\//.test(text)), 'routes import services')
  t.ok(sources('routes').length > 10, 'the route files are read')
})

t.test('no question number is written by hand: numbers come from the round\'s questionnaire version', async (t) => {
  // "Fråga 4" in code, a view or a questionnaire file goes wrong as soon as a version adds a question before it.
  // The reference data (server/reference/) quotes the published reports and is left out.
  const literal = /\b[Ff]råg(a|orna|an) \d/
  const files = (dir: string, ext: string): Array<[string, string]> => (readdirSync(fromRoot(dir), { recursive: true }) as string[])
    .filter((f) => f.endsWith(ext)).map((f) => [join(dir, f), readFileSync(fromRoot(dir, f), 'utf8')])
  const all = [...sources('').filter(([path]) => !path.startsWith('server/reference/')), ...files('views', '.eta'), ...files('server/questionnaire/versions', '.json')]
  t.ok(all.some(([path]) => path.endsWith('.eta')) && all.some(([path]) => path.endsWith('2018.json')), 'views and questionnaire files are read')
  t.ok(offending('x.ts', 'const a = `Fråga 4. Aktivitetsgrad`', literal).length === 1, 'the rule sees a number typed by hand')
  t.same(all.flatMap(([path, text]) => offending(path, text, literal)), [], 'every question number is computed')
})

t.test('every request and command names its survey: the server never asks for "the" current round', async (t) => {
  // currentRound and requireCurrentRound take the survey's id; without it they answer for the first survey, which
  // only callers from before there were several surveys (tests) may rely on.
  const oneArgument = /\b(currentRound|requireCurrentRound|roundSummaries|registerRounds)\((app\.db|db|trx)\)/
  const found = sources('').flatMap(([path, text]) => offending(path, text, oneArgument))
  t.same(found, [], 'each call passes the survey')
})

t.test('no branch on a question\'s kind (or a row field\'s type) outside server/questionnaire/kinds/', async (t) => {
  // Adding a kind must mean touching kinds/ only: everything else asks the kind module (tables, options, appendix,
  // free text, row lists, figure checks). Other objects with a `type` (multipart parts) are not questions.
  const branch = /\b(q|f|x|old|question|field|qq)\??\.type\s*(===|!==|==|!=)|\.question\([^)]*\)\??\.type\s*(===|!==)|switch \((q|f|question|field)\.type\)/
  t.ok(offending('x.ts', "if (q.type === 'rows') return []", branch).length === 1, 'the rule sees a question branch')
  t.ok(offending('x.ts', "const kinds = field?.type === 'choice' ? 1 : 2", branch).length === 1, 'the rule sees a field branch')
  t.ok(offending('x.ts', "if (qn.question(id).type === 'single') out[id] = 1", branch).length === 1, 'the rule sees a looked-up question\'s branch')
  t.ok(offending('x.ts', "if (part.type === 'file' && part.fieldname === 'file') {}", branch).length === 0, 'a multipart part is no question')
  t.ok(sources('questionnaire/kinds').some(([path, text]) => offending(path, text, branch).length > 0), 'the kinds themselves branch, so the rule reads what it looks for')
  const found = sources('').filter(([path]) => !path.startsWith('server/questionnaire/kinds/')).flatMap(([path, text]) => offending(path, text, branch))
  t.same(found, [], 'each kind\'s behaviour lives in its module under kinds/')
})
