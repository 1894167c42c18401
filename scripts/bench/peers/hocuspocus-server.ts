/**
 * "hocuspocus": @hocuspocus/server with @hocuspocus/extension-sqlite, configured as its docs show,
 * run as its own process for the benchmark. No authentication hooks (the benchmark's Keel figures
 * include cookie authentication on every socket; these do not).
 *
 * Persistence: the SQLite extension stores the whole document state (one row per document,
 * upserted) from `onStoreDocument`, which Hocuspocus debounces: `debounce` 2 s after the last
 * change, at most `maxDebounce` 10 s after the first (the defaults, kept here), and at once when
 * the last client leaves (`unloadImmediately`, default true) or the server shuts down. An update
 * the server has broadcast may therefore be lost for up to 10 s if the process dies.
 *
 * Run: PORT=1234 HOCUSPOCUS_DB=/tmp/x.sqlite node --import tsx scripts/bench/peers/hocuspocus-server.ts
 * Sockets: ws://127.0.0.1:PORT/ (any path): Hocuspocus names the document inside every message.
 * Health:  GET /api/health -> 200 { ok, rooms, connections } (rooms = loaded documents).
 */
import { SQLite } from '@hocuspocus/extension-sqlite'
import { Server } from '@hocuspocus/server'

const port = Number(process.env.PORT ?? 1234)
const host = process.env.HOST ?? '127.0.0.1'
const database = process.env.HOCUSPOCUS_DB
if (!database) throw new Error('hocuspocus-server: set HOCUSPOCUS_DB to the SQLite file')

const server = new Server({
  port,
  address: host,
  quiet: true,
  stopOnSignals: false,
  extensions: [
    new SQLite({ database }),
    {
      // Health endpoint for the benchmark's start-up wait and its "rooms unloaded" check.
      async onRequest({ request, response, instance }) {
        if (request.url !== '/api/health') return
        response.writeHead(200, { 'content-type': 'application/json' })
        response.end(JSON.stringify({ ok: true, rooms: instance.getDocumentsCount(), connections: instance.getConnectionsCount() }))
        // Rejecting with nothing stops the hook chain (and the default "Welcome" response).
        throw null
      },
    },
  ],
})

await server.listen()

let stopping = false
const stop = (): void => {
  if (stopping) return
  stopping = true
  // destroy() closes the sockets and flushes every debounced store before resolving.
  setTimeout(() => process.exit(1), 5_000).unref()
  server.destroy().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err)
      process.exit(1)
    },
  )
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
