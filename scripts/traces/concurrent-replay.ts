import * as Y from 'yjs'
import type { ConcurrentUpdate } from './concurrent.ts'

/** Replaying the per-txn updates of concurrent.ts on networked clients, each txn once its deps have arrived. */

export interface ReplayOptions {
  /** Transaction origin for the applied updates; must be one a provider treats as local. Default 'trace'. */
  origin?: unknown
  /** Max time one txn may wait for its deps before the replay fails. Default 30 000 ms. */
  timeoutMs?: number
  /** Yield to the event loop (setImmediate) after this many consecutive txns without waiting, so
   * other agents, relays and providers get to run. 0 = never. Default 50. */
  yieldEvery?: number
  /** Apply up to this many consecutive ready txns in one Yjs transaction (one frame). Default 1. */
  batch?: number
  /** Pause this long (ms) at each yield instead of setImmediate: paces a replay under a rate limit. Default 0. */
  pauseMs?: number
}

export interface AgentReplayTiming {
  agent: number
  txns: number
  /** Txns that had to wait for deps. */
  waits: number
  /** Total time spent waiting for deps. */
  waitedMs: number
  maxWaitMs: number
  /** From replay start until this agent applied its last txn. */
  elapsedMs: number
}

export interface ReplayTiming {
  /** From start until every agent applied all its txns (not including final convergence). */
  elapsedMs: number
  agents: AgentReplayTiming[]
}

/** True when `doc`'s state vector covers `deps`. */
export function coversDeps(doc: Y.Doc, deps: ReadonlyMap<number, number>): boolean {
  for (const [client, clock] of deps) if (Y.getState(doc.store, client) < clock) return false
  return true
}

/** Resolve once `doc` covers `deps` (re-checked on each 'update' event); reject on timeout or abort. */
export function waitForDeps(doc: Y.Doc, deps: ReadonlyMap<number, number>, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  if (coversDeps(doc, deps)) return Promise.resolve()
  return new Promise<void>((resolve, reject) => {
    const cleanup = (): void => {
      clearTimeout(timer)
      doc.off('update', onUpdate)
      signal?.removeEventListener('abort', onAbort)
    }
    const onUpdate = (): void => {
      if (coversDeps(doc, deps)) {
        cleanup()
        resolve()
      }
    }
    const onAbort = (): void => {
      cleanup()
      reject(new Error('replay aborted'))
    }
    const timer = setTimeout(() => {
      cleanup()
      const missing = [...deps]
        .filter(([c, clock]) => Y.getState(doc.store, c) < clock)
        .map(([c, clock]) => `client ${c}: have ${Y.getState(doc.store, c)}, need ${clock}`)
      reject(new Error(`timed out after ${timeoutMs} ms waiting for deps (${missing.join('; ')})`))
    }, timeoutMs)
    doc.on('update', onUpdate)
    if (signal) {
      if (signal.aborted) onAbort()
      else signal.addEventListener('abort', onAbort)
    }
  })
}

/**
 * Replay generated updates on networked clients (`clients[agent]`), one async loop per agent running
 * concurrently. For each of its txns, in order, an agent waits (bounded, event-driven) until its doc
 * covers the txn's `deps`, then applies the update with a LOCAL origin, so a provider attached to the
 * doc sends it on. Causally the loop cannot deadlock: a txn's deps are earlier txns, each applied by
 * its own agent once its (earlier) deps arrived. The first failure aborts every loop.
 */
export async function replayConcurrentOnClients(
  updates: readonly ConcurrentUpdate[],
  clients: readonly { doc: Y.Doc }[],
  opts: ReplayOptions = {},
): Promise<ReplayTiming> {
  const origin = opts.origin ?? 'trace'
  const timeoutMs = opts.timeoutMs ?? 30_000
  const yieldEvery = opts.yieldEvery ?? 50
  const batch = Math.max(1, opts.batch ?? 1)
  const pauseMs = opts.pauseMs ?? 0
  const perAgent = new Map<number, ConcurrentUpdate[]>()
  for (const u of updates) {
    if (!clients[u.agent]) throw new Error(`replayConcurrentOnClients: no client for agent ${u.agent}`)
    let list = perAgent.get(u.agent)
    if (!list) perAgent.set(u.agent, (list = []))
    list.push(u)
  }
  const abort = new AbortController()
  const t0 = performance.now()
  const runAgent = async (agent: number, list: ConcurrentUpdate[]): Promise<AgentReplayTiming> => {
    const doc = clients[agent]!.doc
    const timing: AgentReplayTiming = { agent, txns: list.length, waits: 0, waitedMs: 0, maxWaitMs: 0, elapsedMs: 0 }
    let sinceYield = 0
    // Txns whose deps are already covered are applied together in one Yjs transaction of up to
    // `batch` txns, so a provider sends one frame for them (as an editor batches a fast typist).
    let pending: ConcurrentUpdate[] = []
    const flush = (): void => {
      if (pending.length === 0) return
      const batchList = pending
      pending = []
      doc.transact(() => {
        for (const p of batchList) Y.applyUpdate(doc, p.update, origin)
      }, origin)
    }
    for (const u of list) {
      if (abort.signal.aborted) throw new Error('replay aborted')
      if (!coversDeps(doc, u.deps)) {
        flush()
        const w0 = performance.now()
        await waitForDeps(doc, u.deps, timeoutMs, abort.signal)
        const waited = performance.now() - w0
        timing.waits++
        timing.waitedMs += waited
        timing.maxWaitMs = Math.max(timing.maxWaitMs, waited)
        sinceYield = 0
      }
      pending.push(u)
      if (pending.length >= batch) flush()
      if (yieldEvery > 0 && ++sinceYield >= yieldEvery) {
        flush()
        sinceYield = 0
        await new Promise<void>((r) => (pauseMs > 0 ? setTimeout(r, pauseMs) : setImmediate(r)))
      }
    }
    flush()
    timing.elapsedMs = performance.now() - t0
    return timing
  }
  try {
    const agents = await Promise.all(
      [...perAgent].map(([agent, list]) =>
        runAgent(agent, list).catch((err: unknown) => {
          abort.abort()
          throw err
        }),
      ),
    )
    return { elapsedMs: performance.now() - t0, agents: agents.sort((x, y) => x.agent - y.agent) }
  } finally {
    abort.abort()
  }
}
