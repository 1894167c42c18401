/**
 * Turning a concurrent editing trace into per-txn Yjs updates (replaying them on networked
 * clients: concurrent-replay.ts).
 *
 * ## Algorithm (`buildConcurrentUpdates`)
 *
 * A txn's patches are positions in the document made of exactly the txns in its causal history (the
 * merged state of its parents). We keep, per agent, a "branch": a `Y.Doc` with its own clientID that
 * only that agent authors on. For txn `i` by agent `a`:
 *
 * 1. Target version = component-wise max of the parents' post-txn versions, where a version maps each
 *    clientID to the NUMBER OF TXNS of that clientID included (not the Yjs clock: delete-only txns do
 *    not advance a clock but must still be replayed).
 * 2. Pick a branch of `a` whose version is <= target. Because a branch only ever grows and each
 *    clientID's txns form a causal chain (invariant below), "version <= target" means "branch state is
 *    a subset of the parents' merged state". Normally the agent's single branch qualifies (an agent's
 *    next edit sees its previous one). If none does (the agent edited on a history that does not
 *    include its own earlier edit), a fresh branch with a NEW clientID is opened for `a`; reusing the
 *    old clientID would fork that client's clock sequence, which Yjs cannot represent.
 * 3. Bring the branch up to the target by applying, in txn-index order (a topological order, so no
 *    update is ever pending), the already-generated updates of the missing txns: for each clientID `c`,
 *    its txns number `have[c] .. target[c]-1`. The branch now holds exactly the parents' merged state,
 *    so the trace positions are valid there; `deps` = its Yjs state vector at that moment.
 * 4. Apply the patches in one `doc.transact` and capture that transaction's `'update'` event: it
 *    contains exactly the structs and deletions this txn adds. Post version = target + 1 for the
 *    branch's clientID, which keeps the invariant (the clientID's previous txns are all in target).
 *
 * Correctness: each update is the delta of a real Yjs edit made on a replica holding exactly the
 * txn's causal history, so the set of updates is what a set of Yjs peers that saw the same causal
 * histories would have exchanged. Yjs updates are commutative and idempotent, so merging them in any
 * order yields one document; that it equals `endContent` (the traces avoid order-ambiguous concurrent
 * inserts) is checked by the tests. Cost: O(total updates applied) = O(txns x agents) small
 * applies; no per-txn full-document encoding.
 */
import * as Y from 'yjs'
import type { ConcurrentTrace } from './load.ts'
import { applyPatchToYText, txnsAreBmp } from './sequential.ts'

/** Name of the shared text in every generated/replayed doc. */
export const TEXT_NAME = 'text'

export interface ConcurrentUpdate {
  agent: number
  txnIndex: number
  /** Yjs v1 update holding exactly what this txn adds (a no-op txn gets an empty update). */
  update: Uint8Array
  /** Yjs state vector (clientID → clock) of the txn's parents' merged state. */
  deps: Map<number, number>
  /** The clientID that authored the update (normally one per agent). */
  clientID: number
}

export interface BuildOptions {
  /** clientID of agent `a`'s first branch is `clientIdBase + a`; extra branches count up from
   * `clientIdBase + numAgents`. Default 1. */
  clientIdBase?: number
}

export interface BuildResult {
  updates: ConcurrentUpdate[]
  /** Branches (= clientIDs) opened beyond one per agent. */
  extraBranches: number
  /** Total updates applied while catching branches up. */
  catchUpApplies: number
  elapsedMs: number
}

const EMPTY_UPDATE: Uint8Array = Y.encodeStateAsUpdate(new Y.Doc())
const AUTHOR = Symbol('trace-author')
const CATCH_UP = Symbol('trace-catch-up')

interface Branch {
  doc: Y.Doc
  text: Y.Text
  clientID: number
  /** clientID → number of txns of that clientID contained. */
  version: Map<number, number>
  captured: Uint8Array | null
}

