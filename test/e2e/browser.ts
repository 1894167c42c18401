import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'

/** Debian's Chromium; `.ci/run` installs it when missing. Never a downloaded browser. */
export const CHROMIUM = process.env.KEEL_CHROMIUM ?? '/usr/bin/chromium'

/** Flags Chromium needs as root in a sandbox with no network beyond loopback. */
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium`)
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true })
}

/**
 * A fresh context: its own cookies, IndexedDB, localStorage and service worker, like another
 * person on another computer. With `session` (a `keel_session=…` cookie from the server fixture)
 * the person is already signed in; without, they start at the sign-in page.
 */
export async function newPerson(browser: Browser, session?: { cookie: string }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  if (session) await addSessionCookie(context, session.cookie)
  const page = await context.newPage()
  return { context, page }
}

/**
 * Puts a session cookie in the browser. Cookies belong to a host, and the browser talks to the
 * fault proxy on 127.0.0.1, so that is the cookie's domain (any port).
 */
export async function addSessionCookie(context: BrowserContext, cookie: string): Promise<void> {
  const eq = cookie.indexOf('=')
  await context.addCookies([{ name: cookie.slice(0, eq), value: cookie.slice(eq + 1), domain: '127.0.0.1', path: '/', httpOnly: true, sameSite: 'Lax' }])
}

/** Where screenshots go; the test prints the path so a person can look. */
export function shotPath(name: string): string {
  const dir = path.join(os.tmpdir(), 'keel-e2e-shots')
  fs.mkdirSync(dir, { recursive: true })
  return path.join(dir, `${name}.png`)
}

/**
 * Waits until the service worker controls the page: only then does a reload with no network
 * get the app shell from the cache (offline reload tests go offline after this).
 */
export async function untilServiceWorkerControls(page: Page): Promise<void> {
  await page.evaluate(async () => {
    // Runs in the page. Typed by hand: this module is also compiled without the DOM lib (benchmarks).
    type Sw = { ready: Promise<unknown>; controller: unknown; addEventListener(type: 'controllerchange', fn: () => void, o: { once: boolean }): void }
    const sw = (globalThis as unknown as { navigator: { serviceWorker: Sw } }).navigator.serviceWorker
    await sw.ready
    if (!sw.controller) await new Promise<void>((r) => sw.addEventListener('controllerchange', () => r(), { once: true }))
  })
}
