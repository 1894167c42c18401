// Preloaded into a child server by the reliability suites (NODE_OPTIONS=--import=<this file>),
// never by production. Every KEEL_PROBE_MS (default 500 ms) it overwrites KEEL_PROBE_FILE with
// one JSON line: RSS, heap, the longest event-loop delay since the last reset. A test asks for a
// full GC first by creating `<file>.gc` (needs --expose-gc), and for a fresh delay window by
// creating `<file>.reset` (applied after the GC, so the GC's own pause is not counted).
import fs from 'node:fs'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import v8 from 'node:v8'

const file = process.env.KEEL_PROBE_FILE
if (file) {
  const every = Number(process.env.KEEL_PROBE_MS ?? 500)
  const delay = monitorEventLoopDelay({ resolution: 5 })
  delay.enable()
  let samples = 0
  const sample = () => {
    let gcd = false
    if (fs.existsSync(`${file}.gc`)) {
      if (typeof globalThis.gc === 'function') globalThis.gc()
      fs.rmSync(`${file}.gc`, { force: true })
      gcd = true
    }
    if (fs.existsSync(`${file}.reset`)) {
      delay.reset()
      fs.rmSync(`${file}.reset`, { force: true })
    }
    const m = process.memoryUsage()
    const line = {
      at: Date.now(),
      samples: ++samples,
      gc: gcd,
      rss: m.rss,
      heapUsed: m.heapUsed,
      heapTotal: m.heapTotal,
      external: m.external,
      // Committed bytes per V8 heap space: which space holds memory a GC did not give back.
      spaces: Object.fromEntries(v8.getHeapSpaceStatistics().map((sp) => [sp.space_name, sp.space_size])),
      loopDelayMaxMs: +(delay.max / 1e6).toFixed(1),
    }
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(line))
    fs.renameSync(`${file}.tmp`, file)
  }
  setInterval(sample, every).unref()
  // Debugging aid: KEEL_PROBE_CPU=<file.cpuprofile> profiles from start until `<file>.stopprof` appears.
  const cpu = process.env.KEEL_PROBE_CPU
  if (cpu) {
    const { Session } = await import('node:inspector')
    const session = new Session()
    session.connect()
    session.post('Profiler.enable', () => session.post('Profiler.start'))
    const poll = setInterval(() => {
      if (!fs.existsSync(`${file}.stopprof`)) return
      clearInterval(poll)
      session.post('Profiler.stop', (err, res) => {
        if (!err) fs.writeFileSync(cpu, JSON.stringify(res.profile))
      })
    }, 100)
    poll.unref()
  }
}
