import type { FastifyInstance } from 'fastify'

export type Fields = Array<[string, string]>

/** A browser-like respondent: one cookie jar, real HTTP through app.inject. */
export class Respondent {
  cookie = ''
  constructor (readonly app: FastifyInstance) {}

  /** Opens a personal link as a person does: the link's page, then its "Öppna enkäten" button; keeps the session cookie. */
  async open (token: string, remoteAddress?: string): Promise<{ statusCode: number, location?: string, body: string }> {
    const page = await openLink(this.app, token, this.cookie, remoteAddress)
    if (page.cookie !== null) this.cookie = page.cookie
    return page
  }

  async get (url: string): Promise<{ statusCode: number, body: string, location?: string }> {
    const res = await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookie } })
    return { statusCode: res.statusCode, body: res.body, location: res.headers.location as string | undefined }
  }

  async post (url: string, fields: Fields): Promise<{ statusCode: number, body: string, location?: string }> {
    const res = await this.app.inject({
      method: 'POST',
      url,
      headers: { cookie: this.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(fields).toString()
    })
    return { statusCode: res.statusCode, body: res.body, location: res.headers.location as string | undefined }
  }

  /** Loads a section page and posts it with its own CSRF token and version plus the given fields. */
  async saveSection (section: string, fields: Fields, action = 'next'): Promise<{ statusCode: number, body: string, location?: string }> {
    const page = await this.get(`/enkat/del/${section}`)
    return await this.post(`/enkat/del/${section}`, [...hiddenFields(page.body), ['_action', action], ...fields])
  }
}

/** Submits the response from the review page, as the respondent's own button does. */
export async function submitFromReview (r: Respondent): Promise<{ statusCode: number, body: string, location?: string }> {
  const review = await r.get('/enkat/granska')
  return await r.post('/enkat/skicka', hiddenFields(review.body))
}

/** The hidden _csrf and version inputs of the first form on a page. */
export function hiddenFields (html: string): Fields {
  const out: Fields = []
  for (const name of ['_csrf', 'version']) {
    const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(html)
    if (m !== null) out.push([name, m[1]!])
  }
  return out
}

/**
 * GET /s/<token> and, when it shows the button page, the button's POST: the answer to the last of the two, and the
 * respondent session cookie it set (null when none).
 */
export async function openLink (app: FastifyInstance, token: string, cookie = '', remoteAddress?: string): Promise<{ statusCode: number, location?: string, body: string, cookie: string | null }> {
  const page = await app.inject({ method: 'GET', url: `/s/${token}`, headers: { cookie }, ...(remoteAddress !== undefined ? { remoteAddress } : {}) })
  if (page.statusCode !== 200) return { statusCode: page.statusCode, location: page.headers.location as string | undefined, body: page.body, cookie: null }
  const open = /name="_open" value="([^"]*)"/.exec(page.body)?.[1] ?? ''
  const openCookie = ([] as string[]).concat(page.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).find((c) => c !== undefined && /^(__Host-)?enkat_open=/.test(c)) ?? ''
  const res = await app.inject({
    method: 'POST', url: '/enkat/oppna', ...(remoteAddress !== undefined ? { remoteAddress } : {}),
    headers: { cookie: [cookie, openCookie].filter((c) => c !== '').join('; '), 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ token, _open: open }).toString()
  })
  const session = ([] as string[]).concat(res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0] ?? '').find((c) => /^(__Host-)?enkat_sid=/.test(c)) ?? null
  return { statusCode: res.statusCode, location: res.headers.location as string | undefined, body: res.body, cookie: session }
}

/** The same two steps over real HTTP (fetch) against a listening server: returns the session cookie, or '' when none. */
export async function openLinkOverHttp (base: string, token: string): Promise<string> {
  const page = await fetch(`${base}/s/${token}`, { redirect: 'manual' })
  const html = await page.text()
  const open = /name="_open" value="([^"]*)"/.exec(html)?.[1] ?? ''
  const openCookie = page.headers.getSetCookie().map((c) => c.split(';')[0] ?? '').find((c) => /^(__Host-)?enkat_open=/.test(c)) ?? ''
  const res = await fetch(`${base}/enkat/oppna`, {
    method: 'POST', redirect: 'manual', body: new URLSearchParams({ token, _open: open }),
    headers: { cookie: openCookie, 'content-type': 'application/x-www-form-urlencoded' }
  })
  await res.arrayBuffer()
  return res.headers.getSetCookie().map((c) => c.split(';')[0] ?? '').find((c) => /^(__Host-)?enkat_sid=/.test(c)) ?? ''
}
