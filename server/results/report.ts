import { numberText, wholePercent } from '../statistics/format.js'
import { findFigure, type Figure } from './figures.js'

export interface Chapter { title: string, sentences: string[] }

/** The key figures of each chapter as sentences like the report's, computed from the figures. */
export function reportChapters (figures: Figure[]): Chapter[] {
  const f = (q: string, option: string, group: string, unit: Figure['unit'] = 'organisations'): Figure => findFigure(figures, q, option, group, unit) ?? { question: q, option, group, unit, base: 0, count: 0, percent: '', question_text: '', option_text: '' }
  const pct = (x: Figure): string => { const p = wholePercent(x.count, x.base); return p === null ? '–' : `${p} procent` }
  const n = (x: number): string => numberText(x)
  const k = 'kommuner'
  const r = 'regioner'
  const kResp = f('response', 'submitted', k)
  const rResp = f('response', 'submitted', r)
  const eng = (o: string, g: string): Figure => f('engagement', o, g)
  const chapters: Chapter[] = [{
    title: 'Svarsfrekvens och internationellt engagemang',
    sentences: [
      `Enkäten besvarades av ${n(kResp.count)} av ${n(kResp.base)} kommuner (${pct(kResp)}) och ${n(rResp.count)} av ${n(rResp.base)} landsting/regioner (${pct(rResp)}).`,
      `${n(eng('twin_or_partnership', k).count)} kommuner (${pct(eng('twin_or_partnership', k))}) svarar att de har vänorter eller kommunala partnerskap, och ${n(eng('other_cooperation', k).count)} kommuner (${pct(eng('other_cooperation', k))}) att de har andra internationella samarbeten. ${n(eng('both', k).count)} kommuner har båda.`,
      `Sammantaget har ${n(eng('any', k).count)} kommuner (${pct(eng('any', k))}) något internationellt engagemang, medan ${n(eng('none', k).count)} kommuner (${pct(eng('none', k))}) saknar det.`,
      `Bland landstingen/regionerna har ${n(eng('twin_or_partnership', r).count)} vänorter eller partnerskap, ${n(eng('other_cooperation', r).count)} andra internationella samarbeten, ${n(eng('both', r).count)} båda och ${n(eng('any', r).count)} av ${n(eng('any', r).base)} något internationellt engagemang.`
    ]
  }]
  const q03 = f('q03', 'not_prioritised', k)
  if (q03.base > 0) {
    chapters[0].sentences.push(`Av de ${n(eng('none', k).count)} kommuner som saknar internationellt engagemang besvarade ${n(q03.base)} frågan om varför. ${n(q03.count)} av dem (${pct(q03)}) svarar att det inte är prioriterat i organisationen.`)
  }
  const twins = f('q04', 'form=twin_town', 'alla', 'rows')
  const partnerships = f('q04', 'form=municipal_partnership', 'alla', 'rows')
  const act = (a: string): Figure => f('q04', `twin_town.activity=${a}`, 'alla', 'rows')
  const nordic = f('q04', 'country_region=nordic', 'alla', 'rows')
  const mentions = figures.filter((x) => x.question === 'q05' && x.unit === 'mentions' && x.group === 'alla').sort((a, b) => b.count - a.count)
  const own = f('q08', 'own_funds', k)
  const second: Chapter = {
    title: 'Vänorter och kommunala partnerskap',
    sentences: [
      `Kommunerna och landstingen/regionerna har angett ${n(twins.count)} vänorter och ${n(partnerships.count)} kommunala partnerskap.`,
      `${pct(act('active'))} av vänortssamarbetena är aktiva, ${pct(act('sporadic'))} sporadiska och ${pct(act('dormant'))} vilande; för ${pct(act('blank'))} har aktivitetsgraden inte angetts.`,
      `${pct(nordic)} av de samarbeten där land angetts finns i Norden, ${pct(f('q04', 'country_region=europe', 'alla', 'rows'))} i övriga Europa och ${pct(f('q04', 'country_region=world', 'alla', 'rows'))} i övriga världen.`
    ]
  }
  if (mentions.length > 0 && mentions[0].base > 0) second.sentences.push(`Vanligast samarbetsområde är ${mentions[0].option_text.toLowerCase()}, med ${pct(mentions[0])} av alla omnämnanden.`)
  if (own.base > 0) second.sentences.push(`Vänortssamarbetena finansieras med egna medel i ${pct(own)} av de kommuner som besvarat frågan.`)
  chapters.push(second)
  const collaborations = figures.filter((x) => x.question === 'q10' && x.group === 'alla' && x.option.startsWith('kind=') && x.option !== 'kind=blank').sort((a, b) => b.count - a.count)
  if (collaborations.length > 0 && collaborations[0].base > 0) {
    chapters.push({
      title: 'Andra internationella samarbeten',
      sentences: [`${n(collaborations[0].base)} andra internationella samarbeten har angetts. Vanligast är ${collaborations[0].option_text.toLowerCase()} (${pct(collaborations[0])}).`]
    })
  }
  const h = (o: string): Figure => f('q15', o, k)
  if (h('yes').base > 0) {
    chapters.push({
      title: 'Mervärden och hinder',
      sentences: [`${pct(h('yes'))} av kommunerna upplever hinder i sitt internationella arbete, ${pct(h('no'))} gör det inte och ${pct(h('cannot_judge'))} kan inte bedöma det.`]
    })
  }
  return chapters
}
