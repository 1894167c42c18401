/**
 * Keel sync-server benchmark: `npm run bench [-- --quick] [--json out.json] [--only <scenario>] [--write]`.
 *
 * Every scenario case runs for a few rounds against every server under test (Keel and peers, see
 * lib/servers.ts), alternating which server goes first each round; each round starts a fresh server
 * child process on 127.0.0.1. The report shows per-server medians, keel / best peer and keel / each
 * peer. `--write` also regenerates docs/BENCHMARKS.md (machine, table, and the hand-written
 * findings in scripts/bench/FINDINGS.md); `--render run.json --write` does so from a saved run.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { markdown, type CaseReport, summarize } from './lib/report.ts'
import { allServers, keelEnv, optionalServers, keelNodeArgs, keelSource, repoRoot } from './lib/servers.ts'
import type { BenchOptions, RoundResult, Scenario } from './lib/types.ts'
import { coldLoad } from './scenarios/cold-load.ts'
import { compaction } from './scenarios/compaction.ts'
import { concurrentTrace } from './scenarios/concurrent-trace.ts'
import { durableWrites } from './scenarios/durable-writes.ts'
import { fanout } from './scenarios/fanout.ts'
import { idleDocs } from './scenarios/idle-docs.ts'
import { keypress } from './scenarios/keypress.ts'
import { manyRooms } from './scenarios/many-rooms.ts'
import { traceReplay } from './scenarios/trace-replay.ts'

const scenarios: Scenario[] = [traceReplay, concurrentTrace, fanout, durableWrites, coldLoad, idleDocs, manyRooms, compaction, keypress]

const BENCHMARKS_MD = path.join(repoRoot, 'docs', 'BENCHMARKS.md')
const FINDINGS_MD = path.join(repoRoot, 'scripts', 'bench', 'FINDINGS.md')

/** Everything a report is rendered from; also what `--json` writes and `--render` reads. */
interface BenchRun {
  date: string
  quick: boolean
  args: string[]
  node: string
  cpus: number
  cpuModel: string | null
  memoryGiB: number
  platform: string
  elapsedSeconds: number
  servers: { name: string; persistence: string; persistent: boolean; acks: boolean; floor?: boolean }[]
  keelEnv: Record<string, string>
  keelRoot: string
  keelCommit: string | null
  failures: number
  results: CaseReport[]
}

interface Args {
  quick: boolean
  json: string | null
  only: string[] | null
  rounds: number | null
  servers: string[] | null
  write: boolean
  render: string | null
}

function parseArgs(argv: string[]): Args {
  const args: Args = { quick: false, json: null, only: null, rounds: null, servers: null, write: false, render: null }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    if (a === '--quick') args.quick = true
    else if (a === '--json') args.json = argv[++i] ?? fail('--json needs a file')
    else if (a === '--only') args.only = (argv[++i] ?? fail('--only needs a scenario name')).split(',')
    else if (a === '--rounds') args.rounds = Number(argv[++i] ?? fail('--rounds needs a number'))
    else if (a === '--write') args.write = true
    else if (a === '--render') args.render = argv[++i] ?? fail('--render needs a JSON file from --json')
    else if (a === '--servers') args.servers = (argv[++i] ?? fail('--servers needs names')).split(',')
    else if (a === '--keel-root') keelSource.root = path.resolve(argv[++i] ?? fail('--keel-root needs a folder'))
    else if (a === '--keel-env') {
      const [key, ...value] = (argv[++i] ?? fail('--keel-env needs KEY=VALUE')).split('=')
      keelEnv[key!] = value.join('=')
    } else if (a === '--keel-node-arg') {
      keelNodeArgs.push(argv[++i] ?? fail('--keel-node-arg needs an argument'))
    } else if (a === '--help' || a === '-h') {
      console.log(
        `usage: npm run bench -- [--quick] [--json <file>] [--only <${scenarios.map((s) => s.name).join('|')}>[,...]]\n` +
          `       [--rounds <n>] [--servers ${allServers.map((s) => s.name).join(',')}[,${optionalServers.map((s) => s.name).join(',')}]] [--keel-env KEY=VALUE]... [--keel-node-arg <arg>]... [--keel-root <checkout>]\n` +
          `       [--write]   also regenerate docs/BENCHMARKS.md (findings from scripts/bench/FINDINGS.md)\n` +
          `       [--render <run.json>]   no run: print (and with --write, write) the report of a saved --json run`,
      )
      process.exit(0)
    } else fail(`unknown argument ${a}`)
  }
  for (const name of args.only ?? []) {
    if (!scenarios.some((s) => s.name === name)) fail(`unknown scenario ${name} (${scenarios.map((s) => s.name).join(', ')})`)
  }
  if (args.rounds !== null && !(Number.isInteger(args.rounds) && args.rounds > 0 && args.rounds <= 50)) fail('--rounds: 1..50')
  for (const name of args.servers ?? []) {
    if (![...allServers, ...optionalServers].some((s) => s.name === name))
      fail(`unknown server ${name} (${[...allServers, ...optionalServers].map((s) => s.name).join(', ')})`)
  }
  return args
}

