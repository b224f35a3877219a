import type { FastifyInstance } from 'fastify'
import { addAdmin } from '../../server/admin/accounts.js'
import { buildTestApp, type TestApp } from './app.js'

export const ADMIN_EMAIL = 'analytiker@skr.se'
export const ADMIN_PASSWORD = 'rätt-lösenord-för-test'

/** An admin browser: logs in through the real login form and keeps the session cookie. */
export class AdminClient {
  cookies = new Map<string, string>()
  constructor (readonly app: FastifyInstance, readonly ip = '127.0.0.1') {}

  private keep (setCookie: string | string[] | undefined): void {
    for (const c of Array.isArray(setCookie) ? setCookie : setCookie === undefined ? [] : [setCookie]) {
      const [pair = ''] = c.split(';')
      const [name = '', value = ''] = pair.split('=')
      if (value === '' || /Expires=Thu, 01 Jan 1970/.test(c)) this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
  }

  get cookieHeader (): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  }

  async get (url: string): Promise<{ statusCode: number, body: string, location?: string, headers: Record<string, unknown> }> {
    const res = await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader }, remoteAddress: this.ip })
    this.keep(res.headers['set-cookie'])
    return { statusCode: res.statusCode, body: res.body, location: res.headers.location as string | undefined, headers: res.headers }
  }

  async post (url: string, fields: Array<[string, string]>): Promise<{ statusCode: number, body: string, location?: string }> {
    const res = await this.app.inject({
      method: 'POST', url, remoteAddress: this.ip,
      headers: { cookie: this.cookieHeader, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(fields).toString()
    })
    this.keep(res.headers['set-cookie'])
    return { statusCode: res.statusCode, body: res.body, location: res.headers.location as string | undefined }
  }

  /** Posts a form taken from a page, with that page's CSRF token. */
  async postFrom (page: string, url: string, fields: Array<[string, string]>): Promise<{ statusCode: number, body: string, location?: string }> {
    const html = (await this.get(page)).body
    const csrf = /name="_csrf" value="([^"]*)"/.exec(html)?.[1] ?? ''
    return await this.post(url, [['_csrf', csrf], ...fields])
  }

  async login (email = ADMIN_EMAIL, password = ADMIN_PASSWORD): Promise<{ statusCode: number, body: string, location?: string }> {
    const page = await this.get('/admin/logga-in')
    const token = /name="_login" value="([^"]*)"/.exec(page.body)?.[1] ?? ''
    return await this.post('/admin/logga-in', [['_login', token], ['till', '/admin'], ['email', email], ['password', password]])
  }
}

/** Creates the test admin account. */
export async function createAdmin (app: FastifyInstance): Promise<void> {
  await addAdmin(app.db, ADMIN_EMAIL, ADMIN_PASSWORD, new Date())
}

/** A test app with the test admin logged in through the real form. */
export async function loggedIn (t: { teardown: (fn: () => unknown) => void }): Promise<TestApp & { c: AdminClient }> {
  const ctx = await buildTestApp(t)
  await createAdmin(ctx.app)
  const c = new AdminClient(ctx.app)
  await c.login()
  return { ...ctx, c }
}
