/**
 * One page of scenario 8 (keypress.ts): open a variant in a fresh signed-in browser context, put
 * the caret at the end of its paragraph, type untimed keys, then the timed ones (one every 60 ms)
 * with the in-page probe (probe.ts) and the renderer's own counters (CDP Performance metrics)
 * running, and check that the typing landed.
 */
import fs from 'node:fs'
import type { Browser, CDPSession } from 'playwright-core'
import type { ChildServer } from '../../../server/test/child-server.ts'
import { sleep } from '../lib/util.ts'
import type { Front } from './front.ts'
import { INSTALL_PROBE, READ_PROBE, type ProbeReading } from './probe.ts'
import type { CpuProfile } from './profile-summary.ts'

const TYPED = 'abcdefghijklmnopqrstuvwxyz'
const WARMUP = 10

/** CDP Performance metrics kept, by the name they are reported under (per keystroke). */
const METRICS: Record<string, string> = {
  ThreadTime: 'cpu',
  TaskDuration: 'tasks',
  ScriptDuration: 'script',
  RecalcStyleDuration: 'style',
  LayoutDuration: 'layout',
  RecalcStyleCount: 'styleCount',
  LayoutCount: 'layoutCount',
}

async function readMetrics(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> }
  return Object.fromEntries(metrics.filter((m) => m.name in METRICS).map((m) => [m.name, m.value]))
}

export interface PageResult {
  reading: ProbeReading
  openMs: number
  profile: CpuProfile | null
  /** Totals over the timed keys: ms (counts for *Count), from METRICS. */
  metrics: Record<string, number>
}

export interface PageRun {
  server: ChildServer
  browser: Browser
  docId: string
  blocks: number
  variant: string
  /** The variant's front (keypress/front.ts): its static files, the server behind. */
  front: Front
  keys: number
  /** Index of the paragraph (among the editor's top-level `p`) this page types into. */
  paragraph: number
  profilePath: string | null
  /** A Chrome trace of the typing (keypress/trace-summary.ts reads it). */
  tracePath: string | null
  /** A screenshot of the page after typing. */
  screenshotPath: string | null
}

/** One page of one variant: open, type, read the probe. */
export async function runPage(o: PageRun): Promise<PageResult> {
  // No service worker: Keel's would precache the app during the first page's typing.
  const context = await o.browser.newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers: 'block' })
  const cookie = o.server.fixture.owner.cookie
  await context.addCookies([
    { name: 'keel_session', value: cookie.slice(cookie.indexOf('=') + 1), domain: '127.0.0.1', path: '/', httpOnly: true, sameSite: 'Lax' },
  ])
  try {
    const url = o.variant === 'peer' ? `${o.front.url}/?doc=${encodeURIComponent(o.docId)}` : `${o.front.url}/d/${o.docId}`
    const page = await context.newPage()
    page.on('pageerror', (err) => console.error(`[${o.variant} page error] ${err.message}`))
    const t0 = performance.now()
    await page.goto(url)
    const editor = page.locator('[data-testid="editor"] .ProseMirror')
    await editor.waitFor({ state: 'visible', timeout: 60_000 })
    // In-page code is passed as strings: scripts/ is type-checked without the DOM library.
    await page
      .waitForFunction(`(document.querySelector('[data-testid="editor"] .ProseMirror')?.childElementCount ?? 0) >= ${o.blocks}`, undefined, {
        timeout: 90_000,
        polling: 100,
      })
      .catch(async (err: unknown) => {
        await page.screenshot({ path: '/tmp/keypress-debug.png' })
        const count = await page.evaluate(`document.querySelector('[data-testid="editor"] .ProseMirror')?.childElementCount`)
        throw new Error(`${o.variant}: the document did not load (${String(count)} of ${o.blocks} blocks; screenshot /tmp/keypress-debug.png)`, { cause: err })
      })
    const openMs = performance.now() - t0
    // Let what follows a load settle (Keel stores the document in IndexedDB) before timing keys.
    await sleep(1500)
    const target = editor.locator(':scope > p').nth(o.paragraph)
    // The caret must be in the target paragraph before anything is timed (a click that lands
    // while a remote change re-renders can be lost): check, and click again if not.
    const caretInTarget = `(() => { const s = getSelection(); const p = document.querySelectorAll('[data-testid="editor"] .ProseMirror > p')[${o.paragraph}]; return !!(s && s.anchorNode && p && p.contains(s.anchorNode)) })()`
    for (let attempt = 0; attempt < 5; attempt++) {
      await target.click()
      await page.keyboard.press('End')
      await sleep(100)
      if (await page.evaluate(caretInTarget)) break
      if (attempt === 4) throw new Error(`${o.variant}: could not put the caret in paragraph ${o.paragraph}`)
    }
    // A few untimed keys first: the first keystrokes of a page compile the typing path.
    for (let i = 0; i < WARMUP; i++) {
      await page.keyboard.press(TYPED[i]!)
      await sleep(60)
    }
    await sleep(500)
    await page.evaluate(INSTALL_PROBE)
    // The renderer's own counters (CDP Performance.getMetrics): main-thread CPU time (ThreadTime,
    // which a busy machine does not stretch), and time in script, style and layout.
    const cdp = await context.newCDPSession(page)
    await cdp.send('Performance.enable')
    const metricsBefore = await readMetrics(cdp)
    if (o.profilePath) {
      await cdp.send('Profiler.enable')
      await cdp.send('Profiler.start')
    }
    if (o.tracePath)
      await o.browser.startTracing(page, { path: o.tracePath, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'cc', 'v8'] })
    for (let i = 0; i < o.keys; i++) {
      await page.keyboard.press(TYPED[i % TYPED.length]!)
      await sleep(60)
    }
    await sleep(500)
    const metricsAfter = await readMetrics(cdp)
    if (o.tracePath) await o.browser.stopTracing()
    const metrics = Object.fromEntries(
      Object.keys(METRICS).map((k) => [METRICS[k]!, (metricsAfter[k]! - metricsBefore[k]!) * (k.endsWith('Count') ? 1 : 1000)]),
    )
    let profile: CpuProfile | null = null
    if (o.profilePath) {
      profile = (await cdp.send('Profiler.stop')).profile as unknown as CpuProfile
      fs.writeFileSync(o.profilePath!, JSON.stringify(profile))
    }
    if (o.screenshotPath) await page.screenshot({ path: o.screenshotPath })
    const reading = (await page.evaluate(READ_PROBE)) as ProbeReading
    const typed = await target.innerText()
    if (!typed.includes(TYPED.slice(10, 20))) {
      // Keys timed, but the caret left the paragraph while they were typed (an editor's selection
      // can jump on a remote change): the figures stand, the run says so.
      const landed = ((await editor.innerText()) as string).includes(TYPED.slice(10, 20))
      if (landed) console.error(`[${o.variant}] the caret left paragraph ${o.paragraph} during typing: keys landed elsewhere in the document`)
    }
    if (!((await editor.innerText()) as string).includes(TYPED.slice(10, 20))) {
      await page.screenshot({ path: '/tmp/keypress-debug.png' })
      throw new Error(`${o.variant}: typing did not land (${reading.frame.length} keys timed): ${typed.slice(0, 80)} (screenshot /tmp/keypress-debug.png)`)
    }
    return { reading, openMs, profile, metrics }
  } finally {
    await context.close()
  }
}
