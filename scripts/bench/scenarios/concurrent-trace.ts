// Over 300 lines on purpose (issue #18): the comment below is the method (two Y.Docs per client, the server as the gate)
// and runRound carries it out step by step; split, the explanation and the code it explains would part.
/**
 * concurrent-trace (issue #7 scenario 3): the concurrent editing trace `clownschool` (3 agents,
 * 23,136 txns with a causal graph) replayed LIVE by 3 clients, one per agent, through the server;
 * timed until every client's text equals the trace's `endContent` (checked: a mismatch or a
 * timeout fails the round).
 *
 * ## What a trace position means, and how each client reproduces it
 *
 * A concurrent txn's patches are positions in the document made of exactly its causal history (the
 * merged state of its parents), not in whatever its agent's replica holds when it is replayed: a
 * live client that has meanwhile received a concurrent txn of another agent holds MORE than the
 * parents' version, and applying the patch there would edit the wrong characters. So each client
 * keeps two Y.Docs:
 * - `net`: its replica on the wire. It applies everything the server sends, and its own txns;
 *   every client's final `net` text is what is checked against `endContent`.
 * - `branch`: the agent's authoring replica (clientID = one per agent), which holds EXACTLY the
 *   parents' version when a txn is authored. Before authoring txn i, the branch is brought from
 *   its version (the txns it holds) up to i's target version (the union of i's parents' histories)
 *   by applying the missing txns in trace order; then i's patches are applied to the branch's
 *   Y.Text in one transaction and the resulting Yjs update is captured, applied to `net` (as a
 *   local change) and sent. In clownschool every txn's history holds its agent's previous txn, so
 *   one branch per agent suffices (checked before the run: a trace where an agent edits on a
 *   history without its own earlier txn would need a branch with a new clientID; the scenario
 *   refuses it with a message rather than replaying it wrong).
 *
 * The gate is the server: a missing txn is applied to a branch only once its client's `net` has it
 * FROM THE SERVER: the author's clock range (Yjs state vector of `net` >= the txn's end clock) and
 * every item the txn deleted marked deleted in `net` (delete-only txns do not advance any clock, so
 * the state vector alone would not show them). The bytes applied to the branch are the txn's own
 * update as its author captured it (kept in this process, indexed by txn; the same Yjs content
 * that arrived in `net`): extracting one txn out of a server frame that may merge several (Hocuspocus
 * coalesces one event-loop turn's broadcasts) is not possible in general, and Yjs updates are
 * idempotent content, so this is the same state. Waits are event-driven (re-checked after each
 * frame the server sends) and bounded.
 *
 * Framing: raw protocol sockets in the server's dialect (lib/client.ts `openRaw`: y-websocket for
 * Keel with the session cookie and for the reference; Hocuspocus's document-name prefix after an
 * empty-token Auth). An agent sends the txns it authors back to back as one update frame (up to
 * `BATCH` txns), and flushes at once whenever it has to wait for another agent, so no agent ever
 * waits on a txn still sitting in another's buffer for long; frames are paced below the server's
 * per-connection rate limit (shared/limits.ts).
 */
import * as Y from 'yjs'
import { limits } from '../../../shared/limits.ts'
import { buildConcurrentUpdates, textFromUpdates } from '../../traces/concurrent.ts'
import { type ConcurrentTrace, hasTraces, loadConcurrentTrace, MISSING_TRACES_MESSAGE } from '../../traces/load.ts'
import { applyPatchToYText, txnsAreBmp } from '../../traces/sequential.ts'
import { assertOpen, emptyStep1Frame, openRaw, type RawSocket, syncUpdateFrame } from '../lib/client.ts'
import { cpuMeter, rssMiB } from '../lib/proc.ts'
import { percentile } from '../lib/stats.ts'
import type { BenchOptions, RoundContext, RoundResult, Scenario } from '../lib/types.ts'
import { Pacer, tick, waitFor, withTimeout } from '../lib/util.ts'

const TRACE = 'clownschool'
const TEXT = 'text'
/** Txns an agent may send in one update frame. */
const BATCH = 16
/** Agent a's clientID is CLIENT_BASE + a (the same in every round: each round is a fresh server). */
const CLIENT_BASE = 1000

