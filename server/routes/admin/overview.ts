import { classificationOf } from '../../reference/classifications.js'
import { nameSetOf } from '../../reference/name-sets.js'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { lineChartHtml } from '../../charts/line-chart.js'
import type { MailingKind } from '../../db/schema.js'
import { mailingKinds, mailingNames, pausedMailings, roundMailings, roundMessageCounts } from '../../mail/mailings.js'
import { itemNonResponse } from '../../statistics/item-nonresponse.js'
import { numberText, ofText, percentText, pValueText, signedPoints } from '../../statistics/format.js'
import { roundByName } from '../../results/public-register.js'
import { dropoutReport, responseCounts, responseCurve } from '../../statistics/response-rates.js'
import { addDays, formatDate, formatTime, swedishDate } from '../../survey/clock.js'
import { relevantQuestions } from '../../questionnaire/survey-figures.js'
import { roundQuestionnaire } from '../../survey/round-questionnaire.js'
import { requireCurrentRound, roundState, type Round } from '../../survey/rounds.js'
import { adminView, surveyOf } from './guard.js'
import { requestedSlug } from './survey-scope.js'
import { surveyList } from './surveys.js'
import { listSurveys, roundSurveyModule } from '../../survey/surveys.js'

/** The overview, the dropout analysis, the response curve and item non-response. */
export async function overviewRoutes (app: FastifyInstance): Promise<void> {
  const round = async (request: FastifyRequest): Promise<Round> => await requireCurrentRound(app.db, surveyOf(request).id)
  // The dropout analysis and item non-response are of the current round, or of an earlier one named by ?omgang=<år>.
  const chosen = async (request: FastifyRequest): Promise<Round | undefined> => {
    const name = new URL(request.url, 'http://localhost').searchParams.get('omgang')
    return name === null || name === '' ? await round(request) : /^\d{4}$/.test(name) ? await roundByName(app.db, name, surveyOf(request).id) : undefined
  }

  app.get('/admin', async (request, reply) => {
    // /admin lists the surveys once there are several; a survey's own overview is /admin/<slug>.
    if (requestedSlug(request) === null && (await listSurveys(app.db)).length > 1) return await surveyList(app, request, reply)
    const r = await round(request)
    const counts = await responseCounts(app.db, r.id)
    const mailings = await roundMailings(app.db, r.id)
    const sent = await roundMessageCounts(app.db, r.id)
    const paused = await pausedMailings(app.db, r.id)
    return adminView(app, request, reply, 'overview', {
      title: 'Översikt',
      paused: paused.map((p) => ({ kind: p.kind, name: mailingNames[p.kind], since: formatTime(p.paused_since), next: p.paused_until === null ? null : formatTime(p.paused_until), reason: p.pause_reason, detail: p.pause_detail })),
      round: { name: r.name, opens: formatDate(r.opens_on), deadline: formatDate(r.deadline_on), closes: formatDate(r.closes_on), state: roundState(r, new Date()) },
      rates: (['municipality', 'region'] as const).map((kind) => ({
        kind,
        label: kind === 'municipality' ? 'Kommuner' : nameSetOf(r.name_set).regionsTitle,
        sentence: ofText(counts[kind].submitted, counts[kind].population, kind === 'municipality' ? 'kommuner' : nameSetOf(r.name_set).regions),
        ...counts[kind]
      })),
      mailings: mailingKinds.map((kind: MailingKind) => {
        const m = mailings[kind]
        const n = (status: string): number => Number(sent.find((s) => s.kind === kind && s.status === status)?.n ?? 0)
        return {
          kind, name: mailingNames[kind], status: m?.status ?? null,
          when: m?.queued_at != null ? formatTime(m.queued_at) : m?.scheduled_for != null ? `planerat ${formatDate(m.scheduled_for)}` : null,
          scheduleError: m?.schedule_error ?? null,
          sent: n('sent'), queued: n('queued') + n('sending'), failed: n('failed'), cancelled: n('cancelled')
        }
      })
    })
  })

  app.get('/admin/bortfall', async (request, reply) => {
    const r = await chosen(request)
    if (r === undefined) return reply.callNotFound()
    const report = await dropoutReport(app.db, r.id)
    const counts = await responseCounts(app.db, r.id)
    return adminView(app, request, reply, 'dropout', {
      title: 'Bortfallsanalys',
      nav: 'dropout',
      regions: ofText(counts.region.submitted, counts.region.population, nameSetOf(r.name_set).regions),
      municipalities: ofText(counts.municipality.submitted, counts.municipality.population, 'kommuner'),
      tables: [
        { id: 'kommungrupp', title: `Per kommungrupp (${classificationOf(r.classification).shortName})`, result: report.municipalityGroups },
        { id: 'huvudgrupp', title: 'Per huvudgrupp', result: report.mainGroups },
        { id: 'lan', title: 'Per län', result: report.counties }
      ],
      pct: percentText,
      pValue: pValueText,
      number: numberText,
      points: signedPoints
    })
  })

  app.get('/admin/svarskurva', async (request, reply) => {
    const r = await round(request)
    const counts = await responseCounts(app.db, r.id)
    const mailings = await roundMailings(app.db, r.id)
    const first = mailings.invitation?.queued_at != null ? swedishDate(new Date(mailings.invitation.queued_at)) : r.opens_on
    const today = swedishDate(new Date())
    const last = today < r.closes_on ? today : r.closes_on
    const points = await responseCurve(app.db, r.id, first < last ? first : last, last)
    // The axis runs to the deadline when it is still ahead, so the chart shows how far there is to go.
    const days = points.map((p) => p.date)
    for (let d = days[days.length - 1]; d !== undefined && d < r.deadline_on && d < r.closes_on;) { d = addDays(d, 1); days.push(d) }
    const rate = (n: number, d: number): number => d === 0 ? 0 : (n * 100) / d
    const markers = mailingKinds.flatMap((kind) => {
      const at = mailings[kind]?.queued_at
      if (at == null) return []
      const index = days.indexOf(swedishDate(new Date(at)))
      return index < 0 ? [] : [{ index, label: mailingNames[kind] }]
    })
    const deadline = days.indexOf(r.deadline_on)
    const names = nameSetOf(r.name_set)
    const chartMarkers = deadline < 0 ? markers : [...markers, { index: deadline, label: `Sista svarsdag ${formatDate(r.deadline_on)}`, kind: 'deadline' as const }]
    const svg = lineChartHtml({
      id: 'svarskurva',
      title: 'Svarsfrekvens per dag',
      description: `Kumulativ andel som skickat in, från ${formatDate(days[0] ?? r.opens_on)} till ${formatDate(points[points.length - 1]?.date ?? r.opens_on)}; sista svarsdag ${formatDate(r.deadline_on)}. Kommuner: ${percentText(counts.municipality.submitted, counts.municipality.population)}, ${names.regions}: ${percentText(counts.region.submitted, counts.region.population)}.`,
      days,
      series: [
        { label: 'Kommuner', values: points.map((p) => rate(p.municipality, counts.municipality.population)) },
        { label: names.regionsTitle, values: points.map((p) => rate(p.region, counts.region.population)), dash: true }
      ],
      markers: chartMarkers
    })
    return adminView(app, request, reply, 'curve', {
      title: 'Svarskurva',
      nav: 'curve',
      svg,
      regions: names.regions,
      regionsTitle: names.regionsTitle,
      rows: points.map((p) => ({
        date: formatDate(p.date),
        mailing: markers.filter((m) => days[m.index] === p.date).map((m) => m.label).join(', '),
        municipality: `${p.municipality} (${percentText(p.municipality, counts.municipality.population)})`,
        region: `${p.region} (${percentText(p.region, counts.region.population)})`
      }))
    })
  })

  app.get('/admin/partiellt-bortfall', async (request, reply) => {
    const r = await chosen(request)
    if (r === undefined) return reply.callNotFound()
    const [data, qn, module] = await Promise.all([itemNonResponse(app.db, r.id), roundQuestionnaire(app.db, r.id), roundSurveyModule(app.db, r.id)])
    // Only the survey module's questions concern part of those they are shown to; another survey has none.
    const relevant = module === null ? '' : qn.numbers(relevantQuestions)
    return adminView(app, request, reply, 'item-nonresponse', { title: 'Partiellt bortfall', nav: 'items', ...data, pct: percentText, deciding: qn.deciding(), relevant })
  })
}