function newBranch(clientID: number): Branch {
  const doc = new Y.Doc()
  doc.clientID = clientID
  const b: Branch = { doc, text: doc.getText(TEXT_NAME), clientID, version: new Map(), captured: null }
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin === AUTHOR) b.captured = update
  })
  return b
}

function versionLe(a: Map<number, number>, b: Map<number, number>): boolean {
  for (const [c, n] of a) if ((b.get(c) ?? 0) < n) return false
  return true
}

/** As `buildConcurrentUpdatesWithStats`, returning just the updates (index = txn index). */
export function buildConcurrentUpdates(trace: ConcurrentTrace, opts: BuildOptions = {}): ConcurrentUpdate[] {
  return buildConcurrentUpdatesWithStats(trace, opts).updates
}

/** Generate one Yjs update per trace txn (see the module comment for the algorithm). */
export function buildConcurrentUpdatesWithStats(trace: ConcurrentTrace, opts: BuildOptions = {}): BuildResult {
  const t0 = performance.now()
  const base = opts.clientIdBase ?? 1
  const bmp = txnsAreBmp(trace.txns)
  const branches: Branch[][] = Array.from({ length: trace.numAgents }, (_, a) => [newBranch(base + a)])
  let nextClientID = base + trace.numAgents
  let extraBranches = 0
  let catchUpApplies = 0
  /** clientID → txn indices it authored, in order. */
  const chains = new Map<number, number[]>()
  /** txn index → version after the txn. */
  const post: Map<number, number>[] = []
  const updates: ConcurrentUpdate[] = []

  trace.txns.forEach((txn, i) => {
    // 1. target version = max of parents' versions
    const target = new Map<number, number>()
    for (const p of txn.parents) {
      for (const [c, n] of post[p]!) if ((target.get(c) ?? 0) < n) target.set(c, n)
    }
    // 2. a branch of this agent that is a subset of the target
    const own = branches[txn.agent]!
    let branch = own.find((b) => versionLe(b.version, target))
    if (!branch) {
      branch = newBranch(nextClientID++)
      own.unshift(branch)
      extraBranches++
    }
    // 3. catch up with the missing txns, in topological (index) order
    const missing: number[] = []
    for (const [c, n] of target) {
      const chain = chains.get(c)!
      for (let k = branch.version.get(c) ?? 0; k < n; k++) missing.push(chain[k]!)
    }
    if (missing.length > 0) {
      missing.sort((x, y) => x - y)
      catchUpApplies += missing.length
      // One transaction of small applies; Y.mergeUpdates over many updates is far slower (superlinear).
      const doc = branch.doc
      doc.transact(() => {
        for (const m of missing) Y.applyUpdate(doc, updates[m]!.update, CATCH_UP)
      }, CATCH_UP)
    }
    const deps = Y.decodeStateVector(Y.encodeStateVector(branch.doc))
    // 4. author the txn and capture its update
    branch.captured = null
    const text = branch.text
    branch.doc.transact(() => {
      for (const patch of txn.patches) applyPatchToYText(text, patch, bmp)
    }, AUTHOR)
    const version = new Map(target)
    version.set(branch.clientID, (target.get(branch.clientID) ?? 0) + 1)
    branch.version = version
    post.push(version)
    let chain = chains.get(branch.clientID)
    if (!chain) chains.set(branch.clientID, (chain = []))
    chain.push(i)
    updates.push({ agent: txn.agent, txnIndex: i, update: branch.captured ?? EMPTY_UPDATE, deps, clientID: branch.clientID })
  })
  for (const list of branches) for (const b of list) b.doc.destroy()
  return { updates, extraBranches, catchUpApplies, elapsedMs: performance.now() - t0 }
}

/** Apply all updates to a fresh doc (in the given order) and return its text. */
export function textFromUpdates(updates: readonly Uint8Array[]): string {
  const doc = new Y.Doc()
  doc.transact(() => {
    for (const u of updates) Y.applyUpdate(doc, u)
  })
  const s = doc.getText(TEXT_NAME).toString()
  doc.destroy()
  return s
}
