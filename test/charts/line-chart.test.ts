import t from 'tap'
import { lineChartSvg } from '../../server/charts/line-chart.js'
import { addDays } from '../../server/survey/clock.js'

const days = Array.from({ length: 40 }, (_, i) => addDays('2018-02-12', i))

t.test('the response curve: Swedish date ticks, 16 px text, the deadline marked, no overlapping labels', async (t) => {
  const svg = lineChartSvg({
    id: 'kurva',
    title: 'Svarsfrekvens per dag',
    description: 'test',
    days,
    series: [{ label: 'Kommuner', values: days.map((_, i) => i * 2) }, { label: 'Landsting/regioner', values: days.map((_, i) => i), dash: true }],
    markers: [
      { index: 0, label: 'Inbjudan' }, { index: 14, label: 'Påminnelse 1' }, { index: 21, label: 'Påminnelse 2' }, { index: 22, label: 'Påminnelse 3' },
      { index: 32, label: 'Sista svarsdag 16 mars 2018', kind: 'deadline' }
    ]
  })
  const texts = [...svg.matchAll(/<text x="([\d.]+)" y="([\d.]+)"[^>]*font-size="(\d+)"[^>]*>([^<]*)<\/text>/g)].map((m) => ({ x: Number(m[1]), y: Number(m[2]), size: Number(m[3]), text: m[4] ?? '' }))
  t.ok(texts.every((x) => x.size >= 16), 'every text at least 16 units (16 px at full width)')
  t.ok(texts.some((x) => x.text === '12 feb.'), 'ticks in Swedish')
  t.notOk(texts.some((x) => /^\d\d-\d\d$/.test(x.text)), 'no "02-12" ticks')
  t.match(svg, 'stroke="#b00020"', 'the deadline is drawn')
  t.ok(texts.some((x) => x.text === 'Sista svarsdag 16 mars 2018'))
  // Labels on one line must not run into each other (width estimated generously for the font).
  const labels = texts.filter((x) => /Inbjudan|Påminnelse|Sista/.test(x.text))
  for (const a of labels) {
    for (const b of labels) {
      if (a === b || a.y !== b.y || b.x <= a.x) continue
      t.ok(a.x + a.text.length * 16 * 0.56 <= b.x, `"${a.text}" and "${b.text}" do not overlap`)
    }
  }
  const p2 = labels.find((x) => x.text === 'Påminnelse 2')
  const p3 = labels.find((x) => x.text === 'Påminnelse 3')
  t.not(p2?.y, p3?.y, 'reminders a day apart are labelled on different rows')
  const ticks = texts.filter((x) => /^\d+ [a-zåäö]+\.?$/.test(x.text))
  for (let i = 1; i < ticks.length; i++) t.ok((ticks[i]?.x ?? 0) - (ticks[i - 1]?.x ?? 0) >= 56, 'ticks do not touch')
})
