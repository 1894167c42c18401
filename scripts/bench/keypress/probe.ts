/**
 * The in-page latency probe of scenario 8, installed with page.evaluate (as a string: scripts/ is
 * type-checked without the DOM library).
 *
 * Two measures per keydown, both starting at the event's `timeStamp` (when the input event was
 * created, so time spent waiting in the renderer's queue counts):
 * - `frame`: until the end of the first frame produced after the keydown. A capture-phase keydown
 *   listener asks for a requestAnimationFrame; its callback posts a MessageChannel message, which
 *   runs as soon as that frame's main-thread work (rAF callbacks, style, layout, paint, commit) is
 *   over. Every edit made while handling the key (ProseMirror applies typed text from the
 *   DOM-mutation observer before the task ends) is in that frame. Sub-millisecond resolution.
 * - `presented`: the Event Timing API's `duration` for the same keydown: from `timeStamp` to the
 *   next frame actually presented after its handlers ran (compositing and raster included), but
 *   rounded to 8 ms and only reported when ≥ 16 ms (the API's floor). A keydown with no entry was
 *   presented in < 16 ms, which is exactly the question the target asks. A cross-check only: in
 *   headless software compositing its presentation times are at times seconds late for keys whose
 *   frame changes little (scripts/bench/FINDINGS.md, "Keypress to paint").
 */
export const INSTALL_PROBE = `(() => {
  window.__probe = { frame: [], presented: [], keys: 0 }
  document.addEventListener('keydown', (e) => {
    const start = e.timeStamp
    window.__probe.keys++
    requestAnimationFrame(() => {
      const ch = new MessageChannel()
      ch.port1.onmessage = () => window.__probe.frame.push(performance.now() - start)
      ch.port2.postMessage(0)
    })
  }, true)
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.name === 'keydown') window.__probe.presented.push(e.duration)
  }).observe({ type: 'event', durationThreshold: 16, buffered: false })
})()`

export const READ_PROBE = `({ frame: window.__probe.frame, presented: window.__probe.presented, keys: window.__probe.keys })`

export interface ProbeReading {
  /** keydown → end of the next frame's main-thread work, ms, one per key. */
  frame: number[]
  /** Event Timing durations of the keydowns that took ≥ 16 ms to present (8 ms resolution). */
  presented: number[]
  /** keydowns seen. */
  keys: number
}

/**
 * Presented-latency percentile from Event Timing: keys without an entry count as "under 16 ms",
 * so a percentile that falls among them is reported as `< 16` (null here).
 */
export function presentedPercentile(r: ProbeReading, p: number): number | null {
  const slow = [...r.presented].sort((a, b) => a - b)
  const fast = r.keys - slow.length
  const rank = Math.min(r.keys - 1, Math.max(0, Math.ceil((p / 100) * r.keys) - 1))
  return rank < fast ? null : slow[rank - fast]!
}
