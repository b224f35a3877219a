import { Eta } from 'eta'
import { audit } from '../admin/audit.js'
import type { Db } from '../db/database.js'
import type { MailingKind } from '../db/schema.js'
import { fromRoot } from '../paths.js'
import { mailingNames } from './mailings.js'
import { formatDate } from '../survey/clock.js'
import { linkUrl, tokenFor } from '../survey/links.js'
import { roundQuestionnaire } from '../survey/round-questionnaire.js'
import { roundSurveyModule } from '../survey/surveys.js'
import type { VersionTexts } from '../questionnaire/questionnaire.js'

export interface Template { subject: string, body: string }

const intro = 'Sveriges Kommuner och Regioner (SKR) kartlägger kommunernas och regionernas vänorter, kommunala partnerskap och andra internationella samarbeten. Resultaten redovisas i en rapport som hjälper SKR att stödja medlemmarnas internationella arbete.'

/** The Swedish texts a round starts with when its questionnaire version gives none; admins may edit subject and body per round. */
export const defaultTemplates: Record<MailingKind, Template> = {
  invitation: {
    subject: 'Enkät: Internationella samarbeten – svar senast {deadline}',
    body: `Hej!\n\n${intro}\n\nVi vill gärna att ni besvarar enkäten för {organisation}. Det tar ungefär 15 minuter. Ni kan spara och fortsätta senare, och en kollega kan fortsätta med samma länk.`
  },
  'reminder-1': {
    subject: 'Påminnelse: Enkät om internationella samarbeten',
    body: 'Hej!\n\nVi har ännu inte fått svar från {organisation} på SKR:s enkät om internationella samarbeten. Era svar behövs för att resultatet ska spegla alla kommuner och regioner.\n\nHar ni redan börjat? Då finns era sparade svar kvar bakom länken.'
  },
  'reminder-2': {
    subject: 'Andra påminnelsen: Enkät om internationella samarbeten',
    body: 'Hej!\n\nSKR:s enkät om internationella samarbeten stänger snart, och vi saknar fortfarande svar från {organisation}. Även ett kort svar är värdefullt: ingen fråga är obligatorisk.'
  },
  'reminder-3': {
    subject: 'Sista påminnelsen: Enkät om internationella samarbeten',
    body: 'Hej!\n\nDet här är sista påminnelsen om SKR:s enkät om internationella samarbeten. Vi skulle uppskatta mycket att få med svaren från {organisation}.'
  }
}

/**
 * The texts a round of a survey without a module starts with when its file gives none: the first survey's name its
 * subject, so these name the survey by its own title and open with its own description (the file's `inledning`).
 */
export function neutralTemplates (texts: Pick<VersionTexts, 'title' | 'intro'>): Record<MailingKind, Template> {
  const title = texts.title.trim()
  const lead = texts.intro.trim() === '' ? 'Sveriges Kommuner och Regioner (SKR) skickar den här enkäten till kommuner och regioner.\n\n' : `${texts.intro.trim()}\n\n`
  return {
    invitation: {
      subject: `Enkät: ${title} – svar senast {deadline}`,
      body: `Hej!\n\n${lead}Vi vill gärna att ni besvarar enkäten ”${title}” för {organisation}. Ni kan spara och fortsätta senare, och en kollega kan fortsätta med samma länk.`
    },
    'reminder-1': {
      subject: `Påminnelse: ${title}`,
      body: `Hej!\n\nVi har ännu inte fått svar från {organisation} på SKR:s enkät ”${title}”. Era svar behövs för att resultatet ska spegla alla kommuner och regioner.\n\nHar ni redan börjat? Då finns era sparade svar kvar bakom länken.`
    },
    'reminder-2': {
      subject: `Andra påminnelsen: ${title}`,
      body: `Hej!\n\nSKR:s enkät ”${title}” stänger snart, och vi saknar fortfarande svar från {organisation}. Även ett kort svar är värdefullt: ingen fråga är obligatorisk.`
    },
    'reminder-3': {
      subject: `Sista påminnelsen: ${title}`,
      body: `Hej!\n\nDet här är sista påminnelsen om SKR:s enkät ”${title}”. Vi skulle uppskatta mycket att få med svaren från {organisation}.`
    }
  }
}