function fail(message: string): never {
  console.error(message)
  process.exit(2)
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2))
  if (args.render) {
    const run = JSON.parse(fs.readFileSync(args.render, 'utf8')) as BenchRun
    console.log(reportMarkdown(run))
    if (args.write) writeBenchmarksMd(run)
    return
  }
  const started = performance.now()
  const log = (line: string): void => {
    process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(1).padStart(5)}s] ${line}\n`)
  }
  const options: BenchOptions = { quick: args.quick, only: args.only, log }
  // Keel first: the ratio columns are keel / each peer.
  const servers = args.servers ? [...allServers, ...optionalServers].filter((s) => args.servers!.includes(s.name)) : allServers
  const reports: CaseReport[] = []
  let failures = 0
  for (const scenario of scenarios) {
    if (args.only ? !args.only.includes(scenario.name) : scenario.optIn) {
      if (!args.only) log(`${scenario.name}: not in the default run (${scenario.optIn}); run it with --only ${scenario.name}`)
      continue
    }
    log(`${scenario.name}: ${scenario.description}`)
    for (const c of await scenario.cases(options)) {
      if (args.rounds !== null) c.rounds = args.rounds
      const results = new Map<string, RoundResult[]>(servers.map((s) => [s.name, []]))
      const errors: Record<string, string[]> = Object.fromEntries(servers.map((s) => [s.name, []]))
      for (let round = 0; round < c.rounds; round++) {
        // Alternate who goes first, so warm caches and thermal drift do not favour one server.
        const order = round % 2 === 0 ? servers : [...servers].reverse()
        for (const sut of order) {
          if (sut.floor && !scenario.floorApplies) {
            results.get(sut.name)!.push({ metrics: {}, notes: Object.fromEntries(c.metrics.map((m) => [m.key, 'no floor here'])) })
            continue
          }
          const t0 = performance.now()
          try {
            const r = await c.run({ sut, round, options })
            results.get(sut.name)!.push(r)
            const shown = Object.entries(r.metrics)
              .filter(([, v]) => v !== null)
              .map(([k, v]) => `${k}=${(v as number).toFixed(k.endsWith('Ms') || k.endsWith('Sec') ? 0 : 2)}`)
              .join(' ')
            log(`  ${c.label} round ${round + 1}/${c.rounds} ${sut.name}: ${shown} (${((performance.now() - t0) / 1000).toFixed(1)} s)`)
          } catch (err) {
            failures++
            const message = (err as Error).message
            errors[sut.name]!.push(message)
            log(`  ${c.label} round ${round + 1}/${c.rounds} ${sut.name}: FAILED ${message}`)
          }
        }
      }
      reports.push(summarize(scenario.name, c.label, c.metrics, servers, results, errors, c.rounds))
    }
  }
  const cpu = os.cpus()
  const run: BenchRun = {
    date: new Date().toISOString(),
    quick: args.quick,
    args: process.argv.slice(2),
    node: process.version,
    cpus: os.availableParallelism(),
    cpuModel: cpu[0]?.model ?? null,
    memoryGiB: os.totalmem() / 1024 ** 3,
    platform: `${os.platform()} ${os.release()}`,
    elapsedSeconds: (performance.now() - started) / 1000,
    servers: servers.map((s) => ({ name: s.name, persistence: s.persistence, persistent: s.persistent, acks: s.acks, ...(s.floor ? { floor: true } : {}) })),
    keelEnv,
    keelRoot: keelSource.root,
    keelCommit: gitCommit(keelSource.root),
    failures,
    results: reports,
  }
  console.log(reportMarkdown(run))
  if (args.json) {
    fs.writeFileSync(args.json, JSON.stringify(run, null, 2) + '\n')
    log(`wrote ${args.json}`)
  }
  if (args.write) {
    if (failures > 0) log(`not writing ${path.relative(process.cwd(), BENCHMARKS_MD)}: ${failures} round(s) failed`)
    else {
      writeBenchmarksMd(run)
      log(`wrote ${path.relative(process.cwd(), BENCHMARKS_MD)}`)
    }
  }
  if (failures > 0) {
    log(`${failures} round(s) failed`)
    process.exitCode = 1
  }
}

function gitCommit(root: string): string | null {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8', timeout: 5_000 }).trim()
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'server', 'shared'], { cwd: root, encoding: 'utf8', timeout: 5_000 }).trim()
    return dirty ? `${head} + uncommitted changes in server/ or shared/` : head
  } catch {
    // An exported tree (`git archive … | tar -x`) is no repository: it may name its commit in .commit.
    const file = path.join(root, '.commit')
    return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : null
  }
}

function machineLine(run: BenchRun): string {
  return (
    `Node ${run.node}, ${run.cpus} CPUs (nproc) ${run.cpuModel ?? ''}, ${run.memoryGiB.toFixed(1)} GiB memory, ${run.platform}; ` +
    'load generator and servers share this machine (127.0.0.1).'
  )
}

function reportMarkdown(run: BenchRun): string {
  const header = [
    `## Keel sync benchmark${run.quick ? ' (--quick)' : ''}`,
    '',
    machineLine(run),
    '',
    ...run.servers.map((s) => `- **${s.name}**: ${s.persistence}`),
    ...(run.keelRoot !== repoRoot ? [`- keel source: ${run.keelRoot}`] : []),
    ...(run.keelCommit ? [`- keel commit: ${run.keelCommit}`] : []),
    ...(Object.keys(run.keelEnv).length > 0
      ? [
          `- keel environment: ${Object.entries(run.keelEnv)
            .map(([k, v]) => `${k}=${v}`)
            .join(' ')}`,
        ]
      : []),
    `- total time ${run.elapsedSeconds.toFixed(1)} s`,
  ]
  return header.join('\n') + '\n' + markdown(run.results, run.servers)
}

