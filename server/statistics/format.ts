const nf = new Intl.NumberFormat('sv-SE')

/** Whole percent, rounded half away from zero (as the report rounds); null base gives null. */
export function wholePercent (count: number, base: number): number | null {
  if (base === 0) return null
  const exact = (count * 100) / base
  return Math.sign(exact) * Math.round(Math.abs(exact) + 1e-9)
}

/** A percent with one decimal and a dot, half away from zero, for CSV. */
export function percentOneDecimal (count: number, base: number): string {
  if (base === 0) return ''
  const exact = (count * 1000) / base
  return (Math.sign(exact) * Math.round(Math.abs(exact) + 1e-9) / 10).toFixed(1)
}

/** "73 %" or "–" when there is no base. */
export function percentText (count: number, base: number): string {
  const p = wholePercent(count, base)
  return p === null ? '–' : `${p} %`
}

/** A number in Swedish notation (space as thousands separator, comma as decimal). */
export function numberText (n: number, decimals = 0): string {
  return new Intl.NumberFormat('sv-SE', { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(n)
}

/** A sentence's first letter in upper case ("11 kommuner …" stays as it is). */
export function capital (s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1)
}

/** A count with its noun in the number the count takes ("1 kommun", "2 kommuner"); an unknown count (NaN, later "–") takes the plural. */
export function counted (count: number, one: string, many: string): string {
  return `${numberText(count)} ${count === 1 ? one : many}`
}

/** A p-value as Swedish text: "p = 0,87", "p = 0,003", "p < 0,001". */
export function pValueText (p: number): string {
  if (p < 0.001) return 'p < 0,001'
  return `p = ${numberText(p, p < 0.01 ? 3 : 2)}`
}

/** "213 av 290 kommuner (73 %)"; in running text "(73 procent)", as the report's sentences write it. */
export function ofText (count: number, base: number, noun: string, unit: '%' | 'procent' = '%'): string {
  const percent = percentText(count, base)
  return `${nf.format(count)} av ${nf.format(base)} ${noun} (${unit === '%' ? percent : percent.replace(' %', ' procent')})`
}

/** A difference in percentage points with its sign ("+3,2", "−1,0"); one that rounds to zero is "0,0", never "−0,0". */
export function signedPoints (d: number): string {
  const rounded = Math.round(d * 10) / 10
  if (rounded === 0) return '0,0'
  return `${rounded > 0 ? '+' : '−'}${numberText(Math.abs(rounded), 1)}`
}
