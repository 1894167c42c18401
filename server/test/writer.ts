import { MessageType } from '#shared/protocol/index'
import type { TestClient } from './harness.ts'

/**
 * A writer that types unique markers `<name:n>` into `Y.Text(textName)` and remembers which
 * socket and which update-bearing frame carried each; an `Ack` on that same socket covering the
 * frame moves the marker to `acknowledged`, at once (so an ack is never missed across a later
 * reconnect). A marker typed while offline, or whose frame was not sent, is never counted as
 * acknowledged even if it reaches the server later: the count is conservative, as the promise is.
 *
 * Generalised from the first crash test (server/collab/crash.int.test.ts); the reliability suites
 * (test/reliability/crash-loop) use it too.
 */
export function writer(client: TestClient, name: string, options: { textName?: string } = {}) {
  const textName = options.textName ?? 'text'
  const inflight: { marker: string; socket: unknown; seq: number }[] = []
  const acked = new Set<string>()
  const typed: string[] = []
  let n = 0
  const settle = (): void => {
    const socket = client.provider.ws
    const upTo = client.acked()
    for (let i = inflight.length - 1; i >= 0; i--) {
      const f = inflight[i]!
      if (f.socket === socket && f.seq <= upTo) {
        acked.add(f.marker)
        inflight.splice(i, 1)
      } else if (f.socket !== socket && socket !== null) {
        // Its socket is gone: not known to be saved (it may still arrive in a later step 2).
        inflight.splice(i, 1)
      }
    }
  }
  const handlers = client.provider.messageHandlers
  const original = handlers[MessageType.Ack]
  if (original) {
    handlers[MessageType.Ack] = (...args: Parameters<typeof original>) => {
      original(...args)
      settle()
    }
  }
  return {
    /** Types one marker if connected; returns it (or null when offline). */
    type(): string | null {
      if (!client.provider.wsconnected) return null
      const before = client.sent()
      const marker = `<${name}:${n++}>`
      const text = client.doc.getText(textName)
      text.insert(text.length, marker)
      typed.push(marker)
      const seq = client.sent()
      if (seq > before) inflight.push({ marker, socket: client.provider.ws, seq })
      return marker
    },
    /** Markers the server acknowledged: these must survive anything. */
    acknowledged(): string[] {
      settle()
      return [...acked]
    },
    typed: (): readonly string[] => typed,
  }
}
