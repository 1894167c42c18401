import type { ServerUnderTest } from './servers.ts'

export interface BenchOptions {
  quick: boolean
  /** The scenarios named with --only (null: the default run). */
  only: string[] | null
  /** Progress lines go here (stderr), the report goes to stdout. */
  log: (line: string) => void
}

export interface MetricDef {
  key: string
  label: string
  unit: string
  /** Which direction is better, for reading the keel/peer ratio. */
  better: 'lower' | 'higher'
}

/** One round's figures for one server; null = not applicable (printed n/a). */
export interface RoundResult {
  metrics: Record<string, number | null>
  /** Per-metric qualifiers shown next to the figure, e.g. "not durable". */
  notes?: Record<string, string>
}

export interface RoundContext {
  sut: ServerUnderTest
  round: number
  options: BenchOptions
}

/** One configuration of a scenario (e.g. fanout with 100 subscribers), run for several rounds. */
export interface ScenarioCase {
  label: string
  rounds: number
  metrics: MetricDef[]
  /** One round against one server. Starts (and stops) its own server process(es). */
  run(ctx: RoundContext): Promise<RoundResult>
}

export interface Scenario {
  name: string
  description: string
  /** Set when the scenario runs only if named in `--only`: why it is not in the default run. */
  optIn?: string
  /**
   * A floor server (the relay: keeps nothing) measures something real here: every client syncs
   * before the first write, and nothing is read back from storage. Elsewhere it is not run.
   */
  floorApplies?: boolean
  /** Builds the cases; heavy preparation (loading a trace) may happen here, once. */
  cases(options: BenchOptions): ScenarioCase[] | Promise<ScenarioCase[]>
}
