// Over 300 lines on purpose (issue #18): the comment below is the method and runKeypress is one run of it (server,
// document, typists, rounds of variants); its parts already live in keypress/ (front, pages, probe, summaries).
/**
 * Keypress-to-paint (scenario 8): Keel's editor against a stock Tiptap + Collaboration page (the
 * "peer": what a team would otherwise build), in the same Chromium, on the same server, document
 * and remote typists, in alternated rounds. Every page is served by a small front of its own
 * (keypress/front.ts: its build's static files, the Keel server behind for the API and socket).
 *
 * - One Keel child process; the client is the BUILT one (dist/client, rebuilt first when stale by
 *   scripts/build-if-stale.mjs). A document of `blocks` paragraphs is written through the server.
 * - `remote` collaborators type into it through y-websocket providers in this process (each 8
 *   characters/s, in paragraphs 3 and 6, so their changes land in the visible part of the page)
 *   for the whole run.
 * - Each round opens every variant once, in alternating order (ABC…, then …CBA), each in a fresh
 *   signed-in browser context (no service worker): Keel (`/d/:docId`), the peer
 *   (keypress/peer-page), the browser alone (keypress/bare.ts: the same paragraphs in a plain
 *   contenteditable, no JavaScript, no remote changes), and any other Keel build given with
 *   `--build name=dir` (e.g. the client before a change). Each page types 10 untimed keys, then `keys` characters, one every 60 ms, at
 *   the end of a paragraph of its own near the top (so every page starts from the same text).
 * - Latency per key (keypress/probe.ts): keydown `timeStamp` → end of the next frame (p50/p95/p99),
 *   and the Event Timing API's presented duration as a cross-check (resolution 8 ms, ≥ 16 ms only).
 * - Per keystroke, from the renderer's own counters (CDP Performance.getMetrics): main-thread CPU
 *   time (`cpu`, which other processes on a busy machine do not stretch), time in script, style
 *   and layout, and how many style and layout passes ran.
 * - Figures per variant are medians over rounds of each round's figure; ratios are variant / peer
 *   of those medians. `--profile` keeps each page's JS CPU profile (keypress/profile-summary.ts),
 *   `--trace` a Chrome trace of its typing (keypress/trace-summary.ts: style, layout, paint,
 *   commit… on the main thread), `--screenshot` a picture of it after typing.
 *
 *   node --import tsx scripts/bench/keypress.ts [--keys 300] [--blocks 5000] [--rounds 3] [--no-remote]
 *     [--variants keel,peer] [--build base=/tmp/keel-dist-base]… [--profile /tmp/page.cpuprofile]
 *     [--trace /tmp/page.json] [--screenshot /tmp/page.png] [--json out.json]
 *
 * `runKeypress(options)` is the same run as a function, for `npm run bench`.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import * as Y from 'yjs'
import { freePort, startChildServer, type ChildServer } from '../../server/test/child-server.ts'
import { tempDir } from '../../server/test/harness.ts'
import { connectProvider, type ProviderClient } from './lib/client.ts'
import { repoRoot, type RunningServer } from './lib/servers.ts'
import { median, percentile } from './lib/stats.ts'
import { sleep } from './lib/util.ts'
import { type Front, startFront } from './keypress/front.ts'
import { buildPeerPage } from './keypress/peer.ts'
import { buildBarePage } from './keypress/bare.ts'
import { paragraphText } from './keypress/document.ts'
import { presentedPercentile } from './keypress/probe.ts'
import { type PageResult, runPage } from './keypress/page.ts'
import { busyMs, summariseProfile, totalOf } from './keypress/profile-summary.ts'
import { launchBrowser } from '../../test/e2e/browser.ts'

export interface KeypressOptions {
  keys?: number
  blocks?: number
  rounds?: number
  /** Remote typists (0 or more; 2 by default). */
  remote?: number
  /**
   * Which pages to measure: 'keel' (the server's dist/client), 'peer', 'bare' (the browser
   * alone: keypress/bare.ts), or a name from `builds`.
   */
  variants?: string[]
  /** Other Keel client builds (vite build output folders), by name. */
  builds?: Record<string, string>
  /** Keep each page's CPU profile: `<path>` with `.<variant>.<round>` before the extension. */
  profile?: string
  /** Keep a Chrome trace of each page's typing, named the same way. */
  trace?: string
  /** A screenshot of each page after typing, named the same way (`.png`). */
  screenshot?: string
  log?: (line: string) => void
}

