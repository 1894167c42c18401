import * as Y from 'yjs'

/** A latency probe written into a shared map: sender index and send time (performance.now). */
export interface Stamp {
  s: number
  t: number
}

/**
 * Every stamp inside a broadcast update. One frame may carry several: a server may coalesce the
 * updates of one event-loop turn into one merged frame (Hocuspocus 4.7 does, `flushDelay: 0`), and
 * a merged update keeps each overwritten map entry's item and content.
 */
export function stampsOf(update: Uint8Array): Stamp[] {
  const stamps: Stamp[] = []
  for (const struct of Y.decodeUpdate(update).structs) {
    if (struct instanceof Y.Item && struct.content instanceof Y.ContentAny) {
      const v = struct.content.arr[0] as Partial<Stamp> | undefined
      if (v && typeof v.s === 'number' && typeof v.t === 'number') stamps.push(v as Stamp)
    }
  }
  return stamps
}
