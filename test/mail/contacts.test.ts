import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { runCli } from '../../server/cli.js'
import type { CliIo } from '../../server/cli/types.js'
import { importContacts, organisationCodes, parseContactsCsv } from '../../server/mail/contacts.js'
import { buildTestApp, tempDir, testEnv } from '../helpers/app.js'

const enc = (s: string): Uint8Array => new TextEncoder().encode(s)

t.test('a good file with commas', async (t) => {
  const { app } = await buildTestApp(t)
  const codes = await organisationCodes(app.db)
  const parsed = parseContactsCsv(enc('kod,e-post,namn\n0180,anna@stockholm.se,Anna Andersson\n0180,bo@stockholm.se,\n14,Eva@VGREGION.se,"Eva, internationell chef"\n'), codes)
  t.ok(parsed.ok)
  if (!parsed.ok) return
  t.same(parsed.rows.map((r) => [r.code, r.email, r.name]), [
    ['0180', 'anna@stockholm.se', 'Anna Andersson'], ['0180', 'bo@stockholm.se', null], ['14', 'eva@vgregion.se', 'Eva, internationell chef']
  ])
  t.same(await importContacts(app.db, parsed.rows, new Date()), { ok: true, added: 3, updated: 0, widened: 0, kept: 0 })
  t.same(await importContacts(app.db, parsed.rows, new Date()), { ok: true, added: 0, updated: 3, widened: 0, kept: 0 }, 'importing again adds nothing')
})

t.test('Excel: BOM, semicolons, CRLF, dropped leading zeros, Windows-1252', async (t) => {
  const { app } = await buildTestApp(t)
  const codes = await organisationCodes(app.db)
  const excel = parseContactsCsv(enc('\uFEFFKommunkod;E-post;Namn\r\n114;kontakt@upplandsvasby.se;Åsa Öberg\r\n1;info@sll.se;\r\n;;\r\n'), codes)
  t.ok(excel.ok)
  if (excel.ok) t.same(excel.rows.map((r) => [r.code, r.name]), [['0114', 'Åsa Öberg'], ['01', null]])
  const latin1 = Buffer.from('kod;e-post;namn\r\n0180;a@b.se;Åsa Öberg\r\n', 'latin1')
  const old = parseContactsCsv(latin1, codes)
  t.ok(old.ok)
  if (old.ok) t.equal(old.rows[0]!.name, 'Åsa Öberg', 'Windows-1252 understood')
})

t.test('Excel\'s "sep=;" first line names the delimiter, and problem lines still count it', async (t) => {
  const { app } = await buildTestApp(t)
  const codes = await organisationCodes(app.db)
  const withSep = parseContactsCsv(enc('sep=;\r\nkod;e-post;namn\r\n0180;anna@stockholm.se;Anna, chef\r\n'), codes)
  t.ok(withSep.ok, 'read, not refused for a missing column')
  if (withSep.ok) t.same(withSep.rows.map((r) => [r.code, r.email, r.name]), [['0180', 'anna@stockholm.se', 'Anna, chef']])
  const bad = parseContactsCsv(enc('sep=;\nkod;e-post\n0180;a@stockholm.se\n9999;x@y.se\n'), codes)
  t.notOk(bad.ok)
  if (!bad.ok) t.same(bad.problems.map((p) => p.line), [4], 'the fourth line of the file, as a spreadsheet shows it')
})

t.test('a file with bad rows changes nothing and lists every problem line', async (t) => {
  const { app } = await buildTestApp(t)
  const codes = await organisationCodes(app.db)
  const bad = parseContactsCsv(enc([
    'kod;e-post;namn',
    '0180;anna@stockholm.se;Anna',
    '9999;x@y.se;Okänd',
    '0180;inte-en-adress;Bo',
    '0180;anna@stockholm.se;Anna igen',
    '1480;evil@goteborg.se;"Eva\r\nBcc: all@example.com"',
    '1480;;'
  ].join('\n')), codes)
  t.notOk(bad.ok)
  if (bad.ok) return
  t.same(bad.problems.map((p) => p.line), [3, 4, 5, 6, 7], 'rows as Excel numbers them (a quoted line break stays in its row)')
  t.match(bad.problems[0]!.message, 'okänd kod ”9999”')
  t.match(bad.problems[1]!.message, 'ogiltig e-postadress')
  t.match(bad.problems[2]!.message, 'samma kod och e-postadress som rad 2')
  t.match(bad.problems[3]!.message, 'otillåtna tecken')
  t.match(bad.problems[4]!.message, 'e-postadressen saknas')
  for (const [text, message] of [['', 'tom'], ['namn;adress\nx;y', 'Kolumnen för organisationens kod saknas'], ['kod;e-post\n"0180;a@b.se', 'kunde inte läsas som CSV']] as Array<[string, string]>) {
    const r = parseContactsCsv(enc(text), codes)
    t.notOk(r.ok)
    if (!r.ok) t.match(r.problems[0]!.message, message)
  }
})

t.test('CLI import: all or nothing, non-zero exit with the problem lines', async (t) => {
  const dir = tempDir(t)
  const env = testEnv(dir)
  const out: string[] = []
  const io: CliIo = { out: (l) => { out.push(l) }, err: (l) => { out.push(l) }, confirm: null }
  writeFileSync(join(dir, 'bad.csv'), 'kod;e-post\n0180;a@stockholm.se\n0000;b@x.se\n')
  t.equal(await runCli(['contacts', 'import', join(dir, 'bad.csv')], env, io), 1)
  t.match(out.join('\n'), 'Ingenting importerades')
  t.match(out.join('\n'), 'rad 3: okänd kod')
  writeFileSync(join(dir, 'good.csv'), '\uFEFFkod;e-post;namn\r\n0180;a@stockholm.se;A\r\n')
  t.equal(await runCli(['contacts', 'import', join(dir, 'good.csv')], env, io), 0)
  t.match(out.join('\n'), 'Importerade 1 kontakt: 1 ny (kontakter för alla enkäter).')
  const { app } = await buildTestApp(t, { dir })
  const contacts = await app.db.selectFrom('contact').selectAll().execute()
  t.equal(contacts.length, 1, 'only the good file was stored')
})
