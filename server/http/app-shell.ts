import fs from 'node:fs'
import path from 'node:path'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { HttpError } from './errors.ts'

/** `/x.js.map`, also spelled `/x.js%2Emap`. */
export function isSourceMap(url: string): boolean {
  const pathname = url.split('?')[0]!
  let decoded = pathname
  try {
    decoded = decodeURIComponent(pathname)
  } catch {
    // a malformed escape: judged as written
  }
  return /\.map$/i.test(decoded)
}

const notFound = (method: string, url: string) => new HttpError(404, 'not_found', `${method} ${url.split('?')[0]} not found`)

/**
 * The built client (when `staticDir` holds one) and what answers everything no route took:
 * client-side routes (/d/:id, /sign-in, …) get the app shell; unknown API paths and source maps
 * stay JSON 404s. Registered after every route (fastify-plugin: the 404 handler is the root's).
 */
export const appShell = fp(
  async (app: FastifyInstance, opts: { staticDir: string | null | undefined }) => {
    if (opts.staticDir && fs.existsSync(path.join(opts.staticDir, 'index.html'))) {
      // Source maps (vite emits them next to the bundles and sw.js) are for our debugging, not for anyone who asks.
      await app.register(fastifyStatic, { root: opts.staticDir, wildcard: false, allowedPath: (pathName) => !isSourceMap(pathName) })
      app.setNotFoundHandler((request, reply) => {
        const isApp = request.method === 'GET' && !/^\/(api|collab|auth)\//.test(request.url) && !isSourceMap(request.url)
        if (isApp) return reply.sendFile('index.html')
        throw notFound(request.method, request.url)
      })
    } else {
      app.setNotFoundHandler((request) => {
        throw notFound(request.method, request.url)
      })
    }
  },
  { name: 'keel-app-shell' },
)
