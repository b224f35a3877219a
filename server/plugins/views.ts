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
    /** A page from views/pages with the main layout, as an HTML string. */
    renderView: (name: string, data: Record<string, unknown>) => string
  }
}

/** Eta views from views/, with escaping on and templates cached outside development. */
export const viewsPlugin = fp(async (app, opts: { cache: boolean }) => {
  const eta = new Eta({ views: fromRoot('views'), cache: opts.cache, autoEscape: true, defaultExtension: '.eta' })
  const renderView = (name: string, data: Record<string, unknown>): string => eta.render(`/pages/${name}`, data)
  app.decorate('eta', eta)
  app.decorate('renderView', renderView)
  app.decorateReply('view', function (name: string, data: Record<string, unknown>) {
    return this.type('text/html; charset=utf-8').send(renderView(name, data))
  })
}, { name: 'views' })
