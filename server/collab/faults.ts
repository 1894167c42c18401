/**
 * Named fault points for the reliability suites (test/reliability/). A no-op unless the
 * environment says otherwise: `KEEL_FAULT=<point>:<nth>` (several, comma separated) makes the
 * process SIGKILL itself the nth time `<point>` is reached, so a test can kill the server at an
 * exact moment of the commit path instead of hoping a timer lands there.
 *
 * Read once at start-up; with KEEL_FAULT unset `faultPoint` is one Map lookup on an empty map.
 */
export const FAULT_POINTS = [
  /** Committer: the batch is applied to the rooms' docs, the SQLite transaction not yet run. */
  'before-commit',
  /** Committer: the transaction returned (on disk), nothing broadcast or acknowledged yet. */
  'after-commit-before-ack',
  /** Room: the batch's changes are broadcast to the other sockets, the sender not yet acked. */
  'after-broadcast-before-ack',
  /** Registry: the snapshot is encoded, the compaction transaction not yet run. */
  'during-compaction',
  /** Registry: an idle room is being unloaded (queue flushed, before its final compaction). */
  'during-unload',
] as const

export type FaultPoint = (typeof FAULT_POINTS)[number]

/** point → the hit count at which to die. */
const armed = parse(process.env.KEEL_FAULT)
const hits = new Map<FaultPoint, number>()

function parse(spec: string | undefined): Map<FaultPoint, number> {
  const map = new Map<FaultPoint, number>()
  if (!spec) return map
  for (const part of spec.split(',')) {
    const [point, nth] = part.trim().split(':')
    if (!(FAULT_POINTS as readonly string[]).includes(point ?? '')) throw new Error(`KEEL_FAULT: unknown point ${point}`)
    const n = Number(nth ?? '1')
    if (!Number.isInteger(n) || n < 1) throw new Error(`KEEL_FAULT: bad count in ${part}`)
    map.set(point as FaultPoint, n)
  }
  return map
}

/** Marks `point` as reached; kills the process (SIGKILL: no flush, no goodbye) on the armed hit. */
export function faultPoint(point: FaultPoint): void {
  if (armed.size === 0) return
  const nth = armed.get(point)
  if (nth === undefined) return
  const count = (hits.get(point) ?? 0) + 1
  hits.set(point, count)
  if (count === nth) process.kill(process.pid, 'SIGKILL')
}
