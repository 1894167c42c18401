import fs from 'node:fs'
import path from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { backupId, writeManifest } from '../../server/backup/catalog.ts'
import { type ChildServer, startChildServer } from '../../server/test/child-server.ts'
import { tempDir } from '../../server/test/harness.ts'
import { launchBrowser, newPerson, shotPath } from './browser.ts'

const repoRoot = path.resolve(import.meta.dirname, '..', '..')

/**
 * The instance administrator's backups section: a failed backup listed with its reason, "Back up
 * now", the verified copy; and another owner of the same workspace, who sees none of it.
 */
describe('backups in the workspace settings, in Chromium', () => {
  let browser: Browser
  let server: ChildServer
  const data = tempDir()
  const backups = path.join(data.dir, 'backups')

  beforeAll(async () => {
    // A failure from an hour ago, as the server writes one (its folder holds only the manifest).
    const id = backupId(Date.now() - 3600_000)
    fs.mkdirSync(path.join(backups, id), { recursive: true })
    await writeManifest(path.join(backups, id), {
      format: 1,
      id,
      createdAt: new Date(Date.now() - 3600_000).toISOString(),
      durationMs: 310,
      trigger: 'schedule',
      method: 'vacuum-into',
      status: 'failed',
      error: 'SQLITE_FULL: database or disk is full',
      bytes: 0,
      files: [],
      checks: null,
      keelVersion: '0.1.0',
    })
    server = await startChildServer({
      KEEL_DATA_DIR: path.join(data.dir, 'data'),
      KEEL_BACKUP_DIR: backups,
      KEEL_STATIC_DIR: path.join(repoRoot, 'dist', 'client'),
      // The fixture's owner (server/test/fixtures.ts) runs the instance.
      KEEL_ADMIN_EMAILS: 'owner@fixture.keel.test',
    })
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    data.cleanup()
  })

  it('shows the admin the failed backup, takes one on "Back up now" and lists it verified', async () => {
    expect(server.fixture.owner.email).toBe('owner@fixture.keel.test')
    const { page, context } = await newPerson(browser, server.fixture.owner)
    await page.goto(`${server.url}/w/${server.fixture.workspaceId}`)
    const section = page.getByTestId('backups-section')
    await section.waitFor()
    await section.getByTestId('backup-row').first().waitFor()
    expect(await section.innerText()).toContain('SQLITE_FULL: database or disk is full')
    expect(await section.innerText()).toContain('taken every hour')
    await section.getByRole('button', { name: 'Back up now' }).click()
    await section.getByText('Backed up and verified').waitFor()
    await section.getByTestId('backup-row').nth(1).waitFor()
    const first = await section.getByTestId('backup-row').first().innerText()
    expect(first).toContain('verified')
    expect(first).toMatch(/integrity ok · \d+ documents? · schema \d+/)
    await section.scrollIntoViewIfNeeded()
    const shot = shotPath('backups-section')
    await section.screenshot({ path: shot })
    console.log(`screenshot: ${shot}`)
    await context.close()
  })

  it('another owner of the workspace, not an instance admin, sees nothing about backups', async () => {
    const { page, context } = await newPerson(browser, server.fixture.user('Nora', 'owner'))
    await page.goto(`${server.url}/w/${server.fixture.workspaceId}`)
    // The owner's other sections are there (the audit log is the last): the page has settled.
    await page.getByTestId('workspace-page').waitFor()
    await page.getByRole('heading', { name: 'Audit log' }).waitFor()
    expect(await page.getByTestId('backups-section').count()).toBe(0)
    expect(await page.getByRole('button', { name: 'Back up now' }).count()).toBe(0)
    await context.close()
  })
})
