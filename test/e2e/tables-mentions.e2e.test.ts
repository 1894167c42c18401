import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { JsonNode } from '#shared/api/docs'
import { toMarkdown } from '#shared/doc/markdown'
import { type ChildServer, startChildServer } from '../../server/test/child-server.ts'
import { tempDir } from '../../server/test/harness.ts'
import { editor, editorText, openDoc, typeAtEnd, waitForBadge } from './app.ts'
import { launchBrowser, newPerson as newBrowserPerson, shotPath } from './browser.ts'

const repoRoot = path.resolve(import.meta.dirname, '..', '..')

/** Tables and @mentions in Chromium: two people in one document, a reload, a read-only viewer. */
describe('tables and mentions in Chromium', () => {
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

  /** A person whose page errors show in the test output (a failing wait then says why). */
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

  /** The document as the server stores it (committed state), as ProseMirror JSON. */
  const storedContent = async (docId: string): Promise<JsonNode> => {
    const res = await fetch(`${server.url}/api/docs/${docId}/content`, { headers: { cookie: server.fixture.owner.cookie } })
    expect(res.status).toBe(200)
    return ((await res.json()) as { content: JsonNode }).content
  }

  const table = (page: Page) => editor(page).locator('table').first()
  /** A cell by row and column, from 1, header row included. */
  const cell = (page: Page, row: number, col: number) => table(page).locator(`tr:nth-child(${row}) > :nth-child(${col})`)
  const cellTexts = (page: Page) =>
    table(page)
      .locator('tr')
      .evaluateAll((rows) =>
        rows.map((r) =>
          [...r.children].map((c) => {
            // Without other people's caret labels.
            const clone = c.cloneNode(true) as HTMLElement
            clone.querySelectorAll('.collaboration-carets__caret').forEach((x) => x.remove())
            return (clone.textContent ?? '').trim()
          }),
        ),
      )

  /** Types in a cell like a person: click it, then type. */
  async function typeIn(page: Page, row: number, col: number, text: string): Promise<void> {
    await cell(page, row, col).click()
    await page.keyboard.press('End')
    await page.keyboard.type(text, { delay: 15 })
  }

  /** A paste event with only text on the clipboard, as a terminal or a plain-text copy gives. */
  async function pasteText(page: Page, text: string): Promise<void> {
    await editor(page).evaluate((el, t) => {
      const data = new DataTransfer()
      data.setData('text/plain', t)
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
    }, text)
  }

  it('a table from the slash menu, typed in by two people at once, grown from its menu, kept across a reload; a viewer sees it', async () => {
    const docId = server.fixture.ensureDoc(`e2e-tables-${process.pid}`)
    const adaUser = server.fixture.user('Ada', 'editor')
    const ada = await newPerson(browser, adaUser)
    const grace = await newPerson(browser, server.fixture.user('Grace', 'editor'))
    await openDoc(ada.page, base, docId)
    await openDoc(grace.page, base, docId)

    // Ada: "/table" inserts a 3×3 table with a header row, the cursor in its first cell.
    await typeAtEnd(ada.page, 'Baseline results')
    await ada.page.keyboard.press('Enter')
    await ada.page.keyboard.type('/table', { delay: 10 })
    await ada.page.getByTestId('slash-table').waitFor()
    await ada.page.keyboard.press('Enter')
    await table(ada.page).waitFor({ timeout: 10_000 })
    expect(await cellTexts(ada.page)).toEqual([
      ['', '', ''],
      ['', '', ''],
      ['', '', ''],
    ])
    expect(await table(ada.page).locator('tr:first-child > th').count()).toBe(3)
    // Tab moves to the next cell.
    await ada.page.keyboard.type('Model', { delay: 10 })
    await ada.page.keyboard.press('Tab')
    await ada.page.keyboard.type('F1', { delay: 10 })
    await table(grace.page).waitFor({ timeout: 10_000 })

    // Both type in different cells at the same time.
    await Promise.all([typeIn(ada.page, 2, 1, 'gbm'), typeIn(grace.page, 3, 1, 'logreg')])
    await Promise.all([typeIn(ada.page, 2, 2, '0.91'), typeIn(grace.page, 3, 2, '0.84')])
    const expected = [
      ['Model', 'F1', ''],
      ['gbm', '0.91', ''],
      ['logreg', '0.84', ''],
    ]
    await expect.poll(() => cellTexts(ada.page), { timeout: 10_000 }).toEqual(expected)
    await expect.poll(() => cellTexts(grace.page), { timeout: 10_000 }).toEqual(expected)

    // The menu over the table: Grace adds a row below the last one and deletes the empty column.
    await cell(grace.page, 3, 2).click()
    const menu = grace.page.getByTestId('table-menu')
    await menu.waitFor()
    await menu.getByTestId('table-row-below').click()
    await cell(grace.page, 3, 3).click()
    await menu.getByTestId('table-delete-col').click()
    await typeIn(grace.page, 4, 1, 'rf')
    await grace.page.keyboard.press('Tab')
    await grace.page.keyboard.type('0.88', { delay: 10 })
    const grown = [...expected.map((r) => r.slice(0, 2)), ['rf', '0.88']]
    await expect.poll(() => cellTexts(ada.page), { timeout: 10_000 }).toEqual(grown)
    // A drag or Shift+click selects cells: they are highlighted.
    await cell(grace.page, 2, 1).click()
    await cell(grace.page, 3, 2).click({ modifiers: ['Shift'] })
    await expect.poll(() => table(grace.page).locator('.selectedCell').count()).toBe(4)
    await grace.page.screenshot({ path: shotPath('table-light') })

    // The server has it as a table: its Markdown is a GFM table.
    await expect
      .poll(async () => toMarkdown(await storedContent(docId)), { timeout: 10_000 })
      .toContain('| Model | F1 |\n| --- | --- |\n| gbm | 0.91 |\n| logreg | 0.84 |\n| rf | 0.88 |')

    // Kept across a reload.
    await waitForBadge(ada.page, 'online', 0)
    await waitForBadge(grace.page, 'online', 0)
    await ada.page.reload()
    await table(ada.page).waitFor({ timeout: 20_000 })
    await expect.poll(() => cellTexts(ada.page), { timeout: 10_000 }).toEqual(grown)

    // Dark theme.
    await ada.page.emulateMedia({ colorScheme: 'dark' })
    await cell(ada.page, 2, 2).click()
    await ada.page.getByTestId('table-menu').waitFor()
    await ada.page.screenshot({ path: shotPath('table-dark') })

    // A mention inside a cell.
    await typeIn(ada.page, 4, 2, ' @Grace')
    await ada.page.getByTestId('link-picker-person').filter({ hasText: 'Grace' }).waitFor({ timeout: 10_000 })
    await ada.page.keyboard.press('Enter')
    const withMention = [...grown.slice(0, 3), ['rf', '0.88 @Grace']]
    await expect.poll(() => cellTexts(ada.page), { timeout: 10_000 }).toEqual(withMention)
    await waitForBadge(ada.page, 'online', 0)

    // The history preview (ReadOnlyDoc, buildReadOnlyExtensions) renders the table and the chip.
    const named = await fetch(`${server.url}/api/docs/${docId}/versions`, {
      method: 'POST',
      headers: { cookie: adaUser.cookie, origin: server.url, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Baseline table' }),
    })
    expect(named.status).toBe(201)
    await ada.page.keyboard.press('Control+Alt+KeyH')
    const version = ada.page.getByTestId('history-panel').getByTestId('version-item').filter({ hasText: 'Baseline table' })
    await version.waitFor({ timeout: 10_000 })
    await version.getByTestId('version-preview').click()
    const preview = ada.page.getByTestId('readonly-doc')
    await preview.locator('table').waitFor({ timeout: 10_000 })
    expect(await preview.locator('tr').count()).toBe(4)
    expect(await preview.locator('th').allInnerTexts()).toEqual(['Model', 'F1'])
    expect(await preview.locator('.mention').innerText()).toBe('@Grace')
    expect(await preview.getByTestId('table-menu').count()).toBe(0)
    await ada.page.screenshot({ path: shotPath('table-preview') })

    // A viewer sees the table read-only, without the menu.
    const viewer = await newPerson(browser, server.fixture.user('Vera', 'viewer'))
    await openDoc(viewer.page, base, docId)
    await expect.poll(() => cellTexts(viewer.page), { timeout: 15_000 }).toEqual(withMention)
    await cell(viewer.page, 2, 1).click()
    await viewer.page.waitForTimeout(200)
    expect(await viewer.page.getByTestId('table-menu').count()).toBe(0)
    await Promise.all([ada.context.close(), grace.context.close(), viewer.context.close()])
  })

  it('tab-separated text pastes as a table; a wide one scrolls inside the page', async () => {
    const docId = server.fixture.ensureDoc(`e2e-tables-paste-${process.pid}`)
    const ada = await newPerson(browser, server.fixture.user('Ada', 'editor'))
    await openDoc(ada.page, base, docId)
    await typeAtEnd(ada.page, 'Sweep')
    await ada.page.keyboard.press('Enter')
    const header = ['run', ...Array.from({ length: 13 }, (_, i) => `metric_${i + 1}`)]
    const rows = [header, ...['r1', 'r2', 'r3'].map((r, k) => [r, ...header.slice(1).map((_, i) => (0.5 + (k * 13 + i) / 100).toFixed(3))])]
    await pasteText(ada.page, rows.map((r) => r.join('\t')).join('\n') + '\n')
    await table(ada.page).waitFor({ timeout: 10_000 })
    expect(await cellTexts(ada.page)).toEqual(rows)
    expect(await table(ada.page).locator('tr:first-child > th').count()).toBe(14)
    // Wider than the column: the wrapper scrolls, the page does not.
    const widths = await editor(ada.page).evaluate((el) => {
      const wrapper = el.querySelector('.tableWrapper') as HTMLElement
      return { scroll: wrapper.scrollWidth, client: wrapper.clientWidth, page: document.documentElement.scrollWidth, window: window.innerWidth }
    })
    expect(widths.scroll).toBeGreaterThan(widths.client)
    expect(widths.page).toBeLessThanOrEqual(widths.window)
    await ada.page.screenshot({ path: shotPath('table-wide') })

    // Pasted into a cell, tab-separated text fills the cells from there (and grows the table).
    await cell(ada.page, 4, 2).click()
    // Under load the click's selection can land after a paste sent at once: wait until the caret is in that cell.
    await expect
      .poll(() =>
        cell(ada.page, 4, 2).evaluate((td) => {
          const at = window.getSelection()?.anchorNode ?? null
          return at !== null && td.contains(at)
        }),
      )
      .toBe(true)
    await pasteText(ada.page, 'x1\tx2\ny1\ty2')
    await expect
      .poll(async () => (await cellTexts(ada.page)).slice(3).map((r) => r.slice(0, 3)))
      .toEqual([
        ['r3', 'x1', 'x2'],
        ['', 'y1', 'y2'],
      ])
    await ada.context.close()
  })

  it('`@` lists people first, then pages; picking a person puts an @Name chip in both windows', async () => {
    const notes = await newDoc('Margaret review notes')
    const docId = server.fixture.ensureDoc(`e2e-mentions-${process.pid}`)
    const ada = await newPerson(browser, server.fixture.user('Ada', 'editor'))
    const margaret = await newPerson(browser, server.fixture.user('Margaret', 'editor'))
    await openDoc(ada.page, base, notes)
    await openDoc(ada.page, base, docId)
    await openDoc(margaret.page, base, docId)

    await typeAtEnd(ada.page, 'Review owner: @Marg')
    const picker = ada.page.getByTestId('link-picker')
    const person = picker.getByTestId('link-picker-person').filter({ hasText: 'Margaret' })
    await person.waitFor({ timeout: 10_000 })
    await picker.getByTestId('link-picker-item').filter({ hasText: 'Margaret review notes' }).waitFor({ timeout: 10_000 })
    // People come first, and the first person is highlighted.
    const labels = await picker.locator('.link-picker__label').allInnerTexts()
    expect(labels.map((l) => l.toLowerCase())).toEqual(['people', 'pages'])
    expect(await picker.locator('[role="option"]').first().getAttribute('data-testid')).toBe('link-picker-person')
    await ada.page.screenshot({ path: shotPath('mention-picker') })

    await ada.page.keyboard.press('Enter')
    await picker.waitFor({ state: 'detached' })
    const chip = (page: Page) => editor(page).locator('.mention')
    await expect.poll(() => chip(ada.page).innerText()).toBe('@Margaret')
    await ada.page.keyboard.type('please check.', { delay: 5 })
    await ada.page.screenshot({ path: shotPath('mention-chip') })
    await expect.poll(() => chip(margaret.page).innerText(), { timeout: 10_000 }).toBe('@Margaret')
    await expect.poll(() => editorText(margaret.page), { timeout: 10_000 }).toContain('Review owner: @Margaret please check.')
    expect(await editorText(ada.page)).toContain('Review owner: @Margaret please check.')

    // `[[` stays pages only.
    await ada.page.keyboard.type(' [[Marg', { delay: 5 })
    await picker.getByTestId('link-picker-item').filter({ hasText: 'Margaret review notes' }).waitFor({ timeout: 10_000 })
    expect(await picker.getByTestId('link-picker-person').count()).toBe(0)
    await ada.page.keyboard.press('Escape')

    // The server stored a mention node: its Markdown (version API, export) reads @Margaret.
    await waitForBadge(ada.page, 'online', 0)
    await expect.poll(async () => toMarkdown(await storedContent(docId)), { timeout: 10_000 }).toContain('Review owner: @Margaret please check.')
    await Promise.all([ada.context.close(), margaret.context.close()])
  })
})
