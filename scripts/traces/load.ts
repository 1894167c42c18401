/**
 * Loading the real-world editing traces (josephg/editing-traces, CC BY 4.0) used by benchmarks and
 * convergence tests. The data lives OUTSIDE the repository, in `../shared/data/editing-traces/`
 * relative to the repo root, and must never be copied in. Callers check `hasTraces()` and skip with a
 * clear message when the folder is absent.
 *
 * Node-only.
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { gunzipSync } from 'node:zlib'
import { z } from 'zod'

/** Repository root (this file is `<root>/scripts/traces/load.ts`). */
export const repoRoot: string = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')

/** Trace names available in the shared data folder (file `<name>.json.gz`). */
export const SEQUENTIAL_TRACES = ['automerge-paper', 'seph-blog1'] as const
export const CONCURRENT_TRACES = ['friendsforever', 'clownschool'] as const
export type SequentialTraceName = (typeof SEQUENTIAL_TRACES)[number]
export type ConcurrentTraceName = (typeof CONCURRENT_TRACES)[number]
export type TraceName = SequentialTraceName | ConcurrentTraceName

/** Message for skipped tests / benchmarks when the data folder is missing. */
export const MISSING_TRACES_MESSAGE = 'editing traces not found at ../shared/data/editing-traces/ (relative to the repo root); skipping'

/** `<repoRoot>/../shared/data/editing-traces`, or KEEL_TRACES_DIR (a worktree one level deeper). */
export function tracesDir(): string {
  return process.env.KEEL_TRACES_DIR ?? path.resolve(repoRoot, '..', 'shared', 'data', 'editing-traces')
}

/** True when the traces folder exists and holds every known trace file. */
export function hasTraces(): boolean {
  const dir = tracesDir()
  return [...SEQUENTIAL_TRACES, ...CONCURRENT_TRACES].every((n) => existsSync(path.join(dir, `${n}.json.gz`)))
}

/** `[pos, numDeleted, inserted]`; `pos` and `numDeleted` count Unicode code points. */
const patchSchema = z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative(), z.string()])

const sequentialSchema = z.object({
  startContent: z.string(),
  endContent: z.string(),
  txns: z.array(z.object({ time: z.string().optional(), patches: z.array(patchSchema) })),
})

const concurrentSchema = z.object({
  kind: z.literal('concurrent'),
  endContent: z.string(),
  numAgents: z.number().int().positive(),
  txns: z.array(
    z.object({
      parents: z.array(z.number().int().nonnegative()),
      numChildren: z.number().int().nonnegative().optional(),
      agent: z.number().int().nonnegative(),
      time: z.string().optional(),
      patches: z.array(patchSchema),
    }),
  ),
})

export type TracePatch = z.infer<typeof patchSchema>
export type SequentialTrace = z.infer<typeof sequentialSchema> & { kind: 'sequential' }
export type SequentialTxn = SequentialTrace['txns'][number]
export type ConcurrentTrace = z.infer<typeof concurrentSchema>
export type ConcurrentTxn = ConcurrentTrace['txns'][number]
export type Trace = SequentialTrace | ConcurrentTrace

/** Throws unless every parent precedes its child and every agent is `< numAgents`. */
function checkConcurrent(t: ConcurrentTrace, name: string): void {
  t.txns.forEach((txn, i) => {
    if (txn.agent >= t.numAgents) throw new Error(`${name}: txn ${i} agent ${txn.agent} >= numAgents ${t.numAgents}`)
    for (const p of txn.parents) {
      if (p >= i) throw new Error(`${name}: txn ${i} has parent ${p} that does not precede it`)
    }
  })
}

/** Read `<tracesDir>/<name>.json.gz`, gunzip, parse and validate. Throws if absent or malformed. */
export function loadTrace(name: SequentialTraceName): SequentialTrace
export function loadTrace(name: ConcurrentTraceName): ConcurrentTrace
export function loadTrace(name: string): Trace
export function loadTrace(name: string): Trace {
  const file = path.join(tracesDir(), `${name}.json.gz`)
  if (!existsSync(file)) throw new Error(`trace ${name}: ${file} not found (${MISSING_TRACES_MESSAGE})`)
  const raw: unknown = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8'))
  if (typeof raw === 'object' && raw !== null && (raw as { kind?: unknown }).kind === 'concurrent') {
    const t = concurrentSchema.parse(raw)
    checkConcurrent(t, name)
    return t
  }
  return { kind: 'sequential', ...sequentialSchema.parse(raw) }
}

/** `loadTrace` narrowed to the sequential kind (throws on a concurrent trace). */
export function loadSequentialTrace(name: string): SequentialTrace {
  const t = loadTrace(name)
  if (t.kind !== 'sequential') throw new Error(`trace ${name} is ${t.kind}, expected sequential`)
  return t
}

/** `loadTrace` narrowed to the concurrent kind (throws on a sequential trace). */
export function loadConcurrentTrace(name: string): ConcurrentTrace {
  const t = loadTrace(name)
  if (t.kind !== 'concurrent') throw new Error(`trace ${name} is ${t.kind}, expected concurrent`)
  return t
}
