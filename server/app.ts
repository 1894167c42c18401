import fs from 'node:fs'
import path from 'node:path'
import fastifyStatic from '@fastify/static'
import fastifyWebsocket from '@fastify/websocket'
import Fastify, { type FastifyInstance } from 'fastify'
import { CloseCode, closeReason } from '#shared/protocol/index'
import { RoomRegistry } from './collab/registry.ts'
import { collabRoutes } from './collab/route.ts'
import type { Config } from './config.ts'
import { openDatabase } from './db/open.ts'
import { docRoutes } from './routes/docs.ts'
import { HttpError, installErrorHandler } from './routes/errors.ts'
import { healthRoutes } from './routes/health.ts'
import { seedDemo } from './seed.ts'
import { SqliteStore } from './store/sqlite-store.ts'
import type { Store } from './store/store.ts'

export const VERSION = '0.1.0'

declare module 'fastify' {
  interface FastifyInstance {
    store: Store
    registry: RoomRegistry
  }
}

/** Builds the whole server without listening, so tests can `inject()` or listen on port 0. */
export async function buildApp(config: Config, deps: { store?: Store } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      // Never log query strings: tickets and tokens will travel there.
      serializers: {
        req: (req: { method: string; url: string; id: string }) => ({ id: req.id, method: req.method, path: req.url.split('?')[0] }),
      },
    },
    bodyLimit: config.limits.maxMessageBytes,
  })
  const store = deps.store ?? new SqliteStore(openDatabase(config.databaseFile, { synchronous: config.sync }))
  if (config.seed && seedDemo(store)) app.log.info('seeded the demo document')
  const registry = new RoomRegistry(store, app.log, {
    unloadDelayMs: config.unloadDelayMs,
    compactEveryUpdates: config.compactEveryUpdates,
    compactEveryBytes: config.compactEveryBytes,
    commitWindowMs: config.commitWindowMs,
    limits: config.limits,
  })
  app.decorate('store', store)
  app.decorate('registry', registry)
  installErrorHandler(app)

  await app.register(fastifyWebsocket, {
    options: { maxPayload: config.limits.maxMessageBytes },
    // Shutdown order matters: commit and acknowledge everything queued, then close the sockets
    // with ShuttingDown (clients reconnect to the next process), then close the store.
    preClose(done) {
      registry.shutdown((peer) => peer.close(CloseCode.ShuttingDown))
      for (const client of app.websocketServer.clients) client.close(CloseCode.ShuttingDown, closeReason[CloseCode.ShuttingDown])
      const stragglers = setTimeout(() => app.websocketServer.clients.forEach((c) => c.terminate()), 1000)
      stragglers.unref()
      done()
    },
  })
  await app.register(collabRoutes, { registry, limits: config.limits })
  await app.register(healthRoutes, { registry, version: VERSION })
  await app.register(docRoutes, { store, registry })

  if (config.staticDir && fs.existsSync(path.join(config.staticDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: config.staticDir, wildcard: false })
    // Client-side routes (/d/:id, ...) get the app shell; unknown API paths stay JSON 404s.
    app.setNotFoundHandler((request, reply) => {
      if (request.method === 'GET' && !request.url.startsWith('/api/') && !request.url.startsWith('/collab/')) {
        return reply.sendFile('index.html')
      }
      throw new HttpError(404, 'not_found', `${request.method} ${request.url.split('?')[0]} not found`)
    })
  } else {
    app.setNotFoundHandler((request) => {
      throw new HttpError(404, 'not_found', `${request.method} ${request.url.split('?')[0]} not found`)
    })
  }

  app.addHook('onClose', async () => store.close())
  return app
}
