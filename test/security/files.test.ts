// The third security round: U+FFFF / U+FFFE in a text answer were stored, and results.xlsx, responses.xlsx and the
// contacts export were then not well-formed XML. Noncharacters and lone surrogates are now refused like control
// characters, and every XLSX and DOCX the product writes is read back with a strict XML parser.
import JSZip from 'jszip'
import { SaxesParser } from 'saxes'
import t, { type Test } from 'tap'
import { parseContactsCsv } from '../../server/mail/contacts.js'
import { FORBIDDEN_TEXT } from '../../server/http/text-safety.js'
import { loggedIn } from '../helpers/admin.js'
import { storeResponse } from '../helpers/fixtures.js'
import { hiddenFields, Respondent } from '../helpers/respondent.js'

const BAD = ['\uFFFF', '\uFFFE', '\uFDD0', '\uFDEF', '\u{1FFFE}', '\u{10FFFF}', '\u0001']

/** Every XML part of an Office file, parsed strictly (saxes throws on any well-formedness error, forbidden characters included). */
async function strictlyParsed (t: Test, name: string, bytes: Buffer): Promise<void> {
  const zip = await JSZip.loadAsync(bytes)
  const parts = Object.keys(zip.files).filter((f) => f.endsWith('.xml') || f.endsWith('.rels'))
  t.ok(parts.length > 0, `${name} has XML parts`)
  for (const part of parts) {
    const xml = await zip.file(part)!.async('string')
    t.doesNotThrow(() => { new SaxesParser({ xmlns: true }).write(xml).close() }, `${name}: ${part} is well-formed XML`)
  }
}

t.test('6. noncharacters are refused in every text input with a Swedish message, and every XLSX and DOCX parses strictly', async (t) => {
  t.ok(BAD.every((c) => FORBIDDEN_TEXT.test(`a${c}b`)), 'the rule covers every kind')
  t.notOk(FORBIDDEN_TEXT.test('Åbo, Tromsø, 😀 och tab\tradbrytning\n'), 'ordinary text, emoji and line breaks pass')
  const { app, c, tokenFor } = await loggedIn(t)
  // The respondent's forms: a free text of section E, as the attacker posted it (valid UTF-8 of U+FFFF …).
  const r = new Respondent(app)
  await r.open(await tokenFor('0180'))
  for (const ch of BAD) {
    const page = await r.get('/enkat/del/e')
    const res = await r.post('/enkat/del/e', [...hiddenFields(page.body), ['_action', 'next'], ['q17', `Vi samarbetar${ch} med Åbo`]])
    t.equal(res.statusCode, 422, `U+${ch.codePointAt(0)!.toString(16).toUpperCase()} is refused`)
    t.match(res.body, 'Texten innehåller tecken som inte är tillåtna')
    t.match(res.body, 'Vi samarbetar', 'what was typed is kept')
  }
  t.same(await app.db.selectFrom('answer_text').select('value').execute(), [], 'nothing was stored')
  // An encoded lone surrogate never gets past the form parser.
  const page = await r.get('/enkat/del/e')
  const lone = await app.inject({ method: 'POST', url: '/enkat/del/e', headers: { cookie: r.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: `${new URLSearchParams([...hiddenFields(page.body), ['_action', 'next']]).toString()}&q17=%ED%A0%80` })
  t.equal(lone.statusCode, 400)

  // The admin's forms and the CSV import.
  const parsed = parseContactsCsv(Buffer.from('kod;e-post;namn\n0180;anna@stockholm.se;Anna\uFFFE Andersson\n'), new Set(['0180']))
  t.ok('problems' in parsed && JSON.stringify(parsed).includes('otillåtna tecken'), 'the CSV import names the row')
  const template = await c.postFrom('/admin/utskick/invitation', '/admin/utskick/invitation/mall', [['subject', 'Enkät\uFFFF'], ['body', 'Hej\uFDD0 {lank}']])
  t.equal(template.statusCode, 422, 'a mail text with a noncharacter is refused')
  t.match(template.body, 'Ämnesraden innehåller tecken som inte är tillåtna')
  t.match(template.body, 'Texten innehåller tecken som inte är tillåtna')

  // What was stored is ordinary text; every file the product writes parses strictly.
  await storeResponse(app, '1480', { q01: 'yes', q02: 'no', q17: 'Åbo 😀 och Tromsø', q18: { name: 'Anna 😀', email: 'anna@goteborg.se', phone: '031-00 00 00' } }, new Date())
  const get = async (url: string): Promise<Buffer> => {
    const res = await app.inject({ method: 'GET', url, headers: { cookie: c.cookieHeader } })
    t.equal(res.statusCode, 200, url)
    return res.rawPayload
  }
  for (const url of ['/admin/resultat/results.xlsx', '/admin/resultat/publicering.xlsx', '/admin/resultat/responses.xlsx', '/admin/resultat/rapport.docx']) await strictlyParsed(t, url, await get(url))
  const results = (await c.get('/admin/resultat')).body
  const csrf = /name="_csrf" value="([^"]*)"/.exec(results)?.[1] ?? ''
  const withContacts = await app.inject({ method: 'POST', url: '/admin/resultat/export-med-kontakter', headers: { cookie: c.cookieHeader, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: csrf, format: 'xlsx', confirm: 'yes' }).toString() })
  t.equal(withContacts.statusCode, 200)
  await strictlyParsed(t, 'responses-med-kontakter.xlsx', withContacts.rawPayload)
  // The parser is strict: the file the attack produced is refused.
  t.throws(() => { new SaxesParser().write('<a>U+FFFF: \uFFFF</a>').close() }, 'a noncharacter in XML is a well-formedness error')
})
