/**
 * Coalesces the frames sent to each socket during one synchronous step (a commit's broadcasts and
 * acks) into one write: inside `batchSends`, the first send to a socket corks it, and the end of
 * the batch uncorks every corked socket, so a socket that receives k frames costs one writev
 * instead of k. The frames, their order and their bytes are unchanged; they leave at the end of
 * the same synchronous step instead of one by one during it.
 */
interface Corkable {
  cork(): void
  uncork(): void
}

const corked = new Set<Corkable>()
let depth = 0

export function batchSends<T>(fn: () => T): T {
  depth++
  try {
    return fn()
  } finally {
    if (--depth === 0 && corked.size > 0) {
      for (const socket of corked) socket.uncork()
      corked.clear()
    }
  }
}

/** Called before a send: corks `socket` until the end of the current batch (no-op outside one). */
export function corkInBatch(socket: Corkable | undefined | null): void {
  if (depth === 0 || !socket || corked.has(socket)) return
  socket.cork()
  corked.add(socket)
}
