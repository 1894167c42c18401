import * as Y from 'yjs'
import type { MetricDef } from './types.ts'

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

/** The figures of the stamp-latency scenarios (fanout, many-rooms), in report order. */
export const DELIVERY_METRICS: MetricDef[] = [
  { key: 'p50Ms', label: 'latency p50', unit: 'ms', better: 'lower' },
  { key: 'p99Ms', label: 'latency p99', unit: 'ms', better: 'lower' },
  { key: 'maxMs', label: 'latency max', unit: 'ms', better: 'lower' },
  { key: 'deliveriesPerSec', label: 'deliveries', unit: '/s', better: 'higher' },
  { key: 'lost', label: 'not delivered', unit: 'count', better: 'lower' },
  { key: 'serverCpuS', label: 'server CPU during writes', unit: 's', better: 'lower' },
  { key: 'serverRssMiB', label: 'server RSS at end', unit: 'MiB', better: 'lower' },
]
