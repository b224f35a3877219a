const FORMULA_START = /^[=+\-@\t\r]/

/** A cell that Excel and LibreOffice will show as text, never run as a formula. */
export function safeCell (value: unknown): string {
  if (value === null || value === undefined) return ''
  const s = String(value)
  return FORMULA_START.test(s) ? `'${s}` : s
}

function quote (s: string): string {
  return /[",;\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s
}

/** CSV text with a header, UTF-8 BOM and CRLF line ends, as Excel opens it. */
export function toCsv (header: string[], rows: unknown[][]): string {
  const lines = [header, ...rows].map((r) => r.map((c) => quote(safeCell(c))).join(','))
  return '\uFEFF' + lines.join('\r\n') + '\r\n'
}
