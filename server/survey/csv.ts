const FORMULA_START = /^[=+\-@\t\r]/
/** A formula character at the start of the text or after anything Excel may split a line on (`,` `;` or a line end). */
const FORMULA_AFTER_SPLIT = /(^|[,;\n])([\s"']*)([=+\-@])/g

/** A cell that Excel and LibreOffice will show as text, never run as a formula (for one-cell formats such as XLSX). */
export function safeCell (value: unknown): string {
  if (value === null || value === undefined) return ''
  const s = String(value)
  return FORMULA_START.test(s) ? `'${s}` : s
}

/**
 * Text for a CSV cell that stays inert however the line is split: Swedish Excel splits on `;`, English on `,`, and
 * neither honours quotes except at a field's start. So every piece that could become a cell of its own, not only
 * the first, is kept from starting with = + - @; tabs become spaces and CR line ends become LF.
 */
export function safeCsvText (value: unknown): string {
  if (value === null || value === undefined) return ''
  return String(value).replace(/\r\n?/g, '\n').replace(/\t/g, ' ').replace(FORMULA_AFTER_SPLIT, "$1$2'$3")
}

function field (value: unknown): string {
  const s = typeof value === 'number' ? String(value) : safeCsvText(value)
  return /[",;\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s
}

/** One CSV line with CRLF: numbers as they are, text formula-safe and quoted where needed. */
export function csvLine (values: unknown[]): string {
  return `${values.map(field).join(',')}\r\n`
}

/** CSV text with a header, UTF-8 BOM and CRLF line ends, as Excel opens it. */
export function toCsv (header: string[], rows: unknown[][]): string {
  return `\uFEFF${[header, ...rows].map(csvLine).join('')}`
}
