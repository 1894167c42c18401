import path from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ChildServer, startChildServer } from '../../../server/test/child-server.ts'
import { tempDir } from '../../../server/test/harness.ts'
import { badge, editor, editorText, openDoc, typeAtEnd, waitForBadge, waitForText } from './app.ts'
import { launchBrowser, newPerson, shotPath } from './browser.ts'
import { FaultProxy } from './proxy.ts'

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..')
let docCounter = 0
const freshDoc = () => `e2e-${process.pid}-${++docCounter}`

describe('live documents in Chromium', () => {
  let browser: Browser
  let server: ChildServer
  let proxy: FaultProxy
  let base: string
  const data = tempDir()
  const serverEnv = { KEEL_DATA_DIR: data.dir, KEEL_STATIC_DIR: path.join(repoRoot, 'dist', 'client') }

  beforeAll(async () => {
    server = await startChildServer(serverEnv)
    proxy = new FaultProxy(server.port)
    base = `http://127.0.0.1:${await proxy.listen()}`
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await proxy?.close()
    await server?.stop()
    data.cleanup()
  })

  it('typing in one window appears in the other, with the writer\'s caret and name', async () => {
    const docId = freshDoc()
    const ada = await newPerson(browser, 'Ada')
    const grace = await newPerson(browser, 'Grace')
    await openDoc(ada.page, base, docId)
    await openDoc(grace.page, base, docId)
    await typeAtEnd(ada.page, 'Training data frozen at v3.')
    await waitForText(grace.page, 'Training data frozen at v3.')
    // Ada's caret, labelled with her name, is drawn in Grace's editor.
    const label = grace.page.locator('.collaboration-carets__label', { hasText: 'Ada' })
    await label.waitFor({ state: 'visible', timeout: 10_000 })
    await waitForBadge(ada.page, 'online', 0)
    expect((await badge(ada.page)).text).toContain('All changes saved')
    await expect.poll(() => grace.page.locator('[data-testid="presence-avatar"]').count()).toBeGreaterThanOrEqual(2)
    await grace.page.screenshot({ path: shotPath('live-two-windows') })
    await Promise.all([ada.context.close(), grace.context.close()])
  })

  it('a real socket drop, edits on both sides, then reconnect: both converge and all is saved', async () => {
    const docId = freshDoc()
    const ada = await newPerson(browser, 'Ada')
    const grace = await newPerson(browser, 'Grace')
    await openDoc(ada.page, base, docId)
    await openDoc(grace.page, base, docId)
    await typeAtEnd(ada.page, 'Before the drop. ')
    await waitForText(grace.page, 'Before the drop.')

    proxy.refuse() // every open socket dies; reconnects are refused
    await typeAtEnd(ada.page, 'Ada while cut off. ')
    await typeAtEnd(grace.page, 'Grace while cut off. ')
    await ada.page.waitForFunction(() => Number(document.querySelector('[data-testid="connection-badge"]')?.getAttribute('data-unsaved')) > 0)
    expect((await badge(ada.page)).status).not.toBe('online')
    await ada.page.screenshot({ path: shotPath('live-dropped') })

    proxy.accept()
    await waitForText(ada.page, 'Grace while cut off.', 20_000)
    await waitForText(grace.page, 'Ada while cut off.', 20_000)
    await waitForBadge(ada.page, 'online', 0)
    await waitForBadge(grace.page, 'online', 0)
    expect(await editorText(ada.page)).toBe(await editorText(grace.page))
    await Promise.all([ada.context.close(), grace.context.close()])
  })

  it('a reload with no network still opens and edits the document, which syncs later', async () => {
    const docId = freshDoc()
    const ada = await newPerson(browser, 'Ada')
    await openDoc(ada.page, base, docId)
    await typeAtEnd(ada.page, 'Written online. ')
    await waitForBadge(ada.page, 'online', 0)
    // The service worker must control the page before the network goes away.
    await ada.page.evaluate(async () => {
      await navigator.serviceWorker.ready
      if (!navigator.serviceWorker.controller) {
        await new Promise<void>((r) => navigator.serviceWorker.addEventListener('controllerchange', () => r(), { once: true }))
      }
    })

    await ada.context.setOffline(true)
    proxy.refuse() // setOffline does not close an open WebSocket; this does
    await ada.page.reload()
    await editor(ada.page).waitFor({ state: 'visible', timeout: 20_000 })
    await waitForText(ada.page, 'Written online.')
    await typeAtEnd(ada.page, 'Written offline after a reload.')
    await waitForBadge(ada.page, 'offline')
    expect(Number((await badge(ada.page)).unsaved)).toBeGreaterThan(0)
    await ada.page.screenshot({ path: shotPath('offline-after-reload') })

    // A second reload, still offline: the edit is still there and still counted as unsaved.
    await ada.page.reload()
    await waitForText(ada.page, 'Written offline after a reload.')
    expect(Number((await badge(ada.page)).unsaved)).toBeGreaterThan(0)

    proxy.accept()
    await ada.context.setOffline(false)
    await waitForBadge(ada.page, 'online', 0, 30_000)
    const grace = await newPerson(browser, 'Grace')
    await openDoc(grace.page, base, docId)
    await waitForText(grace.page, 'Written offline after a reload.')
    await Promise.all([ada.context.close(), grace.context.close()])
  })

  it('a server restart while both type loses nothing', async () => {
    const docId = freshDoc()
    const ada = await newPerson(browser, 'Ada')
    const grace = await newPerson(browser, 'Grace')
    await openDoc(ada.page, base, docId)
    await openDoc(grace.page, base, docId)
    await typeAtEnd(ada.page, 'Top line.')
    await waitForText(grace.page, 'Top line.')
    await typeAtEnd(grace.page, '')
    await grace.page.keyboard.press('Enter')

    const adaText = 'Ada keeps typing through the restart and every key survives.'
    const graceText = 'Grace also types through the restart, on her own line.'
    const typing = Promise.all([
      (async () => {
        await editor(ada.page).click()
        await ada.page.keyboard.press('Control+Home')
        await ada.page.keyboard.type(adaText, { delay: 25 })
      })(),
      grace.page.keyboard.type(graceText, { delay: 25 }),
    ])
    await new Promise((r) => setTimeout(r, 500))
    await server.stop() // graceful: flush, ack, close with 4503
    server = await startChildServer(serverEnv, server.port)
    await typing
    await waitForText(ada.page, graceText, 30_000)
    await waitForText(grace.page, adaText, 30_000)
    await waitForBadge(ada.page, 'online', 0, 30_000)
    await waitForBadge(grace.page, 'online', 0, 30_000)
    expect(await editorText(ada.page)).toBe(await editorText(grace.page))
    const stored = (await (await fetch(`${server.url}/api/docs/${docId}/content`)).json()) as { content: unknown }
    expect(JSON.stringify(stored.content)).toContain(adaText)
    expect(JSON.stringify(stored.content)).toContain(graceText)
    await Promise.all([ada.context.close(), grace.context.close()])
  })
})