const EMPTY_UPDATE = Y.encodeStateAsUpdate(new Y.Doc())
const AUTHOR = Symbol('author')
const CATCH_UP = Symbol('catch-up')
const LOCAL = Symbol('local')
const REMOTE = Symbol('remote')

type Txn = ConcurrentTrace['txns'][number]

interface Workload {
  label: string
  numAgents: number
  txns: Txn[]
  expected: string
  patches: number
  bmp: boolean
  /** Per txn: how many txns of each agent its causal history holds (its target version). */
  target: Int32Array[]
  /** Per agent: its txn indices in order. */
  chains: number[][]
}

/**
 * Target versions (per agent: number of that agent's txns in the history) and the single-branch
 * check: txn i of agent a must have all of a's earlier txns in its history.
 */
function analyse(label: string, trace: { numAgents: number; txns: Txn[] }, expected: string): Workload {
  const n = trace.numAgents
  const post: Int32Array[] = []
  const target: Int32Array[] = []
  const chains: number[][] = Array.from({ length: n }, () => [])
  trace.txns.forEach((txn, i) => {
    const t = new Int32Array(n)
    for (const p of txn.parents) {
      const pv = post[p]!
      for (let a = 0; a < n; a++) if (pv[a]! > t[a]!) t[a] = pv[a]!
    }
    if (t[txn.agent] !== chains[txn.agent]!.length) {
      throw new Error(
        `concurrent-trace: ${label} txn ${i} (agent ${txn.agent}) is not based on its agent's previous txn; ` +
          'replaying it would need a second branch (new clientID) for that agent, which this scenario does not do',
      )
    }
    target.push(t)
    const p = t.slice()
    p[txn.agent]!++
    post.push(p)
    chains[txn.agent]!.push(i)
  })
  return {
    label,
    numAgents: n,
    txns: trace.txns,
    expected,
    patches: trace.txns.reduce((k, t) => k + t.patches.length, 0),
    bmp: txnsAreBmp(trace.txns),
    target,
    chains,
  }
}

function workload(quick: boolean): Workload {
  const t = loadConcurrentTrace(TRACE)
  if (!quick) return analyse(`${TRACE} (${t.numAgents} agents, ${t.txns.length.toLocaleString('en-US')} txns)`, t, t.endContent)
  // --quick: a prefix (causally closed: every parent precedes its child). Its final text is not in
  // the file: it is the merge of the prefix's txns replayed offline (scripts/traces/concurrent.ts).
  const txns = t.txns.slice(0, 8_000)
  const prefix = { ...t, txns }
  const expected = textFromUpdates(buildConcurrentUpdates(prefix).map((u) => u.update))
  return analyse(`${TRACE}[0:8k] (${t.numAgents} agents)`, prefix, expected)
}

/** A txn as authored: its update and what a replica must hold to have received it. */
interface Authored {
  update: Uint8Array
  client: number
  /** The author's clock after the txn (its structs end here). */
  clockEnd: number
  /** Items the txn deleted: [client, clock, length]. */
  deletes: [number, number, number][]
}

function deletesOf(update: Uint8Array): [number, number, number][] {
  const out: [number, number, number][] = []
  for (const [client, items] of Y.decodeUpdate(update).ds.clients) for (const d of items) out.push([client, d.clock, d.len])
  return out
}

/** True when `doc` holds the txn: its structs, and every item it deleted, deleted. */
function holds(doc: Y.Doc, a: Authored): boolean {
  const store = doc.store
  if (Y.getState(store, a.client) < a.clockEnd) return false
  for (const [client, clock, len] of a.deletes) {
    const have = Y.getState(store, client)
    for (let k = clock; k < clock + len;) {
      if (have <= k) return false
      const struct = Y.getItem(store, Y.createID(client, k))
      if (!struct.deleted) return false
      k = struct.id.clock + struct.length
    }
  }
  return true
}

interface Agent {
  index: number
  net: Y.Doc
  branch: Y.Doc
  text: Y.Text
  /** Txns of each agent the branch holds. */
  have: Int32Array
  socket: RawSocket
  synced: boolean
  /** Re-checked after every frame the server sends this client. */
  onFrame: (() => void) | null
  /** How long each wait for another agent's txn took (ms). */
  waits: number[]
  /** The update of the txn being authored on the branch. */
  captured: Uint8Array | null
}

