import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'

/**
 * Whether a state-changing request comes from the product's own pages: refused when the browser says it came from
 * another site (Sec-Fetch-Site cross-site or same-site, as a sibling subdomain is) or names another Origin. A request
 * without those headers (an old browser, a script, a form without JavaScript in a browser that sends none) passes:
 * the double-submit tokens still guard it.
 */
export function sameOriginRequest (request: FastifyRequest, publicOrigin: string): boolean {
  const site = request.headers['sec-fetch-site']
  if (site === 'cross-site' || site === 'same-site') return false
  const origin = request.headers.origin
  // Under Referrer-Policy: no-referrer (this product's) browsers send "Origin: null" even from the same page, so
  // only Sec-Fetch-Site (checked above) can tell then.
  if (origin === undefined || origin === 'null') return true
  if (origin === publicOrigin) return true
  try {
    return new URL(origin).host === request.headers.host
  } catch {
    return false
  }
}

/** Refuses every POST (and other unsafe method) from another site with a Swedish 403 page, before any route runs. */
export function registerOriginCheck (app: FastifyInstance, publicUrl: string): void {
  const publicOrigin = new URL(publicUrl).origin
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (['GET', 'HEAD', 'OPTIONS'].includes(request.method) || sameOriginRequest(request, publicOrigin)) return
    request.log.info({ origin: request.headers.origin ?? null, site: request.headers['sec-fetch-site'] ?? null }, 'cross-site request refused')
    await reply.code(403).view('error', { title: 'Formuläret kom från en annan webbplats', text: 'Av säkerhetsskäl tar vi bara emot formulär som skickas från den här tjänstens egna sidor. Gå till sidan igen och skicka formuläret därifrån.', status: 403 })
  })
}
