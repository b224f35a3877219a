const TOKEN_RUN = /[A-Za-z0-9_-]{40,}/g
const LINK_PATH = /^\/+s(\/|$)/

/** Decodes each valid %XX run and leaves broken ones as they are, so a half-broken URL is still read as sent. */
export function lenientDecode (raw: string): string {
  return raw.replace(/(%[0-9A-Fa-f]{2})+/g, (m) => {
    try { return decodeURIComponent(m) } catch { return m }
  })
}

/**
 * Hides personal-link tokens in a URL about to be logged: the path is read decoded and case-folded (so /%73/…,
 * /S/… and /s%2F… are seen as links), and any token-shaped run of 40 or more characters is masked wherever it stands.
 */
export function redactUrl (url: string): string {
  const decoded = lenientDecode(url)
  const path = decoded.split(/[?#]/, 1)[0] ?? ''
  if (LINK_PATH.test(path.toLowerCase())) return '/s/[dold]'
  return decoded.replace(TOKEN_RUN, '[dold]')
}