async function runRound(w: Workload, { sut, options }: RoundContext): Promise<RoundResult> {
  const timeoutMs = options.quick ? 30_000 : 60_000
  const docId = `concurrent-${Date.now()}`
  const server = await sut.start({ docs: [docId] })
  const agents: Agent[] = []
  const authored: (Authored | undefined)[] = new Array(w.txns.length)
  let failed: Error | null = null
  let done = false
  try {
    for (let a = 0; a < w.numAgents; a++) {
      const net = new Y.Doc()
      const branch = new Y.Doc()
      branch.clientID = CLIENT_BASE + a
      const agent: Agent = {
        index: a,
        net,
        branch,
        text: branch.getText(TEXT),
        have: new Int32Array(w.numAgents),
        socket: null as unknown as RawSocket,
        synced: false,
        onFrame: null,
        waits: [],
        captured: null,
      }
      branch.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin === AUTHOR) agent.captured = update
      })
      agent.socket = await openRaw(
        server,
        docId,
        (e) => {
          if (e.kind !== 'update') return
          Y.applyUpdate(net, e.update, REMOTE)
          if (e.step2) agent.synced = true
          agent.onFrame?.()
        },
        10_000,
      )
      agent.socket.ws.on('close', (code: number, reason: Buffer) => {
        // Unless the round is over (sockets terminated), fail every wait at once with the close code.
        if (!done) {
          failed ??= new Error(`concurrent-trace: the server closed client ${a}'s socket (${code} ${reason.toString()})`)
          for (const other of agents) other.onFrame?.()
        }
      })
      net.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin === LOCAL) agent.socket.send(syncUpdateFrame(update))
      })
      agents.push(agent)
      agent.socket.send(emptyStep1Frame())
    }
    await waitFor(() => agents.every((a) => a.synced) || agents.some((a) => a.socket.ws.readyState !== a.socket.ws.OPEN), 'the clients to sync', 10_000)
    assertOpen(
      agents.map((a) => a.socket),
      'concurrent-trace',
    )
    const cpu = cpuMeter(server.pid)
    const t0 = performance.now()
    const deadline = t0 + timeoutMs

    /** Resolves once `ready()` holds for this client, re-checked on each frame it receives. */
    const until = (agent: Agent, ready: () => boolean, what: () => string): Promise<void> => {
      if (failed) return Promise.reject(failed)
      if (ready()) return Promise.resolve()
      const w0 = performance.now()
      return withTimeout(
        new Promise<void>((resolve, reject) => {
          agent.onFrame = () => {
            if (failed) reject(failed)
            else if (ready()) resolve()
          }
        }),
        Math.max(1, deadline - performance.now()),
        what(),
      ).finally(() => {
        agent.onFrame = null
        agent.waits.push(performance.now() - w0)
      })
    }

    const runAgent = async (agent: Agent): Promise<void> => {
      const a = agent.index
      const pacer = new Pacer(limits.inboundMessagesPerSecond * 0.8, limits.inboundMessageBurst / 4)
      let pending: Uint8Array[] = []
      const flush = async (): Promise<void> => {
        if (pending.length === 0) return
        await pacer.take(1)
        const list = pending
        pending = []
        agent.net.transact(() => {
          for (const u of list) Y.applyUpdate(agent.net, u, LOCAL)
        }, LOCAL)
        await tick()
      }
      for (const i of w.chains[a]!) {
        if (failed) throw failed
        const target = w.target[i]!
        // The txns of other agents in i's history that the branch lacks, in trace (topological) order.
        const missing: number[] = []
        for (let b = 0; b < w.numAgents; b++) {
          for (let k = agent.have[b]!; k < target[b]!; k++) missing.push(w.chains[b]![k]!)
        }
        missing.sort((x, y) => x - y)
        const arrived = (): boolean => missing.every((j) => authored[j] !== undefined && holds(agent.net, authored[j]!))
        if (!arrived()) {
          await flush()
          await until(agent, arrived, () => {
            const absent = missing.filter((j) => authored[j] === undefined || !holds(agent.net, authored[j]!))
            return `client ${a} waiting for txns ${absent.slice(0, 5).join(', ')}${absent.length > 5 ? ', …' : ''} (needed by txn ${i}) to arrive from the server`
          })
        }
        if (missing.length > 0) {
          agent.branch.transact(() => {
            for (const j of missing) Y.applyUpdate(agent.branch, authored[j]!.update, CATCH_UP)
          }, CATCH_UP)
          for (let b = 0; b < w.numAgents; b++) if (b !== a) agent.have[b] = target[b]!
        }
        // The branch now holds exactly i's parents' version: the trace positions apply to it.
        agent.captured = null
        agent.branch.transact(() => {
          for (const p of w.txns[i]!.patches) applyPatchToYText(agent.text, p, w.bmp)
        }, AUTHOR)
        agent.have[a]!++
        const update = agent.captured ?? EMPTY_UPDATE
        authored[i] = { update, client: agent.branch.clientID, clockEnd: Y.getState(agent.branch.store, agent.branch.clientID), deletes: deletesOf(update) }
        pending.push(update)
        if (pending.length >= BATCH) await flush()
        if (performance.now() > deadline) throw new Error(`concurrent-trace: replay took over ${timeoutMs} ms`)
      }
      await flush()
    }

    await Promise.all(
      agents.map((agent) =>
        runAgent(agent).catch((err: Error) => {
          failed ??= err
          for (const other of agents) other.onFrame?.()
          throw err
        }),
      ),
    )
    const texts = (): string[] => agents.map((agent) => agent.net.getText(TEXT).toString())
    await waitFor(
      () => failed !== null || (agents.every((agent) => agent.net.getText(TEXT).length === w.expected.length) && texts().every((s) => s === w.expected)),
      'every client to converge on endContent',
      Math.max(1, deadline - performance.now()),
      1,
    ).catch((err: Error) => {
      const got = agents.map((agent) => `client ${agent.index}: ${agent.net.getText(TEXT).length} chars`).join(', ')
      throw new Error(`${err.message} (${got}; expected ${w.expected.length})`)
    })
    if (failed) throw failed
    const convergeMs = performance.now() - t0
    const waits = agents.flatMap((agent) => agent.waits)
    assertOpen(
      agents.map((a) => a.socket),
      'concurrent-trace',
    )
    return {
      metrics: {
        convergeMs,
        patchesPerSec: w.patches / (convergeMs / 1000),
        waits: waits.length,
        waitP50Ms: percentile(waits, 50),
        serverCpuS: cpu(),
        serverRssMiB: rssMiB(server.pid),
      },
    }
  } finally {
    done = true
    for (const agent of agents) {
      agent.socket.terminate()
      agent.net.destroy()
      agent.branch.destroy()
    }
    await server.stop()
  }
}

