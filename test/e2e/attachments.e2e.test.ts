import path from 'node:path'
import type { Browser, Page, Route } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ATTACHMENT_LIMITS } from '#shared/limits'
import { type ChildServer, startChildServer } from '../../server/test/child-server.ts'
import { tempDir } from '../../server/test/harness.ts'
import { editor, openDoc, typeAtEnd, waitForBadge } from './app.ts'
import { launchBrowser, newPerson, shotPath } from './browser.ts'

const repoRoot = path.resolve(import.meta.dirname, '..', '..')
let docCounter = 0
const freshDoc = () => `e2e-attach-${process.pid}-${++docCounter}`

/** Image and file blocks: picked in one editor, uploaded to the real server, seen in another. */
describe('attachments in Chromium', () => {
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

  /** A real PNG: Chromium's screenshot of a small gradient chart. */
  async function plotPng(): Promise<Buffer> {
    const page = await browser.newPage({ viewport: { width: 480, height: 260 } })
    await page.setContent(
      '<body style="margin:0"><div style="width:480px;height:260px;background:linear-gradient(135deg,#3e63dd,#8250df 60%,#2f9e62)"></div></body>',
    )
    const png = await page.screenshot({ type: 'png' })
    await page.close()
    return png
  }

  /** Clicks below the document (a new line at the end), types `/item`, picks it and answers the file chooser with `file`. */
  async function pick(page: Page, item: 'image' | 'file', file: { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
    await page.locator('.editor__tail').click()
    await page.keyboard.type(`/${item}`, { delay: 5 })
    const chooser = page.waitForEvent('filechooser')
    await page.getByTestId(`slash-${item}`).click()
    await (await chooser).setFiles(file)
  }

  const uploads = (page: Page): { count: number } => {
    const seen = { count: 0 }
    page.on('request', (r) => {
      if (r.method() === 'POST' && /\/api\/projects\/[^/]+\/attachments/.test(r.url())) seen.count++
    })
    return seen
  }

  /**
   * A paste at the caret, or a drop on the first line, as the browser delivers them: a
   * DataTransfer holding a file (or HTML), in a real event the editor handles.
   */
  async function pasteOrDrop(page: Page, how: 'paste' | 'drop', item: { name: string; type: string; base64: string } | { html: string }): Promise<void> {
    await page.evaluate(
      ([kind, it]) => {
        const data = new DataTransfer()
        if ('html' in it) data.setData('text/html', it.html)
        else data.items.add(new File([Uint8Array.from(atob(it.base64), (c) => c.charCodeAt(0))], it.name, { type: it.type }))
        const root = document.querySelector('[data-testid="editor"] .ProseMirror')!
        if (kind === 'paste') {
          root.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
          return
        }
        const line = root.firstElementChild!.getBoundingClientRect()
        const at = { clientX: line.right - 2, clientY: line.top + line.height / 2, dataTransfer: data, bubbles: true, cancelable: true }
        root.dispatchEvent(new DragEvent('drop', at))
      },
      [how, item] as const,
    )
  }

  /** The document's blocks, top-level: "image", "file:<name>" or a paragraph's text (empty lines and carets left out). */
  const blockTypes = (page: Page): Promise<string[]> =>
    editor(page).evaluate((root) =>
      [...root.children]
        .filter((b) => !b.classList.contains('collaboration-carets__caret'))
        .map((b) =>
          b.classList.contains('att-node--image')
            ? 'image'
            : b.classList.contains('att-node--file')
              ? `file:${b.querySelector('[data-testid="attachment-file-name"]')?.textContent ?? '?'}`
              : (b.textContent ?? ''),
        )
        .filter((t) => t !== ''),
    )

  async function shoot(page: Page, name: string, target: ReturnType<Page['locator']>): Promise<void> {
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme })
      await target.screenshot({ path: shotPath(`${name}-${scheme}`) })
    }
    await page.emulateMedia({ colorScheme: 'light' })
  }

  it('an image and a file picked in one editor upload once, show in the other (placeholder first), download, and survive a reload', async () => {
    const docId = server.fixture.ensureDoc(freshDoc())
    const ada = await newPerson(browser, server.fixture.user('Ada', 'editor'))
    const bea = await newPerson(browser, server.fixture.user('Bea', 'editor'))
    const sent = uploads(ada.page)
    await openDoc(ada.page, base, docId)
    await openDoc(bea.page, base, docId)
    await typeAtEnd(ada.page, 'Loss curves')

    // 1. Ada picks an image. Her upload is held at the network until Bea has seen the placeholder.
    let release: () => void = () => {}
    const held = new Promise<void>((r) => (release = r))
    let passed: () => void = () => {}
    const through = new Promise<void>((r) => (passed = r))
    await ada.page.route('**/api/projects/*/attachments?*', async (route: Route) => {
      await held
      await route.continue()
      passed()
    })
    const png = await plotPng()
    await pick(ada.page, 'image', { name: 'loss.png', mimeType: 'image/png', buffer: png })
    const adaStatus = ada.page.getByTestId('attachment-uploading')
    await expect.poll(() => adaStatus.innerText(), { timeout: 10_000 }).toMatch(/^(Uploading loss\.png… \d+%|Finishing loss\.png…)/)
    const beaStatus = bea.page.getByTestId('attachment-uploading')
    await beaStatus.waitFor({ state: 'visible', timeout: 10_000 })
    expect(await beaStatus.innerText()).toContain('Uploading…')
    await shoot(ada.page, 'attachment-uploading', ada.page.locator('.att-node--image'))
    await shoot(bea.page, 'attachment-uploading-remote', bea.page.locator('.att-node--image'))
    release()
    await through
    await ada.page.unroute('**/api/projects/*/attachments?*')

    // 2. Bea's placeholder becomes the picture, loaded from our server.
    const beaImage = bea.page.getByTestId('attachment-image')
    await beaImage.waitFor({ state: 'visible', timeout: 15_000 })
    expect(await beaImage.getAttribute('src')).toMatch(/^\/api\/attachments\/att_[A-Za-z0-9_-]+$/)
    expect(await beaImage.getAttribute('loading')).toBe('lazy')
    await expect.poll(() => beaImage.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 10_000 }).toBe(480)
    expect(await bea.page.getByTestId('attachment-caption').inputValue()).toBe('loss.png')
    await bea.page.getByTestId('attachment-uploading').waitFor({ state: 'detached' })
    await shoot(bea.page, 'attachment-image', bea.page.locator('.att-node--image'))

    // 3. A file: name and size in both editors; its download link returns the bytes, as a download.
    const csv = Buffer.from('split,count\ntrain,8000\nval,1000\ntest,1000\n')
    await pick(ada.page, 'file', { name: 'splits.csv', mimeType: 'text/csv', buffer: csv })
    const beaFile = bea.page.getByTestId('attachment-file')
    await beaFile.waitFor({ state: 'visible', timeout: 15_000 })
    expect(await beaFile.getByTestId('attachment-file-name').innerText()).toBe('splits.csv')
    expect(await beaFile.getByTestId('attachment-file-size').innerText()).toBe(`${csv.length} B`)
    const href = await beaFile.getByTestId('attachment-download').getAttribute('href')
    expect(href).toMatch(/^\/api\/attachments\/att_[A-Za-z0-9_-]+\?download=1$/)
    const download = await bea.page.evaluate(async (url) => {
      const res = await fetch(url)
      return { status: res.status, disposition: res.headers.get('content-disposition'), text: await res.text() }
    }, href!)
    expect(download).toEqual({ status: 200, disposition: "attachment; filename*=UTF-8''splits.csv", text: csv.toString() })
    await shoot(bea.page, 'attachment-file', bea.page.locator('.att-node--file'))
    expect(sent.count).toBe(2)

    // 3b. Pasted and dropped files take the same way: a pasted picture at the caret, a dropped file where it was dropped (after the first line).
    await pasteOrDrop(ada.page, 'paste', { name: 'pasted.png', type: 'image/png', base64: png.toString('base64') })
    await expect.poll(() => bea.page.getByTestId('attachment-image').count(), { timeout: 15_000 }).toBe(2)
    await pasteOrDrop(ada.page, 'drop', { name: 'notes.txt', type: 'text/plain', base64: Buffer.from('dropped').toString('base64') })
    await expect.poll(() => blockTypes(bea.page), { timeout: 15_000 }).toEqual(['Loss curves', 'file:notes.txt', 'image', 'file:splits.csv', 'image'])
    expect(sent.count).toBe(4)

    // 4. Over the limit: a clear message, no block, nothing sent.
    const big = Buffer.alloc(ATTACHMENT_LIMITS.maxBytes + 1, 7)
    await pick(ada.page, 'file', { name: 'dataset.bin', mimeType: 'application/octet-stream', buffer: big })
    const notice = ada.page.getByTestId('notice')
    await notice.waitFor({ state: 'visible', timeout: 10_000 })
    expect(await notice.innerText()).toContain('"dataset.bin" is too large to attach (25 MB). Files can be up to 25 MB.')
    expect(sent.count).toBe(4)
    expect(await ada.page.locator('.att-node').count()).toBe(4)
    const listed = await fetch(`${base}/api/projects/${server.fixture.projectId}/attachments`, { headers: { cookie: server.fixture.owner.cookie } })
    // Two uploads of one picture are one blob, but two attachments (each upload is its own row).
    expect(((await listed.json()) as unknown[]).length).toBe(4)

    // 5. The server refuses (an empty file): the block says why, in both editors, and can be removed.
    await pick(ada.page, 'file', { name: 'empty.txt', mimeType: 'text/plain', buffer: Buffer.alloc(0) })
    const beaError = bea.page.getByTestId('attachment-error')
    await beaError.waitFor({ state: 'visible', timeout: 15_000 })
    expect(await beaError.innerText()).toContain("Couldn't upload empty.txt")
    expect(await beaError.innerText()).toContain('The upload is empty.')
    await shoot(ada.page, 'attachment-error', ada.page.locator('.att-node--file', { has: ada.page.getByTestId('attachment-error') }))
    await ada.page.getByTestId('attachment-error').getByTestId('attachment-remove').click()
    await beaError.waitFor({ state: 'detached', timeout: 10_000 })

    // 5b. A picture that cannot be shown (pasted from another document; gone, or not shared) is a quiet placeholder, not a broken icon.
    await pasteOrDrop(ada.page, 'paste', { html: '<img src="/api/attachments/att_doesnotexist00000000" alt="old plot">' })
    const missing = bea.page.getByTestId('attachment-image-missing')
    await missing.waitFor({ state: 'visible', timeout: 15_000 })
    expect(await missing.innerText()).toContain("This image can't be shown")
    await shoot(bea.page, 'attachment-image-missing', bea.page.locator('.att-node--image', { has: missing }))

    // 6. A reload keeps both blocks, settled (no uploadId left behind), and the picture loads again.
    await bea.page.reload()
    await editor(bea.page).waitFor({ state: 'visible', timeout: 20_000 })
    const again = bea.page.getByTestId('attachment-image').first()
    await expect.poll(() => again.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 15_000 }).toBe(480)
    expect(await bea.page.getByTestId('attachment-file-name').allInnerTexts()).toEqual(['notes.txt', 'splits.csv'])
    await bea.page.getByTestId('attachment-image-missing').waitFor({ state: 'visible', timeout: 10_000 })
    expect(await bea.page.locator('[data-testid="attachment-uploading"], [data-testid="attachment-error"]').count()).toBe(0)
    await bea.page.screenshot({ path: shotPath('attachments-doc') })

    // 7. A version's preview (history) renders the same blocks, read-only: the picture, the file, no caption field.
    const named = await fetch(`${base}/api/docs/${docId}/versions`, {
      method: 'POST',
      headers: { cookie: server.fixture.owner.cookie, 'content-type': 'application/json', origin: base },
      body: JSON.stringify({ name: 'With figures' }),
    })
    expect(named.status, await named.clone().text()).toBe(201)
    await bea.page.getByTestId('history-button').click()
    const version = bea.page.getByTestId('version-item').filter({ hasText: 'With figures' })
    await version.waitFor({ timeout: 10_000 })
    await version.getByTestId('version-preview').click()
    const preview = bea.page.getByTestId('readonly-doc')
    const oldImage = preview.getByTestId('attachment-image').first()
    await expect.poll(() => oldImage.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 15_000 }).toBe(480)
    expect(await preview.getByTestId('attachment-file-name').allInnerTexts()).toEqual(['notes.txt', 'splits.csv'])
    expect(await preview.getByTestId('attachment-caption').count()).toBe(0)
    expect(await preview.locator('figcaption').first().innerText()).toBe('loss.png')

    await ada.context.close()
    await bea.context.close()
  })
  it('picked while offline, the file waits in the tab and uploads when the connection is back', async () => {
    const docId = server.fixture.ensureDoc(freshDoc())
    const ada = await newPerson(browser, server.fixture.user('Ada', 'editor'))
    const bea = await newPerson(browser, server.fixture.user('Bea', 'editor'))
    await openDoc(ada.page, base, docId)
    await openDoc(bea.page, base, docId)
    await typeAtEnd(ada.page, 'Offline figure')
    await waitForBadge(ada.page, 'online', 0)

    await ada.context.setOffline(true)
    await waitForBadge(ada.page, 'offline')
    await pick(ada.page, 'image', { name: 'offline.png', mimeType: 'image/png', buffer: await plotPng() })
    const status = ada.page.getByTestId('attachment-uploading')
    await expect.poll(() => status.innerText(), { timeout: 10_000 }).toContain('Waiting for the connection to upload offline.png')
    await shoot(ada.page, 'attachment-waiting', ada.page.locator('.att-node--image'))

    await ada.context.setOffline(false)
    const image = ada.page.getByTestId('attachment-image')
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 20_000 }).toBe(480)
    const beaImage = bea.page.getByTestId('attachment-image')
    await expect.poll(() => beaImage.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 20_000 }).toBe(480)
    await ada.context.close()
    await bea.context.close()
  })
  it('a file picked offline survives closing the tab: the document opened again sends it', async () => {
    const docId = server.fixture.ensureDoc(freshDoc())
    const ada = await newPerson(browser, server.fixture.user('Ada', 'editor'))
    const bea = await newPerson(browser, server.fixture.user('Bea', 'editor'))
    await openDoc(ada.page, base, docId)
    await openDoc(bea.page, base, docId)
    await typeAtEnd(ada.page, 'Picked on the train')
    await waitForBadge(ada.page, 'online', 0)

    await ada.context.setOffline(true)
    await waitForBadge(ada.page, 'offline')
    await pick(ada.page, 'file', { name: 'train.yaml', mimeType: 'text/yaml', buffer: Buffer.from('lr: 0.001\nepochs: 12\n') })
    await expect.poll(() => ada.page.getByTestId('attachment-uploading').innerText(), { timeout: 10_000 }).toContain('Waiting for the connection')
    await ada.page.close()

    // Back online, another tab of the same browser opens the document: the placeholder syncs, the file is sent.
    await ada.context.setOffline(false)
    const again = await ada.context.newPage()
    await openDoc(again, base, docId)
    const file = bea.page.getByTestId('attachment-file')
    await file.waitFor({ state: 'visible', timeout: 20_000 })
    expect(await file.getByTestId('attachment-file-name').innerText()).toBe('train.yaml')
    const href = (await file.getByTestId('attachment-download').getAttribute('href'))!
    expect(await bea.page.evaluate(async (url) => (await fetch(url)).text(), href)).toBe('lr: 0.001\nepochs: 12\n')
    await ada.context.close()
    await bea.context.close()
  })
})
