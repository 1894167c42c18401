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

/** A fresh context: its own IndexedDB, localStorage and service worker, like another person. */
export async function newPerson(browser: Browser, name: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  await context.addInitScript((n) => {
    // Stable, readable identities for carets and avatars (the app keeps one in localStorage).
    if (!localStorage.getItem('keel:user')) {
      const colors: Record<string, string> = { Ada: '#d9480f', Grace: '#1971c2', Alan: '#2f9e44' }
      localStorage.setItem('keel:user', JSON.stringify({ id: `e2e-${n}`, name: n, color: colors[n] ?? '#7048e8' }))
    }
  }, name)
  const page = await context.newPage()
  return { context, page }
}

/** Where screenshots go; the test prints the path so a person can look. */
export function shotPath(name: string): string {
  const dir = path.join(os.tmpdir(), 'keel-e2e-shots')
  fs.mkdirSync(dir, { recursive: true })
  return path.join(dir, `${name}.png`)
}
