const FORMULA_START = /^[=+\-@\t\r]/

/** A cell that Excel and LibreOffice will show as text, never run as a formula. */
export function safeCell (value: unknown): string {
  if (value === null || value === undefined) return ''
  const s = String(value)
  return FORMULA_START.test(s) ? `'${s}` : s
}

function field (value: unknown): string {
  const s = typeof value === 'number' ? String(value) : safeCell(value)
  return /[",;\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s
}

/** One CSV line with CRLF: numbers as they are, text formula-safe and quoted where needed. */
export function csvLine (values: unknown[]): string {
  return values.map(field).join(',') + '\r\n'
}

/** CSV text with a header, UTF-8 BOM and CRLF line ends, as Excel opens it. */
export function toCsv (header: string[], rows: unknown[][]): string {
  return '\uFEFF' + [header, ...rows].map(csvLine).join('')
}
