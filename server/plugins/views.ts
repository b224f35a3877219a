import { Eta } from 'eta'
import fp from 'fastify-plugin'
import { fromRoot } from '../paths.js'

declare module 'fastify' {
  interface FastifyReply {
    /** Renders a page from views/pages with the main layout, as HTML. */
    view: (name: string, data: Record<string, unknown>) => FastifyReply
  }
  interface FastifyInstance {
    eta: Eta
  }
}

/** Eta views from views/, with escaping on and templates cached outside development. */
export const viewsPlugin = fp(async (app, opts: { cache: boolean }) => {
  const eta = new Eta({ views: fromRoot('views'), cache: opts.cache, autoEscape: true, defaultExtension: '.eta' })
  app.decorate('eta', eta)
  app.decorateReply('view', function (name: string, data: Record<string, unknown>) {
    const html = eta.render(`/pages/${name}`, data)
    return this.type('text/html; charset=utf-8').send(html)
  })
}, { name: 'views' })