/**
 * The template of a mailing in a round: the edited one, else the round's questionnaire version's, else the default:
 * the first survey's texts for a survey with a module, texts naming the survey itself for one without.
 */
export async function templateFor (db: Db, roundId: number, kind: MailingKind): Promise<Template> {
  const row = await db.selectFrom('mail_template').select(['subject', 'body']).where('round_id', '=', roundId).where('kind', '=', kind).executeTakeFirst()
  if (row !== undefined) return row
  const qn = await roundQuestionnaire(db, roundId)
  const own = qn.texts.mail[kind]
  if (own !== undefined) return own
  return (await roundSurveyModule(db, roundId)) !== null ? defaultTemplates[kind] : neutralTemplates(qn.texts)[kind]
}

/** Saves an edited subject and body for a round. */
export async function saveTemplate (db: Db, roundId: number, kind: MailingKind, t: Template, now: Date, actor = 'system'): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('mail_template').values({ round_id: roundId, kind, subject: t.subject, body: t.body, updated_at: now.toISOString() })
      .onConflict((oc) => oc.columns(['round_id', 'kind']).doUpdateSet({ subject: t.subject, body: t.body, updated_at: now.toISOString() }))
      .execute()
    await audit(trx, actor, 'template_saved', mailingNames[kind], now, { roundId })
  })
}

export interface MessageData {
  kind: MailingKind
  template: Template
  organisationName: string
  contactName: string | null
  link: string
  deadline: string
  roundName: string
  replyTo: string
}

export interface RenderedMessage { subject: string, text: string, html: string }

const html = new Eta({ views: fromRoot('views'), cache: true, autoEscape: true, defaultExtension: '.eta' })
const text = new Eta({ views: fromRoot('views'), cache: true, autoEscape: false, autoTrim: false, defaultExtension: '.eta' })

function fill (s: string, d: MessageData): string {
  return s.replaceAll('{organisation}', d.organisationName).replaceAll('{deadline}', d.deadline)
}

/** Subject, text and HTML parts of one message; subject lines never carry line breaks. */
export function renderMessage (d: MessageData): RenderedMessage {
  const subject = fill(d.template.subject, d).replace(/[\r\n\t]+/g, ' ').trim()
  const paragraphs = fill(d.template.body, d).replace(/\r\n/g, '\n').split(/\n\s*\n/).map((p) => p.trim()).filter((p) => p !== '')
  const data = { ...d, subject, paragraphs, reminder: d.kind !== 'invitation' }
  return {
    subject,
    text: text.render('/mail/message-text', data),
    html: html.render('/mail/message-html', data)
  }
}

/** The address part of MAIL_FROM, for "write to" lines and Reply-To. */
export function replyAddress (mailFrom: string): string {
  return /<([^>]+)>/.exec(mailFrom)?.[1] ?? mailFrom
}

export interface Sending {
  linkKey: Buffer
  publicUrl: string
  mailFrom: string
  /** The address people write to (CONTACT_EMAIL); the address in mailFrom when unset. */
  contactEmail?: string
  /** Previews show only the link's last four characters (/s/…abcd): a live link is never shown to anyone but its recipient. */
  maskLink?: boolean
}

/** A personal link as a preview shows it: its address with all but the token's last four characters hidden. */
export function maskedLinkUrl (publicUrl: string, token: string): string {
  return `${publicUrl}/s/…${token.slice(-4)}`
}

/** One organisation's message as sent and as previewed: its personal link, the deadline in Swedish, the reply address. */
export function renderFor (m: { kind: MailingKind, template: Template, organisationName: string, contactName: string | null, nonce: string, deadlineOn: string, roundName: string }, s: Sending): RenderedMessage {
  return renderMessage({
    kind: m.kind,
    template: m.template,
    organisationName: m.organisationName,
    contactName: m.contactName,
    link: s.maskLink === true ? maskedLinkUrl(s.publicUrl, tokenFor(s.linkKey, m.nonce)) : linkUrl(s.publicUrl, tokenFor(s.linkKey, m.nonce)),
    deadline: formatDate(m.deadlineOn),
    roundName: m.roundName,
    replyTo: s.contactEmail ?? replyAddress(s.mailFrom)
  })
}
