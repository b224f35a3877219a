import t from 'tap'
import { renderMessage, defaultTemplates } from '../../server/mail/templates.js'
import { storeResponse } from '../helpers/fixtures.js'
import { axe, browserAvailable, newPage, startLive, openLinkIn } from '../helpers/browser.js'
import { Respondent } from '../helpers/respondent.js'

const corpus: [string, string, string, string, string, ...string[]] = [
  '<script>window.__xss=1</script>',
  '<img src=x onerror="window.__xss=1">',
  '"><svg onload="window.__xss=1">',
  "'><iframe srcdoc='<script>parent.__xss=1</script>'>",
  '</textarea><script>window.__xss=1</script>',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection payload, meant literally
  '<%= it.__proto__ %>{{7*7}}${7*7}',
  '<a href="javascript:window.__xss=1">klicka</a>'
]
const payload = corpus.join(' ')

if (!browserAvailable()) {
  t.test('XSS corpus rendered inert', { skip: 'Chromium is not installed' }, async () => {})
} else {
  t.test('an XSS corpus in every free-text field, organisation and contact name is inert on every page and in e-mails', async (t) => {
    const live = await startLive(t)
    const { app } = live
    await app.db.updateTable('organisation').set({ name: `Malmö ${corpus[1]}` }).where('code', '=', '1280').execute()
    const now = new Date().toISOString()
    const malmo = await app.db.selectFrom('organisation').select('id').where('code', '=', '1280').executeTakeFirstOrThrow()
    await app.db.insertInto('contact').values({ organisation_id: malmo.id, email: 'olle@malmo.se', name: corpus[0], created_at: now, updated_at: now }).execute()
    const multi = { selected: ['other'], other: payload.slice(0, 900) }
    await storeResponse(app, '1280', {
      q01: 'yes', q02: 'yes', q04: [{ partner: payload.slice(0, 200), country: 'DE', form: 'municipal_partnership', activity: 'active' }],
      q05: multi, q06: multi, q10: [{ name: payload.slice(0, 200), kind: 'network', countries: ['FI'], activity: null }], q11: multi, q14: multi, q15: 'yes', q16: multi,
      q17: payload, q18: { name: corpus[2], title: corpus[4], email: 'olle@malmo.se', phone: null }
    }, new Date())
    const token = await (async () => {
      const { reissueLink } = await import('../../server/survey/links.js')
      const { currentRound } = await import('../../server/survey/rounds.js')
      return await reissueLink(app.db, app.linkKey, (await currentRound(app.db))!.id, malmo.id, new Date())
    })()
    await app.db.updateTable('response').set({ status: 'draft' }).execute()

    const { page, context } = await newPage(live)
    const dialogs: string[] = []
    page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss() })
    const executed = async (): Promise<boolean> => await page.evaluate(() => (window as unknown as { __xss?: number }).__xss !== undefined || document.querySelector('img[src="x"], svg[onload], iframe[srcdoc], a[href^="javascript:"]') !== null)
    await openLinkIn(page, `${live.url}/s/${token}`)
    const respondentPages = ['/enkat', '/enkat/del/a', '/enkat/del/b', '/enkat/del/c', '/enkat/del/d', '/enkat/del/e', '/enkat/granska']
    const fieldOf: Record<string, [string, string]> = {
      '/enkat/del/b': ['input[name="q04.0.partner"]', payload.slice(0, 200)], '/enkat/del/c': ['input[name="q10.0.name"]', payload.slice(0, 200)],
      '/enkat/del/d': ['#q14-other-text', payload.slice(0, 900)], '/enkat/del/e': ['#q17', payload]
    }
    for (const url of respondentPages) {
      await page.goto(live.url + url)
      t.notOk(await executed(), `inert on ${url}`)
      const field = fieldOf[url]
      if (field !== undefined) t.equal(await page.inputValue(field[0]), field[1], `kept as the field's text on ${url}`)
      if (url === '/enkat/del/b' || url === '/enkat/del/c') t.match(await page.textContent('.row-item .row-title'), payload.slice(0, 60), `shown as text in the list of rows on ${url}`)
      else t.match(await page.textContent('body'), url === '/enkat' ? 'Malmö <img' : url === '/enkat/granska' ? '<script>window.__xss=1</script>' : 'Fråga 1', `shown as text on ${url}`)
    }
    const r = new Respondent(app)
    await r.open(token)
    const saved = await r.saveSection('e', [['q17', payload], ['q18.name', corpus[2]]])
    t.equal(saved.statusCode, 303, 'the payload can be saved as text')
    await page.goto(`${live.url}/enkat/granska`)
    await page.click('button:has-text("Skicka in svaren")')

    await page.goto(`${live.url}/admin/logga-in`)
    await page.fill('#email', 'admin@skr.se')
    await page.fill('#password', 'browser-test-lösenord')
    await page.click('button:has-text("Logga in")')
    const adminPages = ['/admin', '/admin/organisationer', '/admin/organisationer/1280', '/admin/utskick/invitation?org=1280', '/admin/resultat', '/admin/resultat/rapport',
      '/admin/resultat/vanortsregister', '/admin/resultat/samarbeten', '/admin/resultat/fritext', '/admin/partiellt-bortfall', '/admin/bortfall', '/admin/logg']
    for (const url of adminPages) {
      await page.goto(live.url + url)
      t.notOk(await executed(), `inert on ${url}`)
    }
    t.match(await (await page.goto(`${live.url}/admin/organisationer/1280`))!.text(), '&lt;script&gt;window.__xss=1&lt;/script&gt;', 'the contact name is escaped')
    t.same(await axe(page), [], 'still accessible')

    const message = renderMessage({
      kind: 'invitation', template: { subject: `Hej {organisation} ${corpus[0]}`, body: `Hej {organisation}\n\n${payload}` },
      organisationName: `Malmö ${corpus[1]}`, contactName: corpus[0], link: `${live.url}/s/${token}`, deadline: '1 januari 2027', roundName: '2026', replyTo: 'enkat@skr.se'
    })
    t.notMatch(message.subject, /[\r\n]/)
    await page.setContent(message.html)
    t.notOk(await executed(), 'inert in the HTML e-mail')
    t.match(await page.textContent('body'), 'Malmö <img src=x onerror="window.__xss=1">')
    t.same(dialogs, [], 'no dialog ever opened')
    t.ok(defaultTemplates.invitation.subject.length > 0)
    await context.close()
  })
}
