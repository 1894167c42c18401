import path from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import type { Browser, Page } from 'playwright-core'
import * as Y from 'yjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EDITOR_FRAGMENT } from '#shared/doc/fragment'
import { type ChildServer, startChildServer } from '../../server/test/child-server.ts'
import { connectClient, type TestClient, tempDir } from '../../server/test/harness.ts'
import { editor, editorText, openDoc } from './app.ts'
import { launchBrowser, newPerson } from './browser.ts'

/**
 * client/editor/collab/narrow-sync.ts replaces y-tiptap's whole-document rebuild on every remote
 * change with a step over the changed blocks only, and its whole-document reconcile on every
 * keystroke with the changed blocks only. These check, in Chromium against the real server, that
 * what the binding guarantees still holds: remote edits land, the local caret stays where the
 * person is typing, undo takes back only your own edits, both sides converge; and that positions
 * kept by the editor's plugins now follow a remote edit instead of jumping to the document's end.
 */
const repoRoot = path.resolve(import.meta.dirname, '..', '..')
let docCounter = 0
const freshDoc = () => `narrow-${process.pid}-${++docCounter}`

/** Plain text of every top-level block, as the other client (plain Yjs) holds it. */
function yLines(doc: Y.Doc): string[] {
  return doc
    .getXmlFragment(EDITOR_FRAGMENT)
    .toArray()
    .map((block) =>
      block instanceof Y.XmlElement
        ? block
            .toArray()
            .map((t) =>
              t instanceof Y.XmlText ? (t.toDelta() as Array<{ insert: unknown }>).map((d) => (typeof d.insert === 'string' ? d.insert : '')).join('') : '',
            )
            .join('')
        : '',
    )
}

const paragraph = (text: string): Y.XmlElement => {
  const p = new Y.XmlElement('paragraph')
  p.insert(0, [new Y.XmlText(text)])
  return p
}

/** The XmlText of the block whose text is (or starts with) `start`. */
function textOf(doc: Y.Doc, start: string): Y.XmlText {
  const block = doc
    .getXmlFragment(EDITOR_FRAGMENT)
    .toArray()
    .find((b) => b instanceof Y.XmlElement && (b.get(0) as Y.XmlText | undefined)?.toString().startsWith(start))
  if (!(block instanceof Y.XmlElement)) throw new Error(`no block starting with ${start}`)
  return block.get(0) as Y.XmlText
}

async function lineOf(page: Page, start: string): Promise<string | undefined> {
  return (await editorText(page)).split('\n').find((l) => l.startsWith(start))
}

/** Puts the caret at the end of the block whose text starts with `start`. */
async function caretAtEndOf(page: Page, start: string): Promise<void> {
  await editor(page).locator(':scope > p', { hasText: start }).first().click()
  await page.keyboard.press('End')
}

