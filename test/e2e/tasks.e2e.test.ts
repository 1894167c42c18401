import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ChildServer, startChildServer } from '../../server/test/child-server.ts'
import * as Y from 'yjs'
import { connectClient, tempDir } from '../../server/test/harness.ts'
import { editor, openDoc, typeAtEnd, waitForBadge } from './app.ts'
import { launchBrowser, newPerson, shotPath, untilServiceWorkerControls } from './browser.ts'
import { FaultProxy } from './proxy.ts'

const repoRoot = path.resolve(import.meta.dirname, '..', '..')
let docCounter = 0
const freshDoc = () => `e2e-tasks-${process.pid}-${++docCounter}`

/** Tasks: the block in the editor, the board, the graph and the digest, in Chromium. */
describe('tasks in Chromium', () => {
  let browser: Browser
  let server: ChildServer
  let base: string
  /** A TCP proxy in front of the server, for the test that cuts the browser's sockets. */
  let proxy: FaultProxy
  let viaProxy: string
  const data = tempDir()

  beforeAll(async () => {
    // The browser also talks to the proxy's port: that origin is configured, as a real proxy's would be.
    proxy = new FaultProxy(0)
    viaProxy = `http://127.0.0.1:${await proxy.listen()}`
    server = await startChildServer({ KEEL_DATA_DIR: data.dir, KEEL_STATIC_DIR: path.join(repoRoot, 'dist', 'client'), KEEL_ALLOWED_ORIGINS: viaProxy })
    proxy.retarget(server.port)
    base = server.url
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await proxy?.close()
    await server?.stop()
    data.cleanup()
  })

  async function createTask(docId: string, body: Record<string, unknown>): Promise<{ id: string }> {
    const res = await fetch(`${server.url}/api/docs/${docId}/tasks`, {
      method: 'POST',
      headers: { cookie: server.fixture.owner.cookie, 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify(body),
    })
    expect(res.status, await res.clone().text()).toBe(201)
    return (await res.json()) as { id: string }
  }

  /** A plan with a dependency chain (the critical path), a blocked task and a cycle. */
  async function seedPlan(docId: string, graceId: string): Promise<void> {
    const collect = await createTask(docId, { title: 'Collect raw images', status: 'done', stage: 'data', estimate: 3 })
    const clean = await createTask(docId, {
      title: 'Clean and dedupe labels',
      status: 'in_progress',
      stage: 'preprocessing',
      estimate: 2,
      deps: [collect.id],
      priority: 'high',
    })
    const train = await createTask(docId, {
      title: 'Train ResNet-50 baseline',
      stage: 'training',
      estimate: 4,
      deps: [clean.id],
      assignee: graceId,
      priority: 'urgent',
    })
    await createTask(docId, { title: 'Evaluate on holdout set', stage: 'evaluation', estimate: 1, deps: [train.id], due: '2020-01-10' })
    await createTask(docId, { title: 'Augmentation sweep', stage: 'training', estimate: 2, deps: [clean.id], priority: 'medium' })
    const deploy = await createTask(docId, { title: 'Deploy canary', stage: 'deployment', estimate: 1 })
    const rollback = await createTask(docId, { title: 'Write rollback plan', stage: 'deployment', estimate: 1, deps: [deploy.id] })
    const res = await fetch(`${server.url}/api/tasks/${deploy.id}`, {
      method: 'PATCH',
      headers: { cookie: server.fixture.owner.cookie, 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ deps: [rollback.id] }),
    })
    expect(res.status).toBe(200)
  }

  const taskBlock = (page: Page, title: string) => page.locator('[data-testid="task-block"]', { hasText: title })
  const card = (page: Page, title: string) => page.locator('[data-testid="board-card"]', { hasText: title })

  it('insert a task with `[] `, set assignee and due date; on the board in a second browser; drag it to done there; the pill changes in the first editor', async () => {
    const spec = server.fixture.ensureDoc(freshDoc())
    const plan = server.fixture.ensureDoc(freshDoc())
    const adaUser = server.fixture.user('Ada', 'editor')
    const graceUser = server.fixture.user('Grace', 'editor')
    await seedPlan(plan, graceUser.id)
    const ada = await newPerson(browser, adaUser)
    const grace = await newPerson(browser, graceUser)

    // 1. Ada writes a spec and turns a line into a task with `[] `.
    await openDoc(ada.page, base, spec)
    await typeAtEnd(ada.page, 'Eval spec')
    await ada.page.keyboard.press('Enter')
    await ada.page.keyboard.type('[] Freeze the eval split', { delay: 5 })
    const block = taskBlock(ada.page, 'Freeze the eval split')
    await block.waitFor({ state: 'visible', timeout: 10_000 })
    // The id is assigned once the provider has synced.
    await expect.poll(() => block.getAttribute('data-task-id'), { timeout: 10_000 }).toMatch(/^t[A-Za-z0-9]{12}$/)
    expect(await block.getAttribute('data-status')).toBe('todo')

    // 2. The field editor: assignee and due date (past, so it shows overdue), stage and estimate.
    await block.getByTestId('task-pill').click()
    const fields = block.getByTestId('task-fields')
    await fields.waitFor({ state: 'visible' })
    await expect.poll(() => fields.getByTestId('field-assignee').locator('option').count(), { timeout: 10_000 }).toBeGreaterThan(2)
    await fields.getByTestId('field-assignee').selectOption({ label: 'Grace' })
    await fields.getByTestId('field-due').fill('2021-03-04')
    await fields.getByTestId('field-stage').selectOption('evaluation')
    await fields.getByTestId('field-estimate').fill('2')
    await fields.getByTestId('field-priority').selectOption('high')
    await block.getByTestId('task-assignee').waitFor({ state: 'visible' })
    await expect.poll(() => block.getByTestId('task-due').getAttribute('class')).toContain('task-chip--overdue')
    await ada.page.screenshot({ path: shotPath('task-block-popover') })
    await ada.page.keyboard.press('Escape')
    await fields.waitFor({ state: 'hidden' })

    // 3. Grace sees it on the project's board, assigned to her.
    await grace.page.goto(`${base}/w/${server.fixture.workspaceId}/p/${server.fixture.projectId}/tasks?view=board`)
    const todo = grace.page.getByTestId('board-column-todo')
    const mine = card(grace.page, 'Freeze the eval split')
    await todo.locator('[data-testid="board-card"]', { hasText: 'Freeze the eval split' }).waitFor({ state: 'visible', timeout: 20_000 })
    await mine.locator(`[data-user-id="${graceUser.id}"]`).waitFor({ state: 'visible', timeout: 10_000 })
    await grace.page.screenshot({ path: shotPath('task-board') })

    // 4. She drags it to Done; Ada's pill changes (the server writes into the document).
    const done = grace.page.getByTestId('board-column-done')
    // Source and target both in view first: a scroll between mouse down and the first move
    // would start the drag on whatever card is under the pointer by then.
    await grace.page.getByTestId('task-board').evaluate((el) => el.scrollIntoView({ block: 'start' }))
    await mine.dragTo(done, { targetPosition: { x: 100, y: 80 } })
    await done.locator('[data-testid="board-card"]', { hasText: 'Freeze the eval split' }).waitFor({ state: 'visible', timeout: 10_000 })
    await ada.page.locator('[data-testid="task-block"][data-status="done"]', { hasText: 'Freeze the eval split' }).waitFor({ timeout: 15_000 })
    expect(await block.getByTestId('task-pill').innerText()).toBe('Done')
    expect(await block.getByTestId('task-checkbox').getAttribute('aria-checked')).toBe('true')

    // 5. A blocked task dragged to Done: the server refuses (409) and the board offers an override.
    await mine.waitFor({ state: 'visible' })
    await grace.page.getByTestId('task-board').evaluate((el) => el.scrollIntoView({ block: 'start' }))
    await card(grace.page, 'Evaluate on holdout set').dragTo(done, { targetPosition: { x: 100, y: 80 } })
    const dialog = grace.page.getByTestId('board-blocked-dialog')
    await dialog.waitFor({ state: 'visible', timeout: 10_000 })
    expect(await dialog.innerText()).toContain('Train ResNet-50 baseline')
    await grace.page.screenshot({ path: shotPath('task-board-blocked') })
    await dialog.getByTestId('override-reason').fill('Evaluated on the v2 split instead')
    await dialog.getByTestId('override-confirm').click()
    await done.locator('[data-testid="board-card"]', { hasText: 'Evaluate on holdout set' }).waitFor({ state: 'visible', timeout: 10_000 })

    // 6. The graph: critical path highlighted, the cycle marked; a click opens the task in its document.
    await grace.page.getByTestId('tab-graph').click()
    const graph = grace.page.getByTestId('task-graph')
    await graph.waitFor({ state: 'visible' })
    expect(await graph.locator('[data-testid="graph-node"][data-critical="true"]').count()).toBeGreaterThanOrEqual(2)
    expect(await graph.locator('[data-testid="graph-node"][data-cycle="true"]').count()).toBe(2)
    await grace.page.screenshot({ path: shotPath('task-graph') })
    await grace.page.getByTestId('task-digest').screenshot({ path: shotPath('task-digest') })
    expect(await grace.page.getByTestId('task-digest').innerText()).toMatch(/Blocked/)

    await graph.locator('[data-testid="graph-node"]', { hasText: 'Train ResNet-50' }).click()
    await grace.page.waitForURL((url) => url.pathname === `/d/${plan}` && url.hash.startsWith('#task-'), { timeout: 10_000 })
    await grace.page.locator('[data-testid="task-block"][data-highlighted="true"]', { hasText: 'Train ResNet-50 baseline' }).waitFor({ timeout: 20_000 })
    await grace.page.screenshot({ path: shotPath('task-opened-from-graph') })

    // 7. My tasks: Grace's assignments across projects.
    await grace.page.goto(`${base}/me/tasks`)
    await grace.page.locator('[data-testid="my-task"]', { hasText: 'Train ResNet-50 baseline' }).waitFor({ timeout: 10_000 })
    await grace.page.screenshot({ path: shotPath('my-tasks') })
    await Promise.all([ada.context.close(), grace.context.close()])
  })

  it('a viewer sees a task and its fields but cannot change them', async () => {
    const docId = server.fixture.ensureDoc(freshDoc())
    await createTask(docId, { title: 'Read-only task', stage: 'data' })
    const vera = await newPerson(browser, server.fixture.user('Vera', 'viewer'))
    await openDoc(vera.page, base, docId)
    const block = taskBlock(vera.page, 'Read-only task')
    await block.waitFor({ state: 'visible', timeout: 15_000 })
    expect(await block.getByTestId('task-checkbox').isDisabled()).toBe(true)
    await block.getByTestId('task-pill').click()
    expect(await block.getByTestId('field-status').isDisabled()).toBe(true)
    expect(await block.getByTestId('field-assignee').isDisabled()).toBe(true)
    expect(await vera.page.getByTestId('toolbar').count()).toBe(0)
    await vera.context.close()
  })

  it('a blocked task ticked over the socket is reopened live; "Blocked by" survives a reload offline and comes back after a reconnect', async () => {
    const docId = server.fixture.ensureDoc(freshDoc())
    const dep = await createTask(docId, { title: 'Label the holdout', stage: 'data' })
    const task = await createTask(docId, { title: 'Train on the holdout', stage: 'training', deps: [dep.id] })
    const adaUser = server.fixture.user('Ada', 'editor')
    const ada = await newPerson(browser, adaUser)
    const script = connectClient(server.wsUrl, docId, { cookie: adaUser.cookie })
    try {
      await openDoc(ada.page, viaProxy, docId)
      const block = taskBlock(ada.page, 'Train on the holdout')
      await block.getByTestId('task-blocked').waitFor({ state: 'visible', timeout: 15_000 })

      // A script (or a modified client) ticks it to done in the document: the server reopens it.
      await script.synced()
      const el = script.doc
        .getXmlFragment('default')
        .toArray()
        .find((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.getAttribute('id') === task.id)!
      el.setAttribute('status', 'done')
      await block.getByTestId('task-reopened').waitFor({ state: 'visible', timeout: 15_000 })
      expect(await block.getByTestId('task-reopened').innerText()).toBe('Reopened: blocked by Label the holdout')
      expect(await block.getAttribute('data-status')).toBe('todo')
      await ada.page.screenshot({ path: shotPath('task-reopened') })

      // An override written into the document (naming the owner) on a task that is not blocked:
      // it stays done, but the override is shown as unverified, never as the owner's.
      const free = await createTask(docId, { title: 'Write the report', stage: 'evaluation' })
      const freeBlock = taskBlock(ada.page, 'Write the report')
      await freeBlock.waitFor({ state: 'visible', timeout: 15_000 })
      await expect
        .poll(
          () =>
            script.doc
              .getXmlFragment('default')
              .toArray()
              .some((n) => n instanceof Y.XmlElement && n.getAttribute('id') === free.id),
          { timeout: 10_000 },
        )
        .toBe(true)
      const freeEl = script.doc
        .getXmlFragment('default')
        .toArray()
        .find((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.getAttribute('id') === free.id)!
      script.doc.transact(() => {
        freeEl.setAttribute('status', 'done')
        freeEl.setAttribute('override', { by: server.fixture.owner.id, at: new Date().toISOString(), reason: 'the owner said so' } as unknown as string)
      })
      await freeBlock.getByTestId('task-override-unverified').waitFor({ state: 'visible', timeout: 15_000 })
      expect(await freeBlock.getByTestId('task-override').count()).toBe(0)

      await waitForBadge(ada.page, 'online', 0)
      await untilServiceWorkerControls(ada.page)
      await ada.context.setOffline(true)
      proxy.refuse() // setOffline does not close an open WebSocket; this does

      // A reload offline: the index cannot be fetched, the last one known still says what blocks what.
      await ada.page.reload()
      await editor(ada.page).waitFor({ state: 'visible', timeout: 20_000 })
      await block.getByTestId('task-blocked').waitFor({ state: 'visible', timeout: 15_000 })

      // With nothing kept (another tab cleared it, storage full): back online, the sync fetches it again.
      await ada.page.evaluate((projectId) => localStorage.removeItem(`keel.tasks.${projectId}`), server.fixture.projectId)
      await ada.page.reload()
      await editor(ada.page).waitFor({ state: 'visible', timeout: 20_000 })
      await block.waitFor({ state: 'visible', timeout: 15_000 })
      await waitForBadge(ada.page, 'offline')
      expect(await block.getByTestId('task-blocked').count()).toBe(0)
      proxy.accept()
      await ada.context.setOffline(false)
      await waitForBadge(ada.page, 'online', 0, 60_000)
      await block.getByTestId('task-blocked').waitFor({ state: 'visible', timeout: 15_000 })

      // Done anyway, from the block: the override goes through the API, so it is recorded and sticks.
      await block.getByTestId('task-checkbox').click()
      const panel = block.getByTestId('task-override-panel')
      await panel.getByTestId('override-reason').fill('Labelled by the vendor instead')
      await panel.getByTestId('override-confirm').click()
      await block.getByTestId('task-override').waitFor({ state: 'visible', timeout: 15_000 })
      expect(await block.getAttribute('data-status')).toBe('done')
      expect(await block.getByTestId('task-override-unverified').count()).toBe(0)
    } finally {
      proxy.accept()
      script.destroy()
      await ada.context.close()
      proxy.drop()
    }
  })

  it('task entry by keyboard: `[] ` and `[x] ` make tasks, a marker inside a task is dropped, Enter leaves an empty task; dependencies from the picker and the list; "?" opens the help; a board card moves by keyboard', async () => {
    const docId = server.fixture.ensureDoc(freshDoc())
    const ada = await newPerson(browser, server.fixture.user('Ada', 'editor'))
    const { page } = ada
    const blocks = page.locator('[data-testid="task-block"]')
    try {
      await openDoc(page, base, docId)
      await typeAtEnd(page, 'Label plan')
      await page.keyboard.press('Enter')
      await page.keyboard.type('[] Collect scans', { delay: 5 })
      await page.keyboard.press('Enter') // a new task
      await page.keyboard.type('Train segmenter', { delay: 5 })
      await taskBlock(page, 'Train segmenter').waitFor({ state: 'visible', timeout: 10_000 })
      expect(await blocks.count()).toBe(2)

      // Enter at the end of a task: the next task. `[] ` typed at its start (the case):
      // it stays one task, no literal "[] " in it; Enter on that empty task: back to a paragraph.
      await page.keyboard.press('Enter')
      expect(await blocks.count()).toBe(3)
      await page.keyboard.type('[] ', { delay: 5 })
      expect(await blocks.count()).toBe(3)
      expect((await blocks.nth(2).locator('.task__title').innerText()).trim()).toBe('')
      await page.keyboard.press('Enter')
      expect(await blocks.count()).toBe(2)
      expect(await editor(page).innerText()).not.toContain('[]')
      // `[x] ` makes a done task.
      await page.keyboard.type('[x] Ship the labels', { delay: 5 })
      const ship = taskBlock(page, 'Ship the labels')
      await ship.waitFor({ state: 'visible', timeout: 10_000 })
      expect(await ship.getAttribute('data-status')).toBe('done')

      // Dependencies from the fields panel: Train depends on Collect, and shows "Blocked by 1".
      const train = taskBlock(page, 'Train segmenter')
      const collect = taskBlock(page, 'Collect scans')
      await expect.poll(() => train.getAttribute('data-task-id'), { timeout: 10_000 }).toMatch(/^t[A-Za-z0-9]{12}$/)
      await train.getByTestId('task-pill').click()
      const fields = train.getByTestId('task-fields')
      await fields.getByTestId('field-deps-search').fill('Collect scans')
      // The index is fetched a moment after the server indexed the new tasks.
      const collectResult = fields.getByTestId('field-deps-result').filter({ hasText: 'Collect scans' })
      await collectResult.waitFor({ state: 'visible', timeout: 15_000 })
      await collectResult.click()
      await train.getByTestId('task-blocked').waitFor({ state: 'visible', timeout: 10_000 })
      expect(await train.getByTestId('task-blocked').innerText()).toBe('Blocked by 1')
      await page.keyboard.press('Escape')
      await fields.waitFor({ state: 'hidden' })

      // The reverse dependency would close a loop: the picker says so before it is added.
      await collect.getByTestId('task-pill').click()
      const collectFields = collect.getByTestId('task-fields')
      await expect
        .poll(
          async () => {
            await collectFields.getByTestId('field-deps-search').fill('')
            await collectFields.getByTestId('field-deps-search').fill('Train segmenter')
            return collectFields.getByTestId('field-deps-result').filter({ hasText: 'Train segmenter' }).innerText()
          },
          { timeout: 15_000 },
        )
        .toContain('makes a cycle')
      await page.screenshot({ path: shotPath('task-deps-cycle') })
      await page.keyboard.press('Escape')

      // "Blocked by" opens the dependencies, the search focused.
      await train.getByTestId('task-blocked').click()
      await fields.waitFor({ state: 'visible' })
      await expect.poll(() => fields.getByTestId('field-deps-search').evaluate((el) => el === document.activeElement)).toBe(true)
      expect(await fields.getByTestId('field-dep').count()).toBe(1)
      await page.screenshot({ path: shotPath('task-deps-picker') })
      await page.keyboard.press('Escape')

      // "?" in the editor is a character; outside it, it opens the keyboard help.
      const help = page.getByTestId('keyboard-help')
      await typeAtEnd(page, ' ok?')
      expect(await help.count()).toBe(0)
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
      await page.keyboard.press('?')
      await help.waitFor({ state: 'visible', timeout: 5_000 })
      expect(await help.getAttribute('role')).toBe('dialog')
      expect(await help.innerText()).toContain('Quick switcher')
      expect(await help.evaluate((el) => el.contains(document.activeElement))).toBe(true)
      await page.keyboard.press('Tab')
      expect(await help.evaluate((el) => el.contains(document.activeElement))).toBe(true)
      await page.screenshot({ path: shotPath('keyboard-help') })
      await page.keyboard.press('Escape')
      await help.waitFor({ state: 'hidden' })

      // The board: a focused card moves one column with Alt+Right, announced; focus follows it.
      await page.goto(`${base}/w/${server.fixture.workspaceId}/p/${server.fixture.projectId}/tasks?view=board`)
      const trainCard = card(page, 'Train segmenter')
      await trainCard.waitFor({ state: 'visible', timeout: 20_000 })
      await trainCard.focus()
      await page.keyboard.press('Alt+ArrowRight')
      await page
        .getByTestId('board-column-in_progress')
        .locator('[data-testid="board-card"]', { hasText: 'Train segmenter' })
        .waitFor({ state: 'visible', timeout: 10_000 })
      await expect.poll(() => page.getByTestId('board-announcer').innerText()).toContain('moved to In progress')
      await expect.poll(() => page.evaluate(() => document.activeElement?.textContent ?? '')).toContain('Train segmenter')
      await page.screenshot({ path: shotPath('board-keyboard-move') })
      // On to Done through the same path as a drop: the done-gate answers 409 and offers the override.
      await page.keyboard.press('Alt+ArrowRight')
      await page
        .getByTestId('board-column-in_review')
        .locator('[data-testid="board-card"]', { hasText: 'Train segmenter' })
        .waitFor({ state: 'visible', timeout: 10_000 })
      await expect.poll(() => page.evaluate(() => document.activeElement?.textContent ?? '')).toContain('Train segmenter')
      await page.keyboard.press('Alt+ArrowRight')
      await page.getByTestId('board-blocked-dialog').waitFor({ state: 'visible', timeout: 10_000 })
      expect(await page.getByTestId('board-blocked-dialog').innerText()).toContain('Collect scans')
      // In the document the status changed too (the server wrote it).
      await openDoc(page, base, docId)
      await expect.poll(() => taskBlock(page, 'Train segmenter').getAttribute('data-status'), { timeout: 15_000 }).toBe('in_review')

      // The project list shows and edits dependencies too: the loop is named, a removal unblocks.
      await page.goto(`${base}/w/${server.fixture.workspaceId}/p/${server.fixture.projectId}/tasks?view=list`)
      const row = (title: string) => page.locator('[data-testid="task-row"]', { hasText: title })
      await row('Train segmenter').getByTestId('row-deps').waitFor({ state: 'visible', timeout: 15_000 })
      expect(await row('Train segmenter').getByTestId('row-deps').innerText()).toBe('1 task')
      await row('Collect scans').getByTestId('row-deps').click()
      await row('Collect scans').getByTestId('row-deps-search').fill('Train segmenter')
      expect(await row('Collect scans').getByTestId('row-deps-result').filter({ hasText: 'Train segmenter' }).innerText()).toContain('makes a cycle')
      await page.screenshot({ path: shotPath('task-list-deps') })
      await page.keyboard.press('Escape')
      await row('Train segmenter').getByTestId('row-deps').click()
      await row('Train segmenter').getByRole('button', { name: 'Remove dependency on Collect scans' }).click()
      await expect.poll(() => row('Train segmenter').getByTestId('row-deps').innerText(), { timeout: 10_000 }).toBe('+ Add')
      expect(await row('Train segmenter').locator('.task-chip--blocked').count()).toBe(0)
      expect(page.url()).toContain('/tasks')
    } finally {
      await ada.context.close()
    }
  })
})
