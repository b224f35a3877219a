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

/**
 * Eta that resolves each include path once: Eta's own cache of resolved paths builds a JSON key on every include,
 * which is a noticeable part of making a page with many questions.
 */
class ViewEngine extends Eta {
  constructor (config: ConstructorParameters<typeof Eta>[0]) {
    super(config)
    const resolve = this.resolvePath
    const resolved = new Map<string, string>()
    this.resolvePath = function (templatePath, options) {
      const key = `${options?.filepath ?? ''}\n${templatePath}`
      let path = resolved.get(key)
      if (path === undefined) {
        path = resolve.call(this, templatePath, options)
        if (this.config.cache) resolved.set(key, path)
      }
      return path
    }
  }
}

/**
 * Eta views from views/, with escaping on and templates cached outside development. Every page gets contactEmail
 * (CONTACT_EMAIL), the one address a page tells people to write to.
 */
export const viewsPlugin = fp(async (app, opts: { cache: boolean, contactEmail: string }) => {
  const eta = new ViewEngine({ views: fromRoot('views'), cache: opts.cache, autoEscape: true, defaultExtension: '.eta' })
  const renderView = (name: string, data: Record<string, unknown>): string => eta.render(`/pages/${name}`, { contactEmail: opts.contactEmail, ...data })
  app.decorate('eta', eta)
  app.decorate('renderView', renderView)
  app.decorateReply('view', function (name: string, data: Record<string, unknown>) {
    return this.type('text/html; charset=utf-8').send(renderView(name, data))
  })
}, { name: 'views' })
