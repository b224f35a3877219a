/** The placeholders a mail subject or text may hold, each with what it becomes (renderMessage in templates.ts fills them). */
export const mailPlaceholders: ReadonlyArray<{ name: string, means: string }> = [
  { name: '{organisation}', means: 'organisationens namn' },
  { name: '{deadline}', means: 'sista svarsdag' }
]

/** Every {…} in a text that is not a known placeholder, in order, each once: it would be sent to recipients as typed. */
export function unknownPlaceholders (text: string): string[] {
  const known = new Set(mailPlaceholders.map((p) => p.name))
  const found = [...text.matchAll(/\{[^{}\n]{0,60}\}/g)].map((m) => m[0]).filter((p) => !known.has(p))
  return [...new Set(found)]
}

/** A Swedish message naming the unknown placeholders of a field and the allowed ones, or null when there are none. */
export function placeholderProblem (field: string, text: string): string | null {
  const unknown = unknownPlaceholders(text)
  if (unknown.length === 0) return null
  const allowed = mailPlaceholders.map((p) => `${p.name} (${p.means})`).join(' och ')
  const named = unknown.length === 1 ? `platshållaren ${unknown[0] ?? ''}, som inte finns` : `platshållarna ${unknown.join(', ')}, som inte finns`
  return `${field} innehåller ${named}. Tillåtna är ${allowed}. Rätta stavningen eller ta bort klamrarna.`
}
