import fs from 'node:fs'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ChildServer, startChildServer } from '../../server/test/child-server.ts'
import { tempDir } from '../../server/test/harness.ts'
import { MARKDOWN_FIXTURE, zipFolder } from '../../server/test/zip-folder.ts'
import { launchBrowser, newPerson, shotPath } from './browser.ts'
import { treeTitle } from './hub.ts'

const repoRoot = path.resolve(import.meta.dirname, '..', '..')

/** The import wizard in Chromium: upload the fixture zip, dry run, run, the pages in the tree, undo. */
describe('Markdown import wizard in Chromium', () => {
  let browser: Browser
  let server: ChildServer
  const data = tempDir()
  const files = tempDir()

  beforeAll(async () => {
    server = await startChildServer({ KEEL_DATA_DIR: data.dir, KEEL_STATIC_DIR: path.join(repoRoot, 'dist', 'client') })
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    data.cleanup()
    files.cleanup()
  })

  const shot = async (page: Page, name: string) => {
    const file = shotPath(name)
    await page.screenshot({ path: file, fullPage: true })
    console.log(`screenshot: ${file}`)
  }

  it('uploads the fixture zip, shows the plan, runs with progress that survives a reload, shows the report and the pages, undoes', async () => {
    const fx = server.fixture
    const { page } = await newPerson(browser, fx.owner)
    page.on('pageerror', (err) => console.error(`[page error] ${err.message}`))
    const zipFile = path.join(files.dir, 'ml-team-docs.zip')
    fs.writeFileSync(zipFile, zipFolder(MARKDOWN_FIXTURE))
    // A second source big enough (306 more pages) that the run is seen running.
    const bulk: Record<string, string> = {}
    for (let i = 0; i < 300; i++)
      bulk[`bulk/notes/note-${String(i).padStart(3, '0')}.md`] = `# Note ${i}\n\n- [ ] follow up ${i}\n\n${'Some text. '.repeat(200)}`
    const bulkFile = path.join(files.dir, 'bulk.zip')
    fs.writeFileSync(bulkFile, zipFolder(path.join(MARKDOWN_FIXTURE, 'specs'), bulk))

    // From the hub: the Import button.
    await page.goto(`${server.url}/w/${fx.workspaceId}/p/${fx.projectId}`)
    await page.getByTestId('hub-import').click()
    await page.waitForURL((url) => url.pathname.endsWith('/import'))
    await page
      .getByTestId('import-choose')
      .waitFor({ timeout: 60_000 })
      .catch(async (err: unknown) => {
        await shot(page, 'import-choose-missing')
        console.error(`import page: ${page.url()} ${(await page.locator('body').innerText()).slice(0, 800)}`)
        throw err
      })
    await shot(page, 'import-1-choose')

    // Dry run: the plan table, per file.
    await page.getByTestId('import-file').setInputFiles(zipFile)
    await page.getByTestId('import-dry-run').click()
    await page.getByTestId('import-plan').waitFor()
    expect(page.url()).toMatch(/\?job=/)
    await expect.poll(() => page.getByTestId('import-plan-row').count()).toBe(13)
    expect(await page.getByTestId('import-plan-totals').innerText()).toMatch(
      /12 to create · 0 to update · 0 unchanged · 0 not imported · 1 attachment to store/,
    )
    expect(await page.locator('[data-action="attachment-store"]').innerText()).toContain('experiments/img/loss-curve.png')
    await shot(page, 'import-2-plan')

    // Run: the report, and the pages in the sidebar's tree.
    await page.getByTestId('import-run').click()
    await page.getByTestId('import-report').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('import-report-summary').innerText()).toMatch(/^12 created · 0 updated · 0 skipped/)
    await treeTitle(page, 'ML team handbook').waitFor({ timeout: 10_000 })
    await shot(page, 'import-4-report')

    // The report downloads as JSON.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('import-download').click()])
    const report = JSON.parse(fs.readFileSync((await download.path())!, 'utf8')) as { created: unknown[] }
    expect(report.created).toHaveLength(12)

    // A bigger import: its progress shows, and a reload comes back to it.
    await page.getByTestId('import-again').click()
    await page.getByTestId('import-file').setInputFiles(bulkFile)
    await page.getByTestId('import-dry-run').click()
    await page.getByTestId('import-run').click()
    await page.getByTestId('import-progress').waitFor({ timeout: 10_000 })
    await page.reload()
    const progressOrReport = page.locator('[data-testid="import-progress"], [data-testid="import-report"]')
    await progressOrReport.first().waitFor({ timeout: 10_000 })
    if (await page.getByTestId('import-progress').isVisible()) {
      expect(await page.getByTestId('import-progress-text').innerText()).toMatch(/(Making pages: \d+ of 306|Writing: \d+ of 306 files)/)
      await shot(page, 'import-3-progress')
    }
    await page.getByTestId('import-report').waitFor({ timeout: 60_000 })
    expect(await page.getByTestId('import-report-summary').innerText()).toMatch(/^306 created/)

    // Undo: the bulk import's pages go to the trash; the first import's stay.
    await page.getByTestId('import-undo').click()
    await expect.poll(() => page.getByTestId('import-report-summary').innerText(), { timeout: 30_000 }).toMatch(/^Undone: \d+ pages moved to the trash/)
    await treeTitle(page, 'bulk').waitFor({ state: 'detached', timeout: 10_000 })
    expect(await treeTitle(page, 'ML team handbook').count()).toBe(1)
    await shot(page, 'import-5-undone')

    // Jira: the CSV, pages per sprint, a status chosen in the table before the run.
    await page.getByTestId('import-again').click()
    await page.getByTestId('import-source-jira').check()
    await page.getByTestId('import-group-by').selectOption('sprint')
    await page.getByTestId('import-file').setInputFiles(path.resolve(import.meta.dirname, '../fixtures/import/jira/jira-500.csv'))
    await page.getByTestId('import-dry-run').click()
    const vendor = page.getByTestId('import-status-row').filter({ hasText: 'Blocked on vendor' })
    await vendor.waitFor()
    await vendor.getByTestId('import-status-select').selectOption('in_progress')
    await expect.poll(() => vendor.getByTestId('import-status-select').inputValue()).toBe('in_progress')
    await expect.poll(() => vendor.innerText()).not.toContain('not in the table')
    await shot(page, 'import-6-jira-plan')
    await page.getByTestId('import-run').click()
    await page.getByTestId('import-report').waitFor({ timeout: 60_000 })
    await treeTitle(page, 'Churn Sprint 12').waitFor({ timeout: 10_000 })
  })
})
