/** Rows of a CSV text (RFC 4180: quoted fields, doubled quotes, CRLF) as records by header; a leading BOM is dropped. */
export function parseCsv (text: string): Array<Record<string, string>> {
  const rows: string[][] = []
  let field = ''
  let row: string[] = []
  let quoted = false
  const body = text.replace(/^\uFEFF/, '')
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') { field += '"'; i++ } else if (ch === '"') quoted = false
      else field += ch
    } else if (ch === '"') quoted = true
    else if (ch === ',') { row.push(field); field = '' } else if (ch === '\n') { row.push(field.replace(/\r$/, '')); rows.push(row); row = []; field = '' } else field += ch
  }
  const [header = [], ...records] = rows
  return records.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] as string])))
}
