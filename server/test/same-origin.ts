/**
 * Requests as the server's own page sends them. Since the request boundary (server/auth/boundary.ts),
 * every POST/PUT/PATCH/DELETE must carry an Origin that is one of the server's own (a signed-in
 * write without one is refused as cross-site, 403), and every request must name a Host the server
 * answers to (421 otherwise). Tests that are not about that rule send these, as a browser would.
 */

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** The Origin a browser on the test server's own page sends with a write. */
export function sameOrigin(server: { url: string }): { origin: string } {
  return { origin: server.url }
}

/** Same-origin headers for `method`: the Origin on writes, nothing on reads (as a browser does). */
export function originFor(server: { url: string }, method: string | undefined): { origin?: string } {
  return SAFE_METHODS.has((method ?? 'GET').toUpperCase()) ? {} : sameOrigin(server)
}

/**
 * Headers for `server.app.inject` on a listening test server: its own Host (inject's default,
 * `localhost:80`, is not the port the server listens on, so it would get 421) and, on writes,
 * its own Origin.
 */
export function injectHeaders(server: { url: string }, method: string | undefined = 'GET'): { host: string; origin?: string } {
  return { host: new URL(server.url).host, ...originFor(server, method) }
}