describe('y-tiptap binding, narrowed (narrow-sync.ts), in Chromium', () => {
  let browser: Browser
  let server: ChildServer
  const data = tempDir()
  const remotes: TestClient[] = []

  beforeAll(async () => {
    server = await startChildServer({ KEEL_DATA_DIR: data.dir, KEEL_STATIC_DIR: path.join(repoRoot, 'dist', 'client') })
    browser = await launchBrowser()
  })
  afterAll(async () => {
    remotes.forEach((r) => r.destroy())
    await browser?.close()
    await server?.stop()
    data.cleanup()
  })

  /** A document of `n` paragraphs `p0 …`, written by a plain Yjs client that stays connected. */
  async function seeded(n: number): Promise<{ docId: string; remote: TestClient; page: Page }> {
    const docId = server.fixture.ensureDoc(freshDoc())
    const remote = connectClient(server.wsUrl, docId, { acks: true })
    remotes.push(remote)
    await remote.synced()
    remote.doc.transact(() => {
      const frag = remote.doc.getXmlFragment(EDITOR_FRAGMENT)
      frag.insert(
        frag.length,
        Array.from({ length: n }, (_, i) => paragraph(`p${i} text`)),
      )
    })
    const { page } = await newPerson(browser, server.fixture.user('Ada', 'editor'))
    await openDoc(page, server.url, docId)
    await page.waitForFunction((count) => (document.querySelector('[data-testid="editor"] .ProseMirror')?.childElementCount ?? 0) >= count, n)
    return { docId, remote, page }
  }

  /**
   * Waits until Ada's editor and the remote client hold the same text, both read afresh on every
   * poll. (`expect.poll(read).toEqual(yLines(remote.doc))` would read the remote once, before
   * Ada's last keystrokes had travelled page → server → remote, and wait for a stale snapshot.)
   */
  async function converge(page: Page, remote: TestClient): Promise<void> {
    await expect
      .poll(
        async () => {
          const mine = (await editorText(page)).split('\n')
          const theirs = yLines(remote.doc)
          return isDeepStrictEqual(mine, theirs) ? 'converged' : { editor: mine, remote: theirs }
        },
        { timeout: 15_000 },
      )
      .toBe('converged')
  }

  it('remote edits above, in and below the caret land; the caret stays where Ada types; both converge', async () => {
    const { remote, page } = await seeded(40)
    await caretAtEndOf(page, 'p20 ')
    await page.keyboard.type('-ada1', { delay: 10 })
    await expect.poll(() => lineOf(page, 'p20 ')).toBe('p20 text-ada1')

    remote.doc.transact(() => {
      const frag = remote.doc.getXmlFragment(EDITOR_FRAGMENT)
      textOf(remote.doc, 'p20 ').insert(0, 'R:') // in Ada's paragraph, before her caret
      textOf(remote.doc, 'p5 ').insert(2, 'X') // above
      frag.delete(31, 1) // below: p31 goes
      frag.insert(0, [paragraph('new top')]) // a block above everything
    })
    await expect.poll(() => lineOf(page, 'R:p20')).toBe('R:p20 text-ada1')
    await page.keyboard.type('-ada2', { delay: 10 })
    await expect.poll(() => lineOf(page, 'R:p20')).toBe('R:p20 text-ada1-ada2')
    await converge(page, remote)

    // Then both at once, at random: Ada types where her caret is, the remote edits anywhere.
    let seed = 7
    const rand = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n)
    for (let i = 0; i < 40; i++) {
      remote.doc.transact(() => {
        const frag = remote.doc.getXmlFragment(EDITOR_FRAGMENT)
        const at = rand(frag.length)
        const op = rand(4)
        if (op === 0) frag.insert(at, [paragraph(`r${i}`)])
        else if (op === 1 && frag.length > 30 && !yLines(remote.doc)[at]!.includes('-ada')) frag.delete(at, 1)
        else {
          const t = (frag.get(at) as Y.XmlElement).get(0) as Y.XmlText | undefined
          t?.insert(rand(t.length + 1), `<${i}>`)
        }
      })
      await page.keyboard.type(String.fromCharCode(97 + (i % 26)))
    }
    await converge(page, remote)
    // Every key Ada typed is in her paragraph, in order, whatever the remote did to it: on her
    // screen and at the other client (so it went through Yjs, not only into the DOM).
    const typed = (lines: string[]): string => {
      const line = lines.find((l) => l.includes('-ada2'))!
      return line.slice(line.indexOf('-ada2') + 5).replace(/<\d+>/g, '')
    }
    expect(typed((await editorText(page)).split('\n'))).toBe('abcdefghijklmnopqrstuvwxyzabcdefghijklmn')
    expect(typed(yLines(remote.doc))).toBe('abcdefghijklmnopqrstuvwxyzabcdefghijklmn')
  })

  it('undo takes back only your own typing, after remote edits in the same paragraph; redo puts it back', async () => {
    const { remote, page } = await seeded(12)
    await caretAtEndOf(page, 'p6 ')
    await page.keyboard.type(' mine', { delay: 10 })
    await expect.poll(() => lineOf(page, 'p6 ')).toBe('p6 text mine')
    remote.doc.transact(() => {
      textOf(remote.doc, 'p6 ').insert(0, 'theirs ')
      textOf(remote.doc, 'p2 ').insert(0, 'also ')
    })
    await expect.poll(() => lineOf(page, 'theirs')).toBe('theirs p6 text mine')
    await page.keyboard.press('Control+z')
    await expect.poll(() => lineOf(page, 'theirs')).toBe('theirs p6 text')
    expect(await lineOf(page, 'also')).toBe('also p2 text')
    await page.keyboard.press('Control+Shift+z')
    await expect.poll(() => lineOf(page, 'theirs')).toBe('theirs p6 text mine')
    await converge(page, remote)
  })

  it("positions held by the editor's plugins follow a remote edit: a dismissed link picker stays dismissed", async () => {
    const { remote, page } = await seeded(12)
    await caretAtEndOf(page, 'p8 ')
    await page.keyboard.type(' see [[', { delay: 10 })
    const picker = page.locator('[data-testid="link-picker"]')
    await picker.waitFor({ state: 'visible', timeout: 10_000 })
    await page.keyboard.press('Escape')
    await picker.waitFor({ state: 'hidden', timeout: 10_000 })
    // Another person types above. Upstream's whole-document replace maps every position to the
    // end of the document, so the picker's "dismissed here" no longer matched and it reopened.
    textOf(remote.doc, 'p3 ').insert(0, 'remote ')
    await expect.poll(() => lineOf(page, 'remote')).toBe('remote p3 text')
    await page.waitForTimeout(300)
    expect(await picker.count()).toBe(0)
    await converge(page, remote)
  })
})