export interface Percentiles {
  p50: number
  p95: number
  p99: number
}

export interface RoundFigures extends Percentiles {
  round: number
  keys: number
  openMs: number
  /** Event Timing: share of keydowns presented in ≥ 16 ms, and p50/p95/p99 (null: < 16 ms). */
  over16: number
  presented: { p50: number | null; p95: number | null; p99: number | null }
  /**
   * Per keystroke, from the renderer's counters: `cpu` is the main thread's CPU time (ms), then
   * time in tasks, script, style recalculation and layout (ms), and style/layout passes (counts).
   */
  perKey: Record<string, number>
  /** CPU ms per keystroke from the page's profile (busy = every non-idle sample). */
  cpuPerKey?: Record<string, number>
}

export interface VariantFigures extends Percentiles {
  name: string
  /** Every round's figures; the variant's p50/p95/p99 are their medians. */
  rounds: RoundFigures[]
  over16: number
  perKey: Record<string, number>
  cpuPerKey?: Record<string, number>
}

export interface KeypressResult {
  blocks: number
  keysPerRound: number
  remote: number
  remoteKeys: number
  variants: VariantFigures[]
  /** variant / peer of the medians, for every variant but the peer (when the peer ran). */
  ratios: Record<string, Percentiles>
}

/** The functions whose inclusive CPU time per keystroke is reported with --profile. */
const PROFILED = ['_typeChanged', 'updateState', 'scrollToSelection', 'appendTransaction', '(garbage collector)', '(program)']

const round1 = (x: number): number => Math.round(x * 10) / 10

/** Writes the document through the server, as a client would; returns its block count. */
async function writeDocument(sut: RunningServer, docId: string, blocks: number, clients: ProviderClient[]): Promise<number> {
  const writer = connectProvider(sut, docId, { acks: true })
  clients.push(writer)
  await writer.synced(20_000)
  const fragment = writer.doc.getXmlFragment('default')
  for (let i = 0; i < blocks; i += 100) {
    writer.doc.transact(() => {
      fragment.insert(
        fragment.length,
        Array.from({ length: Math.min(100, blocks - i) }, (_, k) => {
          const p = new Y.XmlElement('paragraph')
          p.insert(0, [new Y.XmlText(paragraphText(i + k))])
          return p
        }),
      )
    })
    await sleep(5)
  }
  for (let i = 0; i < 3000 && writer.acked() < writer.sent(); i++) await sleep(10)
  return fragment.length
}

/** Remote collaborators typing 8 characters/s each into paragraphs 3, 6, 9…; returns a stop function. */
async function startTypists(
  server: ChildServer,
  sut: RunningServer,
  docId: string,
  count: number,
  clients: ProviderClient[],
  onKey: () => void,
): Promise<() => void> {
  const timers: NodeJS.Timeout[] = []
  let n = 0
  for (let i = 0; i < count; i++) {
    const person = server.fixture.user(`Typist${i}`, 'editor')
    const c = connectProvider({ ...sut, headers: { cookie: person.cookie } }, docId)
    clients.push(c)
    await c.synced(30_000)
    const t = (c.doc.getXmlFragment('default').get(3 * (i + 1)) as Y.XmlElement).get(0) as Y.XmlText
    timers.push(
      setInterval(() => {
        t.insert(t.length, 'abcdefghij'[n++ % 10]!)
        onKey()
      }, 125),
    )
  }
  return () => timers.forEach(clearInterval)
}

function roundFigures(round: number, r: PageResult, keys: number): RoundFigures {
  const lat = r.reading.frame
  const out: RoundFigures = {
    round,
    keys: lat.length,
    openMs: Math.round(r.openMs),
    p50: round1(percentile(lat, 50)),
    p95: round1(percentile(lat, 95)),
    p99: round1(percentile(lat, 99)),
    over16: round1((100 * r.reading.presented.length) / Math.max(1, r.reading.keys)) / 100,
    presented: { p50: presentedPercentile(r.reading, 50), p95: presentedPercentile(r.reading, 95), p99: presentedPercentile(r.reading, 99) },
    perKey: Object.fromEntries(Object.entries(r.metrics).map(([k, v]) => [k, Math.round((v / keys) * 100) / 100])),
  }
  if (r.profile) {
    const rows = summariseProfile(r.profile)
    const per = (ms: number): number => Math.round((ms / keys) * 100) / 100
    out.cpuPerKey = { busy: per(busyMs(rows)), ...Object.fromEntries(PROFILED.map((f) => [f, per(totalOf(rows, f))])) }
  }
  return out
}

