import path from 'node:path'
import type { Browser, BrowserContextOptions, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ChildServer, startChildServer } from '../../server/test/child-server.ts'
import { tempDir } from '../../server/test/harness.ts'
import { openDoc } from './app.ts'
import { addSessionCookie, launchBrowser, shotPath } from './browser.ts'
import { sidebar, treeTitle } from './hub.ts'

const repoRoot = path.resolve(import.meta.dirname, '..', '..')

/** Navigation and reach: the page tree on project pages, a phone's drawer and breadcrumb, dark mode. */
describe('navigation and reach in Chromium', () => {
  let browser: Browser
  let server: ChildServer
  let base: string
  const data = tempDir()

  beforeAll(async () => {
    server = await startChildServer({ KEEL_DATA_DIR: data.dir, KEEL_STATIC_DIR: path.join(repoRoot, 'dist', 'client') })
    base = server.url
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    data.cleanup()
  })

  /** The owner in a fresh context (`options`: a phone's viewport, a colour scheme). */
  const owner = async (options: BrowserContextOptions = {}): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options })
    await addSessionCookie(context, server.fixture.owner.cookie)
    const page = await context.newPage()
    page.on('pageerror', (err) => console.error(`[page error] ${err.message}`))
    return page
  }
  const newDoc = async (title: string): Promise<string> => {
    const res = await fetch(`${server.url}/api/projects/${server.fixture.projectId}/docs`, {
      method: 'POST',
      headers: { cookie: server.fixture.owner.cookie, origin: server.url, 'content-type': 'application/json' },
      body: JSON.stringify({ title }),
    })
    expect(res.status).toBe(201)
    return ((await res.json()) as { id: string }).id
  }
  /** The page's background as [r, g, b]. */
  const background = async (page: Page): Promise<number[]> => {
    const color = await page.evaluate(() => getComputedStyle(document.body).backgroundColor)
    return (color.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number)
  }
  const isDark = (rgb: number[]): boolean => rgb.length === 3 && rgb.every((c) => c < 60)
  const isLight = (rgb: number[]): boolean => rgb.length === 3 && rgb.every((c) => c > 230)

  it('the tasks page, the hub and the runs page show the project’s page tree', async () => {
    await newDoc('Reach spec')
    const page = await owner()
    const { workspaceId, projectId } = server.fixture
    await page.goto(`${base}/w/${workspaceId}/p/${projectId}/tasks`)
    await page.getByTestId('tasks-page').waitFor({ timeout: 20_000 })
    await treeTitle(page, 'Reach spec').waitFor({ timeout: 20_000 })
    await page.screenshot({ path: shotPath('reach-tasks-tree') })
    // Kept while moving between the project's pages.
    await page.goto(`${base}/w/${workspaceId}/p/${projectId}/runs`)
    await treeTitle(page, 'Reach spec').waitFor({ timeout: 20_000 })
    await page.goto(`${base}/w/${workspaceId}/p/${projectId}`)
    await treeTitle(page, 'Reach spec').waitFor({ timeout: 20_000 })
    await page.context().close()
  })

  it('on a phone the menu button opens the page tree as a drawer, and the breadcrumb has no empty segment', async () => {
    const docId = await newDoc('Phone page')
    const other = await newDoc('Another page')
    const page = await owner({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })
    await openDoc(page, base, docId)
    await page.getByTestId('doc-title').filter({ hasText: 'Phone page' }).waitFor()

    // Every crumb that shows a separator shows words after it: never "/ /".
    const crumbs = await page.locator('.topbar .crumb').evaluateAll((els) =>
      els.map((el) => {
        const label = el.querySelector<HTMLElement>('.crumb__link, .crumb__current')
        const visible = (e: HTMLElement | null): boolean => !!e && e.getBoundingClientRect().width > 0 && getComputedStyle(e).display !== 'none'
        return { shown: visible(el as HTMLElement), label: visible(label ?? null) ? (label?.innerText.trim() ?? '') : '' }
      }),
    )
    const shown = crumbs.filter((c) => c.shown)
    expect(shown.length).toBeGreaterThan(0)
    for (const c of shown) expect(c.label).not.toBe('')

    // The tree is off-screen until the menu button opens it.
    const menu = page.getByTestId('nav-menu')
    await menu.waitFor({ state: 'visible', timeout: 20_000 })
    await expect(sidebar(page).isVisible()).resolves.toBe(false)
    await menu.click()
    await treeTitle(page, 'Another page').waitFor({ state: 'visible' })
    await page.screenshot({ path: shotPath('reach-phone-drawer') })
    // Escape closes it; a tap outside closes it; a navigation from it closes it.
    await page.keyboard.press('Escape')
    await sidebar(page).waitFor({ state: 'hidden' })
    await menu.click()
    await sidebar(page).waitFor({ state: 'visible' })
    await page.mouse.click(370, 600)
    await sidebar(page).waitFor({ state: 'hidden' })
    await menu.click()
    await treeTitle(page, 'Another page').click()
    await page.waitForURL((url) => url.pathname === `/d/${other}`)
    await sidebar(page).waitFor({ state: 'hidden' })
    await page.context().close()
  })

  it('follows a dark system scheme, and the account menu’s Light overrides it across a reload', async () => {
    const docId = await newDoc('Dark page')
    const page = await owner({ colorScheme: 'dark' })
    await openDoc(page, base, docId)
    expect(isDark(await background(page))).toBe(true)
    await page.screenshot({ path: shotPath('reach-dark') })

    await page.getByTestId('user-menu').click()
    await page.getByTestId('theme-light').click()
    await expect.poll(async () => isLight(await background(page))).toBe(true)
    await page.reload()
    await openDoc(page, base, docId)
    expect(isLight(await background(page))).toBe(true)
    await page.getByTestId('user-menu').click()
    await expect(page.getByTestId('theme-light').getAttribute('aria-checked')).resolves.toBe('true')

    // Back to System: dark again.
    await page.getByTestId('theme-system').click()
    await expect.poll(async () => isDark(await background(page))).toBe(true)
    await page.context().close()
  })
})
