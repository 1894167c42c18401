import path from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ChildServer, startChildServer } from '../../server/test/child-server.ts'
import { tempDir } from '../../server/test/harness.ts'
import { openDoc } from './app.ts'
import { launchBrowser, newPerson, shotPath } from './browser.ts'

const repoRoot = path.resolve(import.meta.dirname, '..', '..')

/** Full-text search in Chromium: the switcher's hits as you type, and the results page. */
describe('search in Chromium', () => {
  let browser: Browser
  let server: ChildServer
  const data = tempDir()

  beforeAll(async () => {
    server = await startChildServer({ KEEL_DATA_DIR: data.dir, KEEL_STATIC_DIR: path.join(repoRoot, 'dist', 'client') })
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    data.cleanup()
  })

  async function createTask(docId: string, title: string, extra: Record<string, unknown> = {}): Promise<string> {
    const res = await fetch(`${server.url}/api/docs/${docId}/tasks`, {
      method: 'POST',
      headers: { cookie: server.fixture.owner.cookie, 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ title, ...extra }),
    })
    expect(res.status, await res.clone().text()).toBe(201)
    return ((await res.json()) as { id: string }).id
  }

  it('Ctrl+K, a word from a task title, Enter: the document opens scrolled to the task block', async () => {
    const plan = server.fixture.ensureDoc(`e2e-search-${process.pid}`)
    const other = server.fixture.ensureDoc(`e2e-search-other-${process.pid}`)
    // Enough blocks above the task that it starts below the fold.
    for (let i = 0; i < 30; i++) await createTask(plan, `Routine chore number ${i}`, { stage: 'data' })
    const target = await createTask(plan, 'Calibrate the quokkanet thresholds', { stage: 'evaluation', status: 'in_progress' })
    await createTask(other, 'Review quokkanet latency budget')
    const ada = await newPerson(browser, server.fixture.owner)
    await openDoc(ada.page, server.url, other)

    await ada.page.keyboard.press('Control+k')
    await ada.page.getByTestId('switcher-input').pressSequentially('quokkan', { delay: 30 })
    const hit = ada.page.getByTestId('switcher-item').filter({ hasText: 'quokkanet thresholds' })
    await hit.waitFor({ timeout: 10_000 }).catch(async (e: unknown) => {
      await ada.page.screenshot({ path: shotPath('search-debug') })
      throw e
    })
    // The matched part is marked, as text (never injected markup).
    expect(await hit.locator('mark').first().textContent()).toMatch(/^quokkan/i)
    expect(await ada.page.locator('.qs__group').allTextContents()).toContain('Tasks')
    await ada.page.screenshot({ path: shotPath('search-switcher-light') })
    await ada.page.emulateMedia({ colorScheme: 'dark' })
    await ada.page.screenshot({ path: shotPath('search-switcher-dark') })
    await ada.page.emulateMedia({ colorScheme: 'light' })

    // Arrow to the hit and open it: the page, at the task's block.
    const items = await ada.page.getByTestId('switcher-item').allTextContents()
    const index = items.findIndex((t) => t.includes('quokkanet thresholds'))
    for (let i = 0; i < index; i++) await ada.page.keyboard.press('ArrowDown')
    await ada.page.keyboard.press('Enter')
    await ada.page.waitForURL((u) => u.pathname === `/d/${plan}` && u.hash === `#task-${target}`, { timeout: 10_000 })
    const block = ada.page.locator(`#task-${target}`)
    await expect.poll(() => block.getAttribute('data-highlighted'), { timeout: 15_000 }).toBe('true')
    await expect
      .poll(
        async () => {
          const box = await block.boundingBox()
          const viewport = ada.page.viewportSize()!
          return box !== null && box.y >= 0 && box.y + box.height <= viewport.height
        },
        { timeout: 5_000 },
      )
      .toBe(true)

    // The results page: every hit (the two tasks, and the page whose title is the second), filters narrow them.
    await ada.page.goto(`${server.url}/search?q=quokkanet`)
    await expect.poll(() => ada.page.getByTestId('search-hit').count(), { timeout: 10_000 }).toBe(3)
    await ada.page.screenshot({ path: shotPath('search-page-light') })
    await ada.page.emulateMedia({ colorScheme: 'dark' })
    await ada.page.screenshot({ path: shotPath('search-page-dark') })
    await ada.page.getByTestId('search-stage').selectOption('evaluation')
    await expect.poll(() => ada.page.getByTestId('search-hit').count(), { timeout: 10_000 }).toBe(1)
    expect(new URL(ada.page.url()).searchParams.get('stage')).toBe('evaluation')
    await ada.context.close()
  })
})
