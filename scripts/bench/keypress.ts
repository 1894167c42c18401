/**
 * keypress-to-paint (scenario 8), Keel only (the peers have no client). The BUILT app
 * (dist/client, `node scripts/build-if-stale.mjs`) is served by a Keel child process; a document of
 * 5,000 paragraphs is written through the server; two remote collaborators type into it through
 * y-websocket providers in this process (each 8 characters/s, in paragraphs near the top, so their
 * changes land in the visible part of the page); a signed-in Chromium (the fixture owner's session
 * cookie, as the e2e tests do) opens the document and types KEYS characters, one every 60 ms, into
 * a paragraph near the top.
 *
 * In the page: a capture-phase keydown listener takes `event.timeStamp` (when the input event was
 * created, so waiting in the renderer's queue counts) and, in the next requestAnimationFrame,
 * posts a MessageChannel message, which is delivered right after that frame has been produced:
 * keydown → next paint. The Event Timing API's entries (`event` type, durations ≥ 16 ms only,
 * rounded to 8 ms) are collected as a cross-check.
 *
 *   node --import tsx scripts/bench/keypress.ts [--keys 300] [--blocks 5000] [--no-remote] [--profile page.cpuprofile]
 */
import fs from 'node:fs'
import path from 'node:path'
import { chromium } from 'playwright-core'
import * as Y from 'yjs'
import { startChildServer } from '../../server/test/child-server.ts'
import { tempDir } from '../../server/test/harness.ts'
import { connectProvider, type ProviderClient } from './lib/client.ts'
import type { RunningServer } from './lib/servers.ts'
import { percentile } from './lib/stats.ts'
import { repoRoot } from './lib/servers.ts'
import { sleep } from './lib/util.ts'

const arg = (name: string, def: number): number => {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? Number(process.argv[i + 1]) : def
}
const KEYS = arg('keys', 300)
const BLOCKS = arg('blocks', 5000)
const REMOTE = !process.argv.includes('--no-remote')
const WORDS = ['model', 'training', 'dataset', 'the', 'loss', 'curve', 'flattens', 'after', 'warmup', 'and', 'eval', 'improves']
const text = (i: number): string => `${i}. ` + Array.from({ length: 12 }, (_, k) => WORDS[(i * 7 + k * 3) % WORDS.length]).join(' ')

