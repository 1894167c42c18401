/**
 * The one way the app talks to the REST API: same-origin JSON with the session cookie.
 *
 * Failures come in two kinds the UI treats differently: `ApiError` (the server answered with an
 * error body: show its meaning) and `NetworkError` (no answer at all: offline, server down, or
 * too slow; the document page falls back to what it cached).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

export class NetworkError extends Error {}

/** Called when the server says the session is gone (401), so the app can send the user to sign in. */
let onUnauthenticated: (() => void) | null = null
export function setUnauthenticatedHandler(handler: (() => void) | null): void {
  onUnauthenticated = handler
}

const TIMEOUT_MS = 10_000

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  body?: unknown
  signal?: AbortSignal
  /** A 401 here is an answer, not an expired session (the sign-in form, for one). */
  quiet401?: boolean
}

export async function api<T>(path: string, { method = 'GET', body, signal, quiet401 = false }: RequestOptions = {}): Promise<T> {
  const timeout = AbortSignal.timeout(TIMEOUT_MS)
  let response: Response
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    })
  } catch (err) {
    if (signal?.aborted) throw err
    throw new NetworkError(navigator.onLine ? 'The server did not answer.' : 'You are offline.')
  }
  const payload: unknown = await response.json().catch(() => null)
  // Aborted while the body was read: the body is cut, so there is no answer to hand back (a
  // null here once reached callers as if the server had sent it).
  signal?.throwIfAborted()
  if (response.ok) return payload as T
  const error = (payload as { error?: { code?: string; message?: string } } | null)?.error
  const code = error?.code ?? (response.status === 429 ? 'rate_limited' : 'unknown')
  if (response.status === 401 && code === 'unauthenticated' && !quiet401) onUnauthenticated?.()
  // A proxy or the service worker may answer 5xx with no JSON body: treat it like no answer.
  if (response.status >= 502 && error === undefined) throw new NetworkError('The server is not reachable right now.')
  throw new ApiError(response.status, code, error?.message ?? response.statusText)
}

/** Words for a failed request, for inline error messages. */
export function describeError(err: unknown): string {
  if (err instanceof NetworkError) return `${err.message} Check your connection and try again.`
  if (err instanceof ApiError) {
    if (err.status === 429) return 'Too many attempts. Wait a minute and try again.'
    if (err.status === 403) return 'You do not have permission to do that.'
    if (err.status === 404) return 'That no longer exists, or it is not shared with you.'
    if (err.code === 'last_owner') return 'A workspace needs at least one owner. Make someone else an owner first.'
    if (err.status === 400)
      return err.message
        .replace(/^[\w.]+: /, '')
        .replace(/^\w/, (c) => c.toUpperCase())
        .replace(/[^.!?]$/, '$&.')
    return 'Something went wrong on the server. Try again in a moment.'
  }
  return 'Something went wrong. Try again.'
}
