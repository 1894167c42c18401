/**
 * Browsers always send Origin on WebSocket upgrades and cross-site writes. Same-origin (the
 * Origin's host is the Host the request was sent to) is allowed, and so is any origin in the
 * configured allow-list (for example Vite's dev server). Requests without Origin come from
 * non-browser clients, which cannot be driven by another site, and are allowed.
 */
export function isAllowedOrigin(origin: string | undefined, host: string | undefined, allowed: readonly string[]): boolean {
  if (!origin) return true
  if (allowed.includes(origin)) return true
  try {
    return host !== undefined && new URL(origin).host === host
  } catch {
    return false
  }
}
