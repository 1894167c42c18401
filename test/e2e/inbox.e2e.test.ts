import path from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { INBOX_LIMITS } from '#shared/limits'
import { type ChildServer, startChildServer } from '../../server/test/child-server.ts'
import { tempDir } from '../../server/test/harness.ts'
import { editor, openDoc, typeAtEnd, waitForBadge } from './app.ts'
import { launchBrowser, newPerson as newBrowserPerson, shotPath } from './browser.ts'

const repoRoot = path.resolve(import.meta.dirname, '..', '..')

/** The inbox in Chromium: a mention in one window lights the other person's bell, without a reload. */
describe('the inbox in Chromium', () => {
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

  const newPerson: typeof newBrowserPerson = async (b, session) => {
    const person = await newBrowserPerson(b, session)
    person.page.on('pageerror', (err) => console.error(`[page error] ${err.message}`))
    return person
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

  it('A types @ and picks B: B’s bell shows 1 without a reload, and the entry jumps to the mention', async () => {
    const plan = await newDoc('Rollout plan')
    const elsewhere = await newDoc('Reading list')
    const adaUser = server.fixture.user('Ada', 'editor')
    const beaUser = server.fixture.user('Beatrix', 'editor')
    const ada = await newPerson(browser, adaUser)
    const bea = await newPerson(browser, beaUser)
    await openDoc(ada.page, server.url, plan)
    await openDoc(bea.page, server.url, elsewhere)
    const bell = (p: typeof bea.page) => p.getByTestId('inbox-bell')
    await bell(bea.page).waitFor()
    expect(await bea.page.getByTestId('inbox-badge').count()).toBe(0)

    // In the body, under the title.
    await typeAtEnd(ada.page, '')
    await ada.page.keyboard.press('Enter')
    await ada.page.keyboard.type('Launch review owner: @Beat', { delay: 5 })
    const picker = ada.page.getByTestId('link-picker')
    await picker.getByTestId('link-picker-person').filter({ hasText: 'Beatrix' }).waitFor({ timeout: 10_000 })
    await ada.page.keyboard.press('Enter')
    await picker.waitFor({ state: 'detached' })
    await ada.page.keyboard.type('please sign off.', { delay: 5 })
    await waitForBadge(ada.page, 'online', 0)

    // Within one poll of the count, in the window that did nothing.
    await bea.page.getByTestId('inbox-badge').waitFor({ timeout: INBOX_LIMITS.pollMs + 10_000 })
    expect(await bea.page.getByTestId('inbox-badge').innerText()).toBe('1')
    const box = (await bell(bea.page).boundingBox())!
    await bea.page.screenshot({ path: shotPath('inbox-bell'), clip: { x: box.x - 200, y: 0, width: 300, height: box.y + box.height + 10 } })
    // Ada mentioned someone else: her own bell stays quiet.
    expect(await ada.page.getByTestId('inbox-badge').count()).toBe(0)

    await bell(bea.page).click()
    const entry = bea.page.getByTestId('inbox-entry')
    await entry.first().waitFor()
    expect(await entry.count()).toBe(1)
    expect(await entry.first().innerText()).toContain('Ada mentioned you')
    expect(await entry.first().innerText()).toContain('Rollout plan')
    await bea.page.getByTestId('inbox-panel').screenshot({ path: shotPath('inbox-panel-light') })
    await bea.page.emulateMedia({ colorScheme: 'dark' })
    await bea.page.getByTestId('inbox-panel').screenshot({ path: shotPath('inbox-panel-dark') })
    await bea.page.emulateMedia({ colorScheme: 'light' })

    await entry.first().click()
    await bea.page.waitForURL((u) => u.pathname === `/d/${plan}` && u.hash === `#mention-${beaUser.id}`, { timeout: 10_000 })
    const mention = editor(bea.page).locator(`.mention[data-id="${beaUser.id}"]`)
    await expect.poll(() => mention.getAttribute('data-highlighted'), { timeout: 15_000 }).toBe('true')
    await bea.page.screenshot({ path: shotPath('inbox-jumped') })
    // Read: the badge is gone.
    await expect.poll(() => bea.page.getByTestId('inbox-badge').count(), { timeout: 10_000 }).toBe(0)
    // Following the page from its header: the server knows, and the toggle says so.
    const follow = bea.page.getByTestId('follow-button')
    await follow.click()
    await expect.poll(() => follow.getAttribute('aria-pressed')).toBe('true')
    const state = await fetch(`${server.url}/api/docs/${plan}/follow`, { headers: { cookie: beaUser.cookie } })
    expect(await state.json()).toEqual({ following: true })
    await Promise.all([ada.context.close(), bea.context.close()])
  }, 90_000)
})
