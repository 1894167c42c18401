import path from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ChildServer, startChildServer } from '../../server/test/child-server.ts'
import { tempDir } from '../../server/test/harness.ts'
import { badge, editor, typeAtEnd, waitForBadge, waitForText } from './app.ts'
import { launchBrowser, newPerson as newBrowserPerson, shotPath, untilServiceWorkerControls } from './browser.ts'
import { openPageMenu, renameInSidebar, sidebar, treeRow, treeTitle } from './hub.ts'
import { FaultProxy } from './proxy.ts'

const repoRoot = path.resolve(import.meta.dirname, '..', '..')

describe('project hub, sidebar, links and the switcher in Chromium', () => {
  let browser: Browser
  let server: ChildServer
  let proxy: FaultProxy
  let base: string
  const data = tempDir()

  beforeAll(async () => {
    // The browser talks to the proxy's port: that origin is configured, as a real proxy's would be.
    proxy = new FaultProxy(0)
    base = `http://127.0.0.1:${await proxy.listen()}`
    server = await startChildServer({ KEEL_DATA_DIR: data.dir, KEEL_STATIC_DIR: path.join(repoRoot, 'dist', 'client'), KEEL_ALLOWED_ORIGINS: base })
    proxy.retarget(server.port)
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await proxy?.close()
    await server?.stop()
    data.cleanup()
  })

  /** A person whose page errors show in the test output (a failing wait then says why). */
  const newPerson: typeof newBrowserPerson = async (b, session) => {
    const person = await newBrowserPerson(b, session)
    person.page.on('pageerror', (err) => console.error(`[page error] ${err.message}`))
    return person
  }

  const asOwner = async <T>(method: string, p: string, body?: unknown): Promise<{ status: number; json: T }> => {
    const res = await fetch(`${server.url}${p}`, {
      method,
      headers: { cookie: server.fixture.owner.cookie, origin: server.url, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : null,
    })
    return { status: res.status, json: (await res.json().catch(() => null)) as T }
  }
  const newDoc = async (projectId: string, title: string, parentId?: string): Promise<string> => {
    const res = await asOwner<{ id: string }>('POST', `/api/projects/${projectId}/docs`, { title, ...(parentId ? { parentId } : {}) })
    expect(res.status).toBe(201)
    return res.json.id
  }
  const openInSidebar = async (page: import('playwright-core').Page, docId: string) => {
    await page.goto(`${base}/d/${docId}`)
    await editor(page)
      .waitFor({ state: 'visible', timeout: 20_000 })
      .catch(async (err: unknown) => {
        await page.screenshot({ path: shotPath('debug-open-failed') })
        console.error(await page.locator('body').innerText())
        throw err
      })
    await sidebar(page).getByTestId('page-tree').waitFor({ timeout: 20_000 })
  }

  it('create a project, a page from the Project spec template, rename it in the sidebar; a second user sees it live', async () => {
    const fx = server.fixture
    const owner = await newPerson(browser, fx.owner)
    const grace = await newPerson(browser, fx.user('Grace', 'editor'))

    // A new project from the workspace page lands on its hub.
    await owner.page.goto(`${base}/w/${fx.workspaceId}`)
    await owner.page.getByRole('button', { name: 'New project' }).click()
    await owner.page.getByLabel('Project name').fill('Churn model v3')
    await owner.page.getByRole('button', { name: 'Create project' }).click()
    await owner.page.waitForURL((url) => /^\/w\/[^/]+\/p\/[^/]+$/.test(url.pathname))
    const hubUrl = owner.page.url()
    await owner.page.getByTestId('project-page').waitFor()
    await owner.page.getByTestId('status-digest').waitFor({ timeout: 10_000 })
    expect(await owner.page.getByTestId('status-digest').count()).toBe(1)

    // Description, edited in place.
    await owner.page.getByTestId('project-description').fill('Predict which accounts churn in the next 30 days, weekly.')
    await owner.page.getByTestId('project-description').blur()
    await expect
      .poll(async () => (await asOwner<{ description: string }>('GET', `/api/projects/${hubUrl.split('/p/')[1]}`)).json.description)
      .toContain('Predict which accounts')

    // New page → Project spec.
    await owner.page.getByTestId('new-document').click()
    await owner.page.getByTestId('new-page-menu').waitFor()
    await owner.page.getByTestId('template-project-spec').click()
    await owner.page.waitForURL((url) => url.pathname.startsWith('/d/'))
    const specId = new URL(owner.page.url()).pathname.slice(3)
    await editor(owner.page).waitFor({ state: 'visible', timeout: 20_000 })
    await owner.page.waitForFunction(() => document.querySelector('[data-testid="editor"] .ProseMirror')?.textContent?.includes('Success metrics'))
    await treeTitle(owner.page, 'Project spec').waitFor({ timeout: 15_000 })
    expect(await treeRow(owner.page, 'Project spec').getAttribute('class')).toContain('tree-row--current')

    // Grace opens the same page; she sees it in her sidebar.
    await grace.page.goto(`${base}/d/${specId}`)
    await treeTitle(grace.page, 'Project spec').waitFor({ timeout: 20_000 })

    // Rename in the owner's sidebar; Grace's sidebar follows live.
    await renameInSidebar(owner.page, 'Project spec', 'Churn v3 spec')
    await treeTitle(grace.page, 'Churn v3 spec').waitFor({ timeout: 15_000 })

    // One title per page: the rename is the page's heading, its breadcrumb and its tab title too.
    const h1 = (page: typeof owner.page) => editor(page).locator('h1').first()
    await expect.poll(() => h1(owner.page).innerText(), { timeout: 15_000 }).toBe('Churn v3 spec')
    await expect.poll(() => owner.page.getByTestId('doc-title').innerText()).toBe('Churn v3 spec')
    await expect.poll(() => owner.page.title()).toBe('Churn v3 spec · Keel')
    await owner.page.mouse.move(700, 400)
    await owner.page.screenshot({ path: shotPath('title-renamed-in-sidebar') })
    // And back: Grace types in the heading; both sidebars follow.
    await expect.poll(() => h1(grace.page).innerText(), { timeout: 15_000 }).toBe('Churn v3 spec')
    await h1(grace.page).click()
    await grace.page.keyboard.press('End')
    await grace.page.keyboard.type(' (draft)', { delay: 5 })
    await treeTitle(owner.page, 'Churn v3 spec (draft)').waitFor({ timeout: 15_000 })
    await treeTitle(grace.page, 'Churn v3 spec (draft)').waitFor({ timeout: 15_000 })
    await expect.poll(() => owner.page.getByTestId('doc-title').innerText()).toBe('Churn v3 spec (draft)')
    await grace.page.screenshot({ path: shotPath('title-typed-in-heading') })
    await renameInSidebar(owner.page, 'Churn v3 spec (draft)', 'Churn v3 spec')
    await expect.poll(() => h1(grace.page).innerText(), { timeout: 15_000 }).toBe('Churn v3 spec')

    // A nested page from the "+" of the spec, and another one under it: the tree shows the nesting.
    const specRow = treeRow(owner.page, 'Churn v3 spec')
    await specRow.hover()
    await specRow.getByTestId('tree-add-child').click()
    await owner.page.waitForURL((url) => url.pathname !== `/d/${specId}`)
    await editor(owner.page).waitFor({ state: 'visible', timeout: 20_000 })
    await typeAtEnd(owner.page, 'Feature ideas')
    await waitForBadge(owner.page, 'online', 0)
    const childId = new URL(owner.page.url()).pathname.slice(3)
    // What is typed names the page (its first block, there being no heading): no rename needed.
    await treeTitle(owner.page, 'Feature ideas').waitFor({ timeout: 15_000 })
    const projectId = hubUrl.split('/p/')[1]!
    await newDoc(projectId, 'Label audit', childId)
    await newDoc(projectId, 'Eval results: March holdout')
    await newDoc(projectId, 'Labelling guidelines')
    await treeRow(owner.page, 'Feature ideas').getByTestId('tree-toggle').click()
    await treeTitle(owner.page, 'Label audit').waitFor({ timeout: 15_000 })
    await treeRow(grace.page, 'Churn v3 spec').getByTestId('tree-toggle').click()
    await treeTitle(grace.page, 'Feature ideas').waitFor({ timeout: 15_000 })
    await owner.page.mouse.move(700, 400)
    await owner.page.screenshot({ path: shotPath('sidebar-nested-tree') })

    // The hub shows the same tree, and the activity.
    await owner.page.goto(hubUrl)
    await treeTitle(owner.page, 'Churn v3 spec', '[data-testid="hub-pages"]').waitFor({ timeout: 15_000 })
    await owner.page.getByTestId('activity-item').first().waitFor({ timeout: 15_000 })
    await owner.page.screenshot({ path: shotPath('hub-page') })

    // Back goes back to the page we came from; forward returns to the hub.
    await owner.page.goBack()
    await owner.page.waitForURL((url) => url.pathname === `/d/${childId}`)
    await editor(owner.page).waitFor({ state: 'visible', timeout: 20_000 })
    await owner.page.goForward()
    await owner.page.getByTestId('project-page').waitFor()
    await Promise.all([owner.context.close(), grace.context.close()])
  })

  it('links follow renames: a [[ link shows the target’s new title; backlinks and the switcher find pages', async () => {
    const fx = server.fixture
    const project = fx.directory.createProject(fx.workspaceId, 'Ranking experiments')
    const evalId = await newDoc(project.id, 'Offline eval')
    const planId = await newDoc(project.id, 'Rollout plan')
    const ada = await newPerson(browser, fx.user('Ada', 'editor'))
    await openInSidebar(ada.page, planId)

    // [[ opens the picker; typing searches; Enter links.
    await typeAtEnd(ada.page, '\nNumbers are in [[Offline')
    const picker = ada.page.getByTestId('link-picker')
    await picker.getByTestId('link-picker-item').filter({ hasText: 'Offline eval' }).waitFor({ timeout: 10_000 })
    await ada.page.screenshot({ path: shotPath('link-picker') })
    await ada.page.keyboard.press('Enter')
    await picker.waitFor({ state: 'detached' })
    const link = editor(ada.page).locator('a.doc-link')
    await expect.poll(() => link.innerText()).toBe('Offline eval')
    expect(await editor(ada.page).innerText()).not.toContain('[[')
    await ada.page.keyboard.type('and they look good.')
    await waitForBadge(ada.page, 'online', 0)

    // Rename the target in the sidebar: the link shows the new title.
    await renameInSidebar(ada.page, 'Offline eval', 'Offline eval (final)', { viaMenu: true })
    await expect.poll(() => link.innerText(), { timeout: 10_000 }).toBe('Offline eval (final)')

    // Clicking the link opens the target, which lists the plan under "Linked from".
    await link.click()
    await ada.page.waitForURL((url) => url.pathname === `/d/${evalId}`)
    await ada.page.getByTestId('backlink').filter({ hasText: 'Rollout plan' }).waitFor({ timeout: 15_000 })

    // Someone else opening the plan later sees the current title too.
    const bob = await newPerson(browser, fx.user('Bob', 'viewer'))
    await bob.page.goto(`${base}/d/${planId}`)
    await editor(bob.page).locator('a.doc-link', { hasText: 'Offline eval (final)' }).waitFor({ timeout: 20_000 })
    expect(await sidebar(bob.page).getByTestId('tree-menu').count()).toBe(0) // viewers: read-only tree

    // The quick switcher: Ctrl+K, type, arrows, Enter; Back returns.
    await ada.page.keyboard.press('Control+k')
    await ada.page.getByTestId('switcher-input').fill('Rollout')
    await ada.page.getByTestId('switcher-item').filter({ hasText: 'Rollout plan' }).first().waitFor({ timeout: 10_000 })
    await ada.page.screenshot({ path: shotPath('quick-switcher') })
    await ada.page.keyboard.press('Enter')
    await ada.page.waitForURL((url) => url.pathname === `/d/${planId}`)
    expect(await ada.page.getByTestId('switcher').count()).toBe(0)
    await ada.page.goBack()
    await ada.page.waitForURL((url) => url.pathname === `/d/${evalId}`)

    // Ctrl+K inside the editor opens it too, and Escape closes it.
    await editor(ada.page).click()
    await ada.page.keyboard.press('Control+k')
    await ada.page.getByTestId('switcher-input').waitFor()
    await ada.page.keyboard.press('Escape')
    await ada.page.getByTestId('switcher').waitFor({ state: 'detached' })
    await Promise.all([ada.context.close(), bob.context.close()])
  })

  it('trash and restore in the sidebar; the owner deletes for good after confirming', async () => {
    const fx = server.fixture
    const project = fx.directory.createProject(fx.workspaceId, 'Data platform')
    const homeId = await newDoc(project.id, 'Overview')
    const doomedId = await newDoc(project.id, 'Old experiment log')
    await newDoc(project.id, 'Old notes', doomedId)
    const owner = await newPerson(browser, fx.owner)
    await openInSidebar(owner.page, homeId)
    await treeTitle(owner.page, 'Old experiment log').waitFor({ timeout: 15_000 })

    await openPageMenu(owner.page, 'Old experiment log')
    await owner.page.getByTestId('menu-trash').click()
    await treeTitle(owner.page, 'Old experiment log').waitFor({ state: 'detached' })
    await owner.page.getByTestId('trash-toggle').click()
    const item = owner.page.getByTestId('trash-item').filter({ hasText: 'Old experiment log' })
    await item.waitFor()
    await owner.page.screenshot({ path: shotPath('sidebar-trash') })
    await expect
      .poll(
        async () =>
          (await asOwner<{ archivedAt: string | null }[]>('GET', `/api/projects/${project.id}/docs`)).json.find((d) => (d as { id?: string }).id === doomedId)
            ?.archivedAt ?? null,
      )
      .not.toBeNull()

    // Restore brings it back with its child.
    await item.getByTestId('trash-restore').click()
    await treeTitle(owner.page, 'Old experiment log').waitFor()
    await treeRow(owner.page, 'Old experiment log').getByTestId('tree-toggle').click()
    await treeTitle(owner.page, 'Old notes').waitFor()

    // Trash it again and delete it for good (two clicks: Delete, then Delete forever).
    await openPageMenu(owner.page, 'Old experiment log')
    await owner.page.getByTestId('menu-trash').click()
    await item.getByTestId('trash-delete').click()
    await item.getByTestId('trash-confirm-delete').click()
    await item.waitFor({ state: 'detached', timeout: 10_000 })
    await expect.poll(async () => (await asOwner('GET', `/api/docs/${doomedId}`)).status).toBe(404)
    await owner.context.close()
  })

  it('offline: create a page in the sidebar, type in it, reload still offline, go online: a second user sees the page and its text', async () => {
    const fx = server.fixture
    const project = fx.directory.createProject(fx.workspaceId, 'Field notes')
    const homeId = await newDoc(project.id, 'Trip log')
    const ada = await newPerson(browser, fx.user('Ada', 'editor'))
    await openInSidebar(ada.page, homeId)
    await treeTitle(ada.page, 'Trip log').waitFor({ timeout: 15_000 })
    await waitForBadge(ada.page, 'online', 0)
    // The service worker must control the page before the network goes away (offline reloads).
    await untilServiceWorkerControls(ada.page)

    await ada.context.setOffline(true)
    proxy.refuse() // setOffline does not close an open WebSocket; this does
    try {
      // "New page" with no network: the page is in the tree and open at once.
      await sidebar(ada.page).getByTestId('sidebar-new-page').click()
      await ada.page.waitForURL((url) => url.pathname.startsWith('/d/') && url.pathname !== `/d/${homeId}`, { timeout: 10_000 })
      const pageId = new URL(ada.page.url()).pathname.slice(3)
      await editor(ada.page).waitFor({ state: 'visible', timeout: 20_000 })
      await sidebar(ada.page).locator(`[data-testid="tree-item"][data-page-id="${pageId}"]`).waitFor({ timeout: 10_000 })
      await typeAtEnd(ada.page, 'Camp notes\nWritten on a page made offline.')
      await waitForBadge(ada.page, 'offline')
      expect(Number((await badge(ada.page)).unsaved)).toBeGreaterThan(0)

      // A reload, still offline: the page, its text and its place in the tree are still there.
      await ada.page.reload()
      await editor(ada.page).waitFor({ state: 'visible', timeout: 20_000 })
      await waitForText(ada.page, 'Written on a page made offline.')
      await sidebar(ada.page).locator(`[data-testid="tree-item"][data-page-id="${pageId}"]`).waitFor({ timeout: 15_000 })
      expect(await ada.page.getByTestId('doc-unavailable').count()).toBe(0)
      await ada.page.screenshot({ path: shotPath('offline-new-page') })

      // Online again: the tree and the page sync (the page socket waits for the server to make it).
      proxy.accept()
      await ada.context.setOffline(false)
      await waitForBadge(ada.page, 'online', 0, 60_000)
      expect(await ada.page.getByTestId('doc-unavailable').count()).toBe(0)

      const grace = await newPerson(browser, fx.user('Grace', 'editor'))
      await openInSidebar(grace.page, homeId)
      await sidebar(grace.page).locator(`[data-testid="tree-item"][data-page-id="${pageId}"]`).waitFor({ timeout: 20_000 })
      await grace.page.goto(`${base}/d/${pageId}`)
      await editor(grace.page).waitFor({ state: 'visible', timeout: 20_000 })
      await waitForText(grace.page, 'Written on a page made offline.')
      await grace.context.close()
    } finally {
      proxy.accept()
      await ada.context.close()
    }
  })
})
