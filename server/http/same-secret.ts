import { timingSafeEqual } from 'node:crypto'

/**
 * Whether a value sent by a client equals the secret it should match, compared in constant time: for CSRF tokens,
 * double-submit cookies and MACs. Anything but a non-empty string, or an empty secret, never matches.
 */
export function sameSecret (given: unknown, expected: string | undefined): boolean {
  if (typeof given !== 'string' || expected === undefined || expected === '') return false
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}
