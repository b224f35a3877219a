import { randomBytes } from 'node:crypto'
import { formBody, formValue, queryText, type ZodTypeProvider } from '../../http/schemas.js'
import { z } from 'zod'
import type { FastifyInstance, FastifyReply } from 'fastify'
import { audit } from '../../admin/audit.js'
import { adminIdByEmail, authenticate, touchLogin } from '../../admin/accounts.js'
import { DEVICE_DAYS, LoginGuard } from '../../admin/login-guard.js'
import { Semaphore } from '../../admin/semaphore.js'
import { sameSecret } from '../../http/same-secret.js'

function safeTarget (raw: unknown): string {
  return typeof raw === 'string' && /^\/admin(\/[A-Za-z0-9/_\-?=&%.]*)?$/.test(raw) && !raw.startsWith('//') ? raw : '/admin'
}

const refusals = {
  backoff: (s: number) => `För många misslyckade inloggningar. Vänta ${s} ${s === 1 ? 'sekund' : 'sekunder'} och försök igen.`,
  account: () => 'Många misslyckade inloggningar har gjorts på det här kontot. Av säkerhetsskäl går det bara att logga in från en dator där du har loggat in tidigare. Försök igen om 15 minuter.',
  address: () => 'För många misslyckade inloggningar härifrån. Vänta 15 minuter och försök igen.'
}

/**
 * Login and logout. Every attempt is counted before its password is checked, at most two password checks run at
 * once, and failures slow down the (account, client) pair without ever locking out a browser that logged in before.
 */
export async function authRoutes (plain: FastifyInstance, opts: { secure: boolean, secret: string }): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>()
  // Over https the browser keeps it only if it is Secure (its path is /admin, so __Host- does not apply).
  // __Host- over https (Path=/, Secure, no Domain): no sibling subdomain can plant a login token of its own.
  const LOGIN_COOKIE = opts.secure ? '__Host-enkat_login' : 'enkat_login'
  const loginCookieOptions = { path: '/', httpOnly: true, sameSite: 'strict' as const, secure: opts.secure }
  const DEVICE_COOKIE = opts.secure ? '__Secure-enkat_device' : 'enkat_device'
  const guard = new LoginGuard(opts.secret)
  const checks = new Semaphore(2, 32)

  function loginPage (reply: FastifyReply, status: number, data: { email?: string, error?: string, target: string }): FastifyReply {
    const token = randomBytes(24).toString('base64url')
    reply.setCookie(LOGIN_COOKIE, token, loginCookieOptions)
    return reply.code(status).view('admin/login', { title: 'Logga in', loginToken: token, email: data.email ?? '', error: data.error ?? null, target: data.target, hasErrors: data.error !== undefined })
  }

  app.get('/admin/logga-in', { config: { adminAccess: 'public' }, schema: { querystring: z.object({ till: queryText(2000) }) } }, async (request, reply) => {
    if (request.session?.kind === 'admin') return await reply.redirect(safeTarget(request.query.till), 303)
    return loginPage(reply, 200, { target: safeTarget(request.query.till) })
  })

  app.post('/admin/logga-in', { config: { adminAccess: 'public' }, schema: { body: formBody({ email: formValue, password: formValue, till: formValue, _login: formValue }) } }, async (request, reply) => {
    const body = request.body ?? {}
    const email = typeof body.email === 'string' ? body.email.trim().toLowerCase().slice(0, 254) : ''
    const password = typeof body.password === 'string' ? body.password.slice(0, 1000) : ''
    const target = safeTarget(body.till)
    if (!sameSecret(body._login, request.cookies[LOGIN_COOKIE])) {
      return loginPage(reply, 403, { email, target, error: 'Inloggningen kunde inte göras av säkerhetsskäl (sidan var för gammal). Försök igen.' })
    }
    const decision = guard.attempt(email, request.ip, request.cookies[DEVICE_COOKIE] ?? null)
    if (!decision.ok) {
      reply.header('Retry-After', String(decision.retryAfterSeconds))
      return loginPage(reply, 429, { email, target, error: refusals[decision.reason](decision.retryAfterSeconds) })
    }
    const checked = await checks.run(async () => ({ admin: email === '' || password === '' ? null : await authenticate(app.db, email, password) }))
    if (checked === null) {
      decision.release()
      reply.header('Retry-After', '5')
      return loginPage(reply, 503, { email, target, error: 'Just nu görs väldigt många inloggningar. Vänta några sekunder och försök igen.' })
    }
    const admin = checked.admin
    if (admin === null) {
      // Never the typed text as the actor (it may be a password typed in the wrong field): an account's id, or none.
      const id = email === '' ? undefined : await adminIdByEmail(app.db, email)
      await audit(app.db, id === undefined ? 'okänt konto' : `admin:${id}`, 'login_failed', `från ${request.ip}`)
      return loginPage(reply, 401, { email, target, error: 'Fel e-postadress eller lösenord.' })
    }
    decision.release()
    await app.startSession(reply, { kind: 'admin', adminId: admin.id })
    await touchLogin(app.db, admin.id, new Date())
    await audit(app.db, admin.email, 'login', `från ${request.ip}`)
    reply.clearCookie(LOGIN_COOKIE, loginCookieOptions)
    reply.setCookie(DEVICE_COOKIE, guard.deviceCookie(admin.email), { path: '/admin', httpOnly: true, sameSite: 'strict', secure: opts.secure, maxAge: DEVICE_DAYS * 86400 })
    return await reply.redirect(target, 303)
  })

  app.post('/admin/logga-ut', async (request, reply) => {
    await audit(app.db, request.admin?.email ?? '?', 'logout', null)
    await app.endSession(request, reply)
    return await reply.redirect('/admin/logga-in', 303)
  })
}
