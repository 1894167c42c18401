import fs from 'node:fs'
import path from 'node:path'
import { strFromU8, unzipSync } from 'fflate'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { KeelExport } from '#shared/export/manifest'
import { type ChildServer, startChildServer } from '../../server/test/child-server.ts'
import { tempDir } from '../../server/test/harness.ts'
import { launchBrowser, newPerson, shotPath } from './browser.ts'
import { openPageMenu, treeRow } from './hub.ts'

const repoRoot = path.resolve(import.meta.dirname, '..', '..')

describe('export from the page menu, the project page and the document page in Chromium', () => {
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

  const post = async (p: string, body: unknown) => {
    const res = await fetch(`${server.url}${p}`, {
      method: 'POST',
      headers: { cookie: server.fixture.owner.cookie, origin: server.url, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    expect(res.status).toBe(201)
    return (await res.json()) as { id: string }
  }

  /** The manifest in a JSON export of several pages (a .keel.zip). */
  const manifest = (bytes: Buffer) => KeelExport.parse(JSON.parse(strFromU8(unzipSync(new Uint8Array(bytes))['keel-export.json']!)))

  /** Waits for a menu's opening animation to finish, so a screenshot shows it whole. */
  const settled = (page: Page, testId: string) =>
    page.getByTestId(testId).evaluate((el) => Promise.all(el.getAnimations({ subtree: true }).map((a) => a.finished)).then(() => undefined))

  /** Clicks a download link and returns the file the browser saved, with the name the server gave it. */
  const download = async (page: Page, testId: string) => {
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()])
    return { name: file.suggestedFilename(), bytes: fs.readFileSync((await file.path())!) }
  }

  it('the page menu offers Markdown, HTML and JSON for the page and its subpages; the project page for the whole project', async () => {
    const { projectId, workspaceId } = server.fixture
    const spec = await post(`/api/projects/${projectId}/docs`, { title: 'Spec' })
    await post(`/api/projects/${projectId}/docs`, { title: 'Data plan', parentId: spec.id })
    await post(`/api/docs/${spec.id}/tasks`, { title: 'Label the holdout' })
    const { context, page } = await newPerson(browser, { cookie: server.fixture.owner.cookie })
    page.on('pageerror', (err) => console.error(`[page error] ${err.message}`))
    await page.goto(`${server.url}/w/${workspaceId}/p/${projectId}`)
    await page.getByTestId('project-page').waitFor()
    await treeRow(page, 'Spec').waitFor()

    await openPageMenu(page, 'Spec')
    await page.getByTestId('menu-export').click()
    await page.getByTestId('export-subtree-md').waitFor()
    await settled(page, 'page-menu')
    const shot = shotPath('export-page-menu')
    await page.screenshot({ path: shot })
    console.log(`screenshot: ${shot}`)

    const md = await download(page, 'export-page-md')
    expect(md.name).toBe('Spec.md')
    expect(md.bytes.toString('utf8')).toContain('- [ ] Label the holdout — to do')

    await openPageMenu(page, 'Spec')
    await page.getByTestId('menu-export').click()
    const zip = await download(page, 'export-subtree-html')
    expect(zip.name).toBe('Spec.zip')
    const files = unzipSync(new Uint8Array(zip.bytes))
    expect(Object.keys(files).sort()).toEqual(['Spec.html', 'Spec/Data plan.html', 'index.html'])
    expect(strFromU8(files['Spec.html']!)).toContain('<span class="title">Label the holdout</span>')

    await page.getByTestId('project-export').click()
    await page.getByTestId('project-export-json').waitFor()
    await settled(page, 'project-export-menu')
    const shot2 = shotPath('export-project-menu')
    await page.screenshot({ path: shot2 })
    console.log(`screenshot: ${shot2}`)
    const json = await download(page, 'project-export-json')
    expect(json.name).toBe('Test project.keel.zip')
    expect(manifest(json.bytes).docs.map((d) => d.title)).toEqual(['Spec', 'Data plan'])
    await context.close()

    // A viewer has no page menu in the sidebar, and exports from the document's own Export button.
    const viewer = server.fixture.user('Vera', 'viewer')
    const reader = await newPerson(browser, { cookie: viewer.cookie })
    await reader.page.goto(`${server.url}/d/${spec.id}`)
    await reader.page.getByTestId('doc-export').click()
    await reader.page.getByTestId('export-subtree-json').waitFor()
    await settled(reader.page, 'doc-export-menu')
    const shot3 = shotPath('export-doc-button')
    await reader.page.screenshot({ path: shot3 })
    console.log(`screenshot: ${shot3}`)
    const subtree = await download(reader.page, 'export-subtree-json')
    expect(subtree.name).toBe('Spec.keel.zip')
    const file = manifest(subtree.bytes)
    expect(file.scope).toBe('subtree')
    expect(file.tree.map((n) => [n.title, n.parentId])).toEqual([
      ['Spec', null],
      ['Data plan', spec.id],
    ])
    await reader.context.close()
  })
})