function medianRecord(records: Array<Record<string, number> | undefined>): Record<string, number> | undefined {
  const present = records.filter((r): r is Record<string, number> => r !== undefined)
  if (present.length === 0) return undefined
  return Object.fromEntries(Object.keys(present[0]!).map((k) => [k, Math.round(median(present.map((r) => r[k]!)) * 100) / 100]))
}

export async function runKeypress(options: KeypressOptions = {}): Promise<KeypressResult> {
  const keys = options.keys ?? 300
  const blocksWanted = options.blocks ?? 5000
  const rounds = options.rounds ?? 3
  const remote = options.remote ?? 2
  const builds = options.builds ?? {}
  const variants = options.variants ?? ['keel', 'peer', 'bare', ...Object.keys(builds)]
  const log = options.log ?? ((line: string) => console.error(line))
  for (const v of variants) if (v !== 'keel' && v !== 'peer' && v !== 'bare' && !builds[v]) throw new Error(`unknown variant ${v} (give --build ${v}=<dir>)`)

  // dist/client rebuilt when older than its sources (a plain .mjs script: run it, not imported).
  const built = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'build-if-stale.mjs')], { stdio: 'inherit' })
  if (built.status !== 0) throw new Error('client build failed')
  const peerDir = variants.includes('peer') ? await buildPeerPage(!options.profile) : null
  let bareDir: string | null = null
  const data = tempDir()
  // Each front is another origin in front of the server, configured as a reverse proxy's would be.
  const frontPorts = new Map<string, number>()
  for (const v of variants) frontPorts.set(v, await freePort())
  const frontOrigins = [...frontPorts.values()].map((p) => `http://127.0.0.1:${p}`).join(',')
  const server = await startChildServer({ KEEL_DATA_DIR: data.dir, KEEL_STATIC_DIR: path.join(repoRoot, 'dist', 'client'), KEEL_ALLOWED_ORIGINS: frontOrigins })
  const clients: ProviderClient[] = []
  const dirs: Record<string, string> = { ...builds, keel: path.join(repoRoot, 'dist', 'client'), ...(peerDir ? { peer: peerDir } : {}) }
  const fronts = new Map<string, Front>()
  let stopTypists = (): void => {}
  const browser = await launchBrowser()
  try {
    const owner = server.fixture.owner
    const res = await fetch(`${server.url}/api/projects/${server.fixture.projectId}/docs`, {
      method: 'POST',
      headers: { cookie: owner.cookie, origin: server.url, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Keypress benchmark' }),
    })
    if (res.status !== 201) throw new Error(`create doc: ${res.status} ${await res.text()}`)
    const docId = ((await res.json()) as { id: string }).id
    const sut: RunningServer = {
      wsBase: `${server.wsUrl}/collab`,
      dialect: 'y-websocket',
      headers: { cookie: owner.cookie },
      httpBase: server.url,
      pid: server.process.pid!,
      dataDir: data.dir,
      stop: async () => {},
    }
    const blocks = await writeDocument(sut, docId, blocksWanted, clients)
    if (variants.includes('bare')) dirs.bare = bareDir = buildBarePage(clients[0]!.doc.getXmlFragment('default'))
    for (const v of variants) fronts.set(v, await startFront(dirs[v]!, server.port, frontPorts.get(v)!))
    let remoteKeys = 0
    stopTypists = await startTypists(server, sut, docId, remote, clients, () => remoteKeys++)

    const perVariant = new Map<string, RoundFigures[]>(variants.map((v) => [v, []]))
    let page = 0
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? variants : [...variants].reverse()
      for (const variant of order) {
        const profilePath = options.profile ? options.profile.replace(/(\.cpuprofile)?$/, `.${variant}.${round}.cpuprofile`) : null
        const tracePath = options.trace ? options.trace.replace(/(\.json)?$/, `.${variant}.${round}.json`) : null
        const screenshotPath = options.screenshot ? options.screenshot.replace(/(\.png)?$/, `.${variant}.${round}.png`) : null
        // Paragraph 12, 13, …: a fresh one per page, all near the top and of the same length.
        const run = await runPage({
          server,
          browser,
          docId,
          blocks,
          variant,
          front: fronts.get(variant)!,
          keys,
          paragraph: 12 + page++,
          profilePath,
          tracePath,
          screenshotPath,
        })
        const fig = roundFigures(round, run, keys)
        perVariant.get(variant)!.push(fig)
        log(`round ${round} ${variant}: ${JSON.stringify(fig)}${profilePath ? ` profile ${profilePath}` : ''}`)
      }
    }
    const figures: VariantFigures[] = variants.map((name) => {
      const rs = perVariant.get(name)!
      const cpuPerKey = medianRecord(rs.map((r) => r.cpuPerKey))
      return {
        name,
        rounds: rs,
        p50: round1(median(rs.map((r) => r.p50))),
        p95: round1(median(rs.map((r) => r.p95))),
        p99: round1(median(rs.map((r) => r.p99))),
        over16: median(rs.map((r) => r.over16)),
        perKey: medianRecord(rs.map((r) => r.perKey))!,
        ...(cpuPerKey ? { cpuPerKey } : {}),
      }
    })
    const peer = figures.find((f) => f.name === 'peer')
    const ratio = (a: number, b: number): number => Math.round((a / b) * 100) / 100
    const ratios = peer
      ? Object.fromEntries(
          figures.filter((f) => f !== peer).map((f) => [f.name, { p50: ratio(f.p50, peer.p50), p95: ratio(f.p95, peer.p95), p99: ratio(f.p99, peer.p99) }]),
        )
      : {}
    return { blocks, keysPerRound: keys, remote, remoteKeys, variants: figures, ratios }
  } finally {
    stopTypists()
    await browser.close()
    for (const f of fronts.values()) await f.close()
    for (const dir of [peerDir, bareDir]) if (dir) fs.rmSync(dir, { recursive: true, force: true })
    clients.forEach((c) => c.destroy())
    await server.stop()
    data.cleanup()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const argv = process.argv
  const arg = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`)
    return i >= 0 ? argv[i + 1] : undefined
  }
  const num = (name: string): number | undefined => (arg(name) === undefined ? undefined : Number(arg(name)))
  const builds: Record<string, string> = {}
  argv.forEach((a, i) => {
    if (a !== '--build') return
    const [name, dir] = argv[i + 1]!.split('=') as [string, string]
    builds[name] = dir
  })
  const result = await runKeypress({
    keys: num('keys'),
    blocks: num('blocks'),
    rounds: num('rounds'),
    remote: argv.includes('--no-remote') ? 0 : num('remote'),
    variants: arg('variants')?.split(','),
    builds,
    profile: arg('profile'),
    trace: arg('trace'),
    screenshot: arg('screenshot'),
  })
  const jsonOut = arg('json')
  if (jsonOut) fs.writeFileSync(jsonOut, JSON.stringify(result, null, 2))
  console.log(
    `${result.blocks} blocks, ${result.remote} remote typists (${result.remoteKeys} remote keys), ${result.keysPerRound} keys per page; medians over rounds, keydown → end of next frame (ms)`,
  )
  for (const v of result.variants) {
    const cpu = v.cpuPerKey
      ? `  cpu/key ${Object.entries(v.cpuPerKey)
          .map(([k, x]) => `${k} ${x}`)
          .join(', ')}`
      : ''
    const per = Object.entries(v.perKey)
      .map(([k, x]) => `${k} ${x}`)
      .join(', ')
    console.log(`${v.name.padEnd(8)} p50 ${v.p50}  p95 ${v.p95}  p99 ${v.p99}  presented ≥16 ms ${(v.over16 * 100).toFixed(0)}%  per key: ${per}${cpu}`)
  }
  for (const [name, r] of Object.entries(result.ratios)) console.log(`${name}/peer  p50 ${r.p50}x  p95 ${r.p95}x  p99 ${r.p99}x`)
}
