import fs from 'node:fs'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ChildServer, startChildServer } from '../../server/test/child-server.ts'
import { tempDir } from '../../server/test/harness.ts'
import { editor, editorText, openDoc, typeAtEnd, waitForBadge, waitForText } from './app.ts'
import { launchBrowser, newPerson as newBrowserPerson } from './browser.ts'
import { FaultProxy } from './proxy.ts'

const repoRoot = path.resolve(import.meta.dirname, '..', '..')
/** Where the screenshots go, to be looked at (issue #13: "screenshots checked"). */
const SHOTS = '/tmp/h13-shots'
const shot = (name: string): string => {
  fs.mkdirSync(SHOTS, { recursive: true })
  return path.join(SHOTS, `${name}.png`)
}

describe('version history in Chromium: panel, preview, restore live, visit banner', () => {
  let browser: Browser
  let server: ChildServer
  let proxy: FaultProxy
  let base: string
  const data = tempDir()

  beforeAll(async () => {
    proxy = new FaultProxy(0)
    base = `http://127.0.0.1:${await proxy.listen()}`
    server = await startChildServer({
      KEEL_DATA_DIR: data.dir,
      KEEL_STATIC_DIR: path.join(repoRoot, 'dist', 'client'),
      KEEL_ALLOWED_ORIGINS: base,
      // A burst closes after ~2 s without edits (5 minutes in production), so the test sees versions.
      KEEL_HISTORY_IDLE_MINUTES: '0.03',
    })
    proxy.retarget(server.port)
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await proxy?.close()
    await server?.stop()
    data.cleanup()
  })

  const newPerson: typeof newBrowserPerson = async (b, session) => {
    const person = await newBrowserPerson(b, session)
    person.page.on('pageerror', (err) => console.error(`[page error] ${err.message}`))
    return person
  }
  const closedVersions = async (docId: string): Promise<Array<{ id: number; name: string | null; kind: string }>> => {
    const res = await fetch(`${server.url}/api/docs/${docId}/versions`, { headers: { cookie: server.fixture.owner.cookie } })
    const body = (await res.json()) as { versions: Array<{ id: number; name: string | null; kind: string; open: boolean }> }
    return body.versions.filter((v) => !v.open)
  }
  const previewText = (page: Page) => page.getByTestId('readonly-doc').locator('.ProseMirror').innerText()
  async function asOwner<T>(method: string, p: string, body?: unknown): Promise<T> {
    const res = await fetch(`${server.url}${p}`, {
      method,
      headers: { cookie: server.fixture.owner.cookie, origin: base, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : null,
    })
    const text = await res.text()
    expect(res.status, text).toBeLessThan(300)
    return JSON.parse(text) as T
  }

  it('names a version, previews it (with authors), restores it, and the other window follows; undo brings the text back', async () => {
    const docId = server.fixture.ensureDoc(`history-${process.pid}`)
    const adaUser = server.fixture.user('Ada Lovelace', 'editor')
    const ada = await newPerson(browser, adaUser)
    const grace = await newPerson(browser, server.fixture.user('Grace Hopper', 'editor'))

    // Ada writes the spec and names the version from the slash menu.
    await openDoc(ada.page, base, docId)
    await typeAtEnd(ada.page, 'Ship when AUC beats 0.86 on the holdout.')
    await waitForBadge(ada.page, 'online', 0)
    await ada.page.keyboard.press('Enter')
    await ada.page.keyboard.type('/name')
    await ada.page.getByTestId('slash-name-version').click()
    await ada.page.getByTestId('version-name-input').fill('Spec frozen for v2 training')
    await ada.page.getByTestId('version-name-save').click()
    await ada.page.getByTestId('history-toast').filter({ hasText: 'Named this version' }).waitFor()
    await expect.poll(async () => (await closedVersions(docId)).some((v) => v.name === 'Spec frozen for v2 training'), { timeout: 10_000 }).toBe(true)

    // Grace joins and changes the criteria; her burst closes into a version of its own.
    await openDoc(grace.page, base, docId)
    await waitForText(grace.page, 'Ship when AUC beats 0.86')
    await typeAtEnd(grace.page, 'Also: calibration error below 2 %.')
    await waitForText(ada.page, 'calibration error below 2 %')
    await expect.poll(async () => (await closedVersions(docId)).length, { timeout: 15_000 }).toBeGreaterThanOrEqual(2)

    // The panel, from the keyboard: the named version is there, with its badge.
    await ada.page.keyboard.press('Control+Alt+KeyH')
    const panel = ada.page.getByTestId('history-panel')
    await panel.waitFor()
    const named = panel.getByTestId('version-item').filter({ hasText: 'Spec frozen for v2 training' })
    await named.waitFor({ timeout: 10_000 })
    await expect.poll(() => named.getAttribute('data-kind')).toBe('named')
    await ada.page.mouse.move(700, 300)
    await ada.page.screenshot({ path: shot('e2e-panel') })

    // Preview: the version in the editor's own rendering, read-only, without Grace's line.
    await named.getByTestId('version-preview').click()
    await ada.page.getByTestId('readonly-doc').waitFor()
    await expect.poll(() => previewText(ada.page)).toContain('Ship when AUC beats 0.86')
    expect(await previewText(ada.page)).not.toContain('calibration')
    expect(await ada.page.getByTestId('readonly-doc').locator('.ProseMirror').getAttribute('contenteditable')).toBe('false')
    await expect.poll(() => ada.page.getByTestId('preview-banner').innerText()).toContain('Viewing version of')
    await ada.page.screenshot({ path: shot('e2e-preview') })

    // Show authors: Ada's text is marked and the legend names her.
    await ada.page.getByTestId('preview-show-authors').check()
    await ada.page.getByTestId('authors-legend').filter({ hasText: 'Ada Lovelace' }).waitFor({ timeout: 10_000 })
    expect(await ada.page.locator('[data-testid="readonly-doc"] .author-mark').count()).toBeGreaterThan(0)
    await ada.page.screenshot({ path: shot('e2e-preview-authors') })
    // Authors over a range: "since" lists the versions older than this one (and the beginning).
    await ada.page.getByTestId('preview-authors-since').waitFor()
    expect(await ada.page.getByTestId('preview-authors-since').locator('option').first().innerText()).toBe('the beginning')
    await ada.page.screenshot({ path: shot('fix-preview-since') })
    await ada.page.getByTestId('preview-show-authors').uncheck()

    // Compare with current opens the compare view (the panel closes under it, the page behind is
    // inert); "?" opens the keyboard help over it, with the compare keys, and Escape closes the
    // help only; Escape again goes back to the page, and the panel comes back.
    await ada.page.getByTestId('preview-compare').click()
    await ada.page.getByTestId('compare-view').waitFor()
    await panel.waitFor({ state: 'detached' })
    expect(
      await ada.page
        .locator('.topbar, header')
        .first()
        .evaluate((el) => el.closest('[inert]') !== null),
    ).toBe(true)
    await ada.page.keyboard.press('?')
    const help = ada.page.getByTestId('keyboard-help')
    await help.waitFor()
    expect(await help.innerText()).toContain('Next change')
    expect(await help.evaluate((el) => el.contains(document.activeElement))).toBe(true)
    // On top, not under the overlay: the middle of the help box is the help box.
    expect(
      await help.evaluate((el) => {
        const r = el.getBoundingClientRect()
        return el.contains(document.elementFromPoint(r.left + r.width / 2, r.top + 20))
      }),
    ).toBe(true)
    await help.getByText('Comparing versions').scrollIntoViewIfNeeded()
    await ada.page.screenshot({ path: shot('fix-keyboard-help-over-compare') })
    await ada.page.keyboard.press('Escape')
    await help.waitFor({ state: 'detached' })
    await ada.page.getByTestId('compare-view').waitFor()
    await ada.page.keyboard.press('Escape')
    await ada.page.getByTestId('compare-view').waitFor({ state: 'detached' })
    await editor(ada.page).waitFor({ state: 'visible' })
    await panel.waitFor()

    // The version's actions menu from the keyboard: ArrowDown opens it on its first item,
    // arrows move, Escape closes it with focus back on its button.
    await named.getByTestId('version-menu').focus()
    await ada.page.keyboard.press('ArrowDown')
    await expect.poll(() => ada.page.evaluate(() => document.activeElement?.textContent)).toBe('Preview')
    await ada.page.keyboard.press('ArrowDown')
    await expect.poll(() => ada.page.evaluate(() => document.activeElement?.textContent)).toBe('Compare with current')
    await ada.page.screenshot({ path: shot('fix-version-menu-keyboard') })
    await ada.page.keyboard.press('Escape')
    await expect.poll(() => ada.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('version-menu')

    // Restore from the preview's banner: both editors lose Grace's line, live.
    await named.getByTestId('version-preview').click()
    await ada.page.getByTestId('preview-restore').click()
    await ada.page.getByTestId('restore-dialog').waitFor()
    await ada.page.screenshot({ path: shot('e2e-restore-dialog') })
    await ada.page.getByTestId('restore-confirm').click()
    const toast = ada.page.getByTestId('history-toast').filter({ hasText: 'Restored' })
    await toast.waitFor({ timeout: 10_000 })
    await expect.poll(() => editorText(grace.page), { timeout: 15_000 }).not.toContain('calibration')
    expect(await editorText(grace.page)).toContain('Ship when AUC beats 0.86')
    await expect.poll(() => editorText(ada.page), { timeout: 15_000 }).not.toContain('calibration')
    await panel.locator('[data-kind="restore"]').first().waitFor({ timeout: 10_000 })
    await ada.page.screenshot({ path: shot('e2e-restored-toast') })
    await grace.page.screenshot({ path: shot('e2e-restored-other-window') })

    // Undo restores the version just before the restore: Grace's line is back everywhere.
    await toast.getByTestId('history-toast-action').click()
    await expect.poll(() => editorText(grace.page), { timeout: 15_000 }).toContain('calibration error below 2 %')
    await expect.poll(() => editorText(ada.page), { timeout: 15_000 }).toContain('calibration error below 2 %')

    // Undo after someone edited since the restore asks first, and says what it would revert.
    await named.getByTestId('version-preview').click()
    await ada.page.getByTestId('preview-restore').click()
    await ada.page.getByTestId('restore-confirm').click()
    const again = ada.page.getByTestId('history-toast').filter({ hasText: 'Restored' })
    await again.waitFor({ timeout: 10_000 })
    await expect.poll(() => editorText(grace.page), { timeout: 15_000 }).not.toContain('calibration')
    await typeAtEnd(grace.page, ' Grace again.')
    await waitForText(ada.page, 'Grace again.')
    await again.getByTestId('history-toast-action').click()
    const ask = ada.page.getByTestId('undo-dialog')
    await ask.waitFor({ timeout: 10_000 })
    expect(await ask.innerText()).toContain('Grace Hopper edited the page since the restore')
    await ada.page.screenshot({ path: shot('fix-undo-confirm') })
    await ask.getByText('Keep their edits').click()
    await ask.waitFor({ state: 'detached' })
    expect(await editorText(ada.page)).toContain('Grace again.')

    // Dark, and a phone's width: the panel and a preview.
    await ada.page.emulateMedia({ colorScheme: 'dark' })
    await named.getByTestId('version-preview').click()
    await ada.page.getByTestId('readonly-doc').waitFor()
    await ada.page.screenshot({ path: shot('e2e-preview-dark') })
    // On a phone the panel covers the page; closing it shows the preview under its banner.
    await ada.page.setViewportSize({ width: 390, height: 800 })
    await panel.waitFor()
    // The page tree slides away into its drawer (180 ms) when the window narrows.
    await ada.page.waitForTimeout(400)
    await ada.page.screenshot({ path: shot('e2e-panel-phone-dark') })
    await ada.page.getByTestId('history-close').click()
    await ada.page.getByTestId('preview-banner').waitFor()
    await ada.page.screenshot({ path: shot('e2e-preview-phone-dark') })
    await Promise.all([ada.context.close(), grace.context.close()])
  })

  it('"changes since your last visit" opens the compare view; the project activity links to changes; one block restored from a preview', async () => {
    const docId = server.fixture.ensureDoc(`visit-${process.pid}`)
    const grace = await newPerson(browser, server.fixture.user('Grace Hopper', 'editor'))
    const linus = await newPerson(browser, server.fixture.user('Linus Torvalds', 'editor'))
    await openDoc(grace.page, base, docId)
    await typeAtEnd(grace.page, 'Deployment criteria: a week of shadow traffic.')
    await waitForBadge(grace.page, 'online', 0)
    await expect.poll(async () => (await closedVersions(docId)).length, { timeout: 15_000 }).toBeGreaterThanOrEqual(1)

    // Linus visits (recorded), leaves; Grace edits again; Linus comes back.
    await openDoc(linus.page, base, docId)
    await linus.page.goto(`${base}/`)
    const before = (await closedVersions(docId)).length
    await typeAtEnd(grace.page, ' Rollback within 5 minutes.')
    await expect.poll(async () => (await closedVersions(docId)).length, { timeout: 15_000 }).toBeGreaterThan(before)
    await openDoc(linus.page, base, docId)
    const banner = linus.page.getByTestId('visit-banner')
    await banner.waitFor({ timeout: 10_000 })
    await expect.poll(() => banner.innerText()).toContain('Grace Hopper')
    await linus.page.screenshot({ path: shot('e2e-visit-banner') })
    await linus.page.getByTestId('visit-view-changes').click()
    await linus.page.getByTestId('compare-view').waitFor()

    // The project's activity lists the page's versions; "View" opens that page's changes.
    await linus.page.goto(`${base}/w/${server.fixture.workspaceId}/p/${server.fixture.projectId}`)
    await linus.page.getByTestId('activity-tab-versions').click()
    const item = linus.page.getByTestId('history-activity-item').first()
    await item.waitFor({ timeout: 10_000 })
    await linus.page.screenshot({ path: shot('e2e-hub-activity') })
    await item.getByTestId('history-activity-view').click()
    await linus.page.waitForURL((url) => url.pathname === `/d/${docId}`)
    // The compare view (the panel closes under it: the page behind is inert), or a preview with the panel.
    await linus.page.locator('[data-testid="compare-view"], [data-testid="version-preview-view"]').first().waitFor({ timeout: 10_000 })

    // Restore one block from the first version's preview: the paragraph loses the later sentence.
    await grace.page.getByTestId('history-button').click()
    const first = grace.page.getByTestId('version-item').last()
    await first.waitFor({ timeout: 10_000 })
    await first.getByTestId('version-preview').click()
    await expect.poll(() => previewText(grace.page)).toContain('a week of shadow traffic.')
    expect(await previewText(grace.page)).not.toContain('Rollback')
    await grace.page.getByTestId('readonly-doc').locator('.ProseMirror > *').first().hover()
    await grace.page.getByTestId('restore-block').click()
    await grace.page.getByTestId('restore-dialog').filter({ hasText: 'Restore this block?' }).waitFor()
    await grace.page.getByTestId('restore-confirm').click()
    await expect.poll(() => editorText(grace.page), { timeout: 15_000 }).not.toContain('Rollback')
    expect(await editorText(grace.page)).toContain('a week of shadow traffic.')

    // Who changed what: a label beside each run of live blocks names its last writer and opens that version.
    if (!(await grace.page.getByTestId('history-panel').isVisible())) await grace.page.getByTestId('history-button').click()
    await grace.page.getByTestId('history-block-authors').check()
    const label = grace.page.locator('[data-testid="block-author"]:not([disabled])').first()
    await expect.poll(() => label.innerText(), { timeout: 10_000 }).toContain('Grace Hopper')
    await grace.page.screenshot({ path: shot('e2e-block-authors') })
    await label.click()
    await grace.page.getByTestId('version-preview-view').waitFor()
    await Promise.all([grace.context.close(), linus.context.close()])
  })

  it('a preview of an older version shows its own ML data: the experiment log holds the runs it had then, not the ones logged since', async () => {
    const projectId = server.fixture.projectId
    const { id: docId } = await asOwner<{ id: string }>('POST', `/api/projects/${projectId}/docs`, { template: 'experiment-log' })
    const ada = await newPerson(browser, server.fixture.user('Ada Lovelace', 'editor'))
    await openDoc(ada.page, base, docId)
    const live = ada.page.getByTestId('experiment-log').first()
    await live.waitFor({ state: 'visible', timeout: 20_000 })
    await expect.poll(() => live.getAttribute('data-block-id'), { timeout: 10_000 }).toMatch(/^b[A-Za-z0-9_-]{4,}$/)
    const blockId = (await live.getAttribute('data-block-id'))!
    const runs = `/api/projects/${projectId}/experiments/${blockId}/runs`

    // One run, then a named version; then a second run, after the version.
    await asOwner('POST', runs, { runId: 'r-before', name: 'baseline', metrics: { val_f1: 0.81 } })
    await expect.poll(() => live.getByTestId('run-row').count(), { timeout: 15_000 }).toBe(1)
    await asOwner('POST', `/api/docs/${docId}/versions`, { name: 'Before the sweep' })
    await asOwner('POST', runs, { runId: 'r-after', name: 'sweep', metrics: { val_f1: 0.9 } })
    await expect.poll(() => live.getByTestId('run-row').count(), { timeout: 15_000 }).toBe(2)

    // The named version's preview reads the version's own state (GET …/versions/:vid/state):
    // the baseline only, though the live document has both runs.
    await ada.page.getByTestId('history-button').click()
    const named = ada.page.getByTestId('version-item').filter({ hasText: 'Before the sweep' })
    await named.waitFor({ timeout: 10_000 })
    const state = ada.page.waitForResponse((r) => /\/versions\/\d+\/state$/.test(new URL(r.url()).pathname) && r.status() === 200)
    await named.getByTestId('version-preview').click()
    await state
    const old = ada.page.getByTestId('readonly-doc').getByTestId('experiment-log').first()
    await old.waitFor({ state: 'visible', timeout: 10_000 })
    await expect.poll(() => old.getByTestId('run-row').count(), { timeout: 10_000 }).toBe(1)
    expect(await old.locator('[data-testid="run-row"]').getAttribute('data-run-id')).toBe('r-before')
    await old.evaluate((el) => el.scrollIntoView({ block: 'center' }))
    await ada.page.screenshot({ path: shot('fix-preview-old-runs') })

    // Back to the page: both runs.
    await ada.page.getByTestId('preview-close').click()
    await expect.poll(() => live.getByTestId('run-row').count(), { timeout: 10_000 }).toBe(2)
    await ada.context.close()
  })
})