export const concurrentTrace: Scenario = {
  name: 'concurrent-trace',
  description: `the concurrent trace ${TRACE} replayed live by one client per agent through the server (each txn authored on its parents' version once they arrived); until every client has endContent`,
  cases(options: BenchOptions) {
    if (!hasTraces()) {
      options.log(`concurrent-trace: ${MISSING_TRACES_MESSAGE}`)
      return []
    }
    const w = workload(options.quick)
    return [
      {
        label: `${w.label}, ${w.patches.toLocaleString('en-US')} patches`,
        rounds: options.quick ? 1 : 3,
        metrics: [
          { key: 'convergeMs', label: 'time until every client = endContent', unit: 'ms', better: 'lower' },
          { key: 'patchesPerSec', label: 'throughput', unit: 'patches/s', better: 'higher' },
          { key: 'waits', label: "times a client waited for another agent's txn", unit: 'count', better: 'lower' },
          { key: 'waitP50Ms', label: 'one such wait, p50', unit: 'ms', better: 'lower' },
          { key: 'serverCpuS', label: 'server CPU', unit: 's', better: 'lower' },
          { key: 'serverRssMiB', label: 'server RSS at end', unit: 'MiB', better: 'lower' },
        ],
        run: (ctx) => runRound(w, ctx),
      },
    ]
  },
}