const distIndex = path.join(repoRoot, 'dist', 'client', 'index.html')
if (!fs.existsSync(distIndex)) throw new Error('dist/client is missing: node scripts/build-if-stale.mjs')
const data = tempDir()
const server = await startChildServer({ KEEL_DATA_DIR: data.dir, KEEL_STATIC_DIR: path.join(repoRoot, 'dist', 'client') })
const owner = server.fixture.owner
const clients: ProviderClient[] = []
const browser = await chromium.launch({
  executablePath: process.env.KEEL_CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
})
try {
  const res = await fetch(`${server.url}/api/projects/${server.fixture.projectId}/docs`, {
    method: 'POST',
    headers: { cookie: owner.cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Keypress benchmark' }),
  })
  if (res.status !== 201) throw new Error(`create doc: ${res.status} ${await res.text()}`)
  const docId = ((await res.json()) as { id: string }).id
  const sut: RunningServer = { wsBase: `${server.wsUrl}/collab`, dialect: 'y-websocket', headers: { cookie: owner.cookie }, httpBase: server.url, pid: server.process.pid!, dataDir: data.dir, stop: async () => {} }

  // The document: BLOCKS paragraphs after what the template put there, written as a client would.
  const writer = connectProvider(sut, docId, { acks: true })
  clients.push(writer)
  await writer.synced(20_000)
  const fragment = writer.doc.getXmlFragment('default')
  for (let i = 0; i < BLOCKS; i += 100) {
    writer.doc.transact(() => {
      fragment.insert(fragment.length, Array.from({ length: Math.min(100, BLOCKS - i) }, (_, k) => {
        const p = new Y.XmlElement('paragraph')
        p.insert(0, [new Y.XmlText(text(i + k))])
        return p
      }))
    })
    await sleep(5)
  }
  for (let i = 0; i < 3000 && writer.acked() < writer.sent(); i++) await sleep(10)
  const blocks = fragment.length

  // Two collaborators typing near the top (paragraphs 3 and 6), 8 characters/s each.
  let remoteKeys = 0
  const typists: NodeJS.Timeout[] = []
  if (REMOTE) {
    for (const [n, at] of [[0, 3], [1, 6]] as const) {
      const person = server.fixture.user(`Typist${n}`, 'editor')
      const c = connectProvider({ ...sut, headers: { cookie: person.cookie } }, docId)
      clients.push(c)
      await c.synced(30_000)
      const para = c.doc.getXmlFragment('default').get(at) as Y.XmlElement
      const t = para.get(0) as Y.XmlText
      typists.push(setInterval(() => {
        t.insert(t.length, 'abcdefghij'[remoteKeys++ % 10]!)
      }, 125))
    }
  }

  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  await context.addCookies([{ name: 'keel_session', value: owner.cookie.slice(owner.cookie.indexOf('=') + 1), domain: '127.0.0.1', path: '/', httpOnly: true, sameSite: 'Lax' }])
  const page = await context.newPage()
  page.on('pageerror', (err) => console.error(`[page error] ${err.message}`))
  const t0 = performance.now()
  await page.goto(`${server.url}/d/${docId}`)
  const editor = page.locator('[data-testid="editor"] .ProseMirror')
  await editor.waitFor({ state: 'visible', timeout: 60_000 })
  // In-page code is passed as strings: scripts/ is type-checked without the DOM library.
  await page.waitForFunction(`(document.querySelector('[data-testid="editor"] .ProseMirror')?.childElementCount ?? 0) >= ${blocks}`, undefined, { timeout: 60_000, polling: 100 })
  const openMs = performance.now() - t0
  await page.evaluate(`(() => {
    window.__lat = []
    window.__ev = []
    document.addEventListener('keydown', (e) => {
      const start = e.timeStamp
      requestAnimationFrame(() => {
        const ch = new MessageChannel()
        ch.port1.onmessage = () => window.__lat.push(performance.now() - start)
        ch.port2.postMessage(0)
      })
    }, true)
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (e.name === 'keydown') window.__ev.push(e.duration)
    }).observe({ type: 'event', durationThreshold: 16, buffered: false })
  })()`)
  // Into paragraph 10 (visible near the top), at its end.
  await editor.locator(':scope > p').nth(10).click()
  await page.keyboard.press('End')
  await sleep(500)
  // --profile <file>: a CPU profile of the page while it types (Chrome DevTools Protocol).
  const profileAt = process.argv.indexOf('--profile')
  const cdp = profileAt >= 0 ? await context.newCDPSession(page) : null
  if (cdp) {
    await cdp.send('Profiler.enable')
    await cdp.send('Profiler.start')
  }
  for (let i = 0; i < KEYS; i++) {
    await page.keyboard.press('abcdefghijklmnopqrstuvwxyz'[i % 26]!)
    await sleep(60)
  }
  await sleep(500)
  if (cdp) {
    const { profile } = await cdp.send('Profiler.stop')
    fs.writeFileSync(process.argv[profileAt + 1]!, JSON.stringify(profile))
  }
  typists.forEach(clearInterval)
  const { lat, ev } = (await page.evaluate(`({ lat: window.__lat, ev: window.__ev })`)) as { lat: number[]; ev: number[] }
  const typed = await editor.locator(':scope > p').nth(10).innerText()
  if (!typed.includes('abcdefghij')) {
    await page.screenshot({ path: '/tmp/keypress-debug.png' })
    const first = (await page.evaluate(`[...document.querySelector('[data-testid="editor"] .ProseMirror').children].slice(0, 14).map((b) => b.tagName + ' ' + (b.textContent ?? '').slice(0, 60))`)) as string[]
    throw new Error(`typing did not land (${lat.length} keys timed): ${typed.slice(0, 80)}\n${first.join('\n')}`)
  }
  const f = (x: number) => x.toFixed(1)
  console.log(JSON.stringify({ blocks, keys: lat.length, remote: REMOTE ? 2 : 0, remoteKeys, openMs: Math.round(openMs), p50: +f(percentile(lat, 50)), p95: +f(percentile(lat, 95)), p99: +f(percentile(lat, 99)), max: +f(percentile(lat, 100)), eventTimingOver16: ev.length, eventTimingMedianOver16: ev.length ? percentile(ev, 50) : null }))
  await context.close()
} finally {
  await browser.close()
  clients.forEach((c) => c.destroy())
  await server.stop()
  data.cleanup()
}
