// Characters no stored text may hold: they break the files the product writes (XLSX and DOCX are XML, which
// forbids them) or are what a broken encoding leaves. Control characters other than tab and line breaks; the
// replacement character; the noncharacters U+FDD0–U+FDEF and the last two code points of every plane (U+FFFE,
// U+FFFF, U+1FFFE … U+10FFFF); and lone surrogates (half of a character that needs two UTF-16 units).

const planeEnds = Array.from({ length: 17 }, (_, p) => `\\u{${(p * 0x10000 + 0xfffe).toString(16)}}\\u{${(p * 0x10000 + 0xffff).toString(16)}}`).join('')

/** Matches a character that no text answer, name or admin text may hold. */
export const FORBIDDEN_TEXT = new RegExp(`[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F\\uFFFD\\uFDD0-\\uFDEF${planeEnds}]|\\p{Cs}`, 'u')

/** The same, with line breaks and tabs refused too: for one-line values (names, subjects). */
export const FORBIDDEN_LINE = new RegExp(`[\\t\\n\\r]|${FORBIDDEN_TEXT.source}`, 'u')

/** Whether a text holds a character it may not (see above). */
export function hasForbiddenText (s: string): boolean {
  return FORBIDDEN_TEXT.test(s)
}
