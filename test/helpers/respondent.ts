import type { FastifyInstance } from 'fastify'

export type Fields = Array<[string, string]>

/** A browser-like respondent: one cookie jar, real HTTP through app.inject. */
export class Respondent {
  cookie = ''
  constructor (readonly app: FastifyInstance) {}

  /** Opens a personal link and keeps the session cookie. */
  async open (token: string): Promise<{ statusCode: number, location?: string, body: string }> {
    const res = await this.app.inject({ method: 'GET', url: `/s/${token}` })
    const set = res.headers['set-cookie']
    const first = Array.isArray(set) ? set[0] : set
    if (first !== undefined) this.cookie = first.split(';')[0]
    return { statusCode: res.statusCode, location: res.headers.location as string | undefined, body: res.body }
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
    if (m !== null) out.push([name, m[1]])
  }
  return out
}