/** docs/BENCHMARKS.md: how it was made, the table, and the findings (scripts/bench/FINDINGS.md). */
function writeBenchmarksMd(run: BenchRun): void {
  const findings = fs.existsSync(FINDINGS_MD) ? fs.readFileSync(FINDINGS_MD, 'utf8').trim() : '## Findings\n\n(none written yet)'
  const text = [
    '# Benchmarks',
    '',
    `Generated by \`npm run bench -- ${run.args.join(' ')}\` on ${run.date.slice(0, 10)} (${run.date}); ` +
      'regenerate with `npm run bench -- --write`. The findings below are written by hand in ' +
      '`scripts/bench/FINDINGS.md` and copied in; scripts/bench/README.md explains each scenario.',
    '',
    `Machine: ${machineLine(run)}`,
    '',
    'Read ratios rather than absolute figures: the load generator shares the CPUs with the server under test.',
    '',
    reportMarkdown(run).replace(/^## /, '## Results: '),
    '',
    findings,
    '',
  ].join('\n')
  fs.mkdirSync(path.dirname(BENCHMARKS_MD), { recursive: true })
  fs.writeFileSync(BENCHMARKS_MD, text)
}

// Exit explicitly: a failed round may leave a client timer behind, and the report is already out.
main().then(
  () => process.exit(process.exitCode ?? 0),
  (err) => {
    console.error(err)
    process.exit(1)
  },
)
