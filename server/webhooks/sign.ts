import crypto from 'node:crypto'

/**
 * `X-Keel-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. The timestamp is
 * signed too, so a receiver can refuse replays older than a few minutes (the Stripe scheme).
 */
export function signature(secret: string, body: string, timestamp: number): string {
  const mac = crypto.createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')
  return `t=${timestamp},v1=${mac}`
}

/** What a receiver does: recompute and compare in constant time, within a tolerance. */
export function verify(secret: string, body: string, header: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  const parts = Object.fromEntries(header.split(',').map((kv) => kv.split('=') as [string, string]))
  const t = Number(parts.t)
  if (!Number.isFinite(t) || Math.abs(nowSeconds - t) > toleranceSeconds || !parts.v1) return false
  const expected = Buffer.from(signature(secret, body, t).split('v1=')[1]!, 'hex')
  const given = Buffer.from(parts.v1, 'hex')
  return expected.length === given.length && crypto.timingSafeEqual(expected, given)
}
