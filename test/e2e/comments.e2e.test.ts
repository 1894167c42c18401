import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ChildServer, startChildServer } from '../../server/test/child-server.ts'
import { tempDir } from '../../server/test/harness.ts'
import { editor, editorText, openDoc, typeAtEnd, waitForText } from './app.ts'
import { launchBrowser, newPerson as newBrowserPerson, shotPath } from './browser.ts'

const repoRoot = path.resolve(import.meta.dirname, '..', '..')

/** Inline comments in Chromium (issue #15): two windows comment, reply and resolve; a commenter comments on a read-only document. */
describe('comments in Chromium', () => {
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

  /** Selects `word` in the document, as a mouse drag would. */
  const select = (page: Page, word: string) =>
    page.evaluate((w) => {
      const root = document.querySelector('[data-testid="editor"] .ProseMirror')!
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const at = n.textContent!.indexOf(w)
        if (at < 0) continue
        const range = document.createRange()
        range.setStart(n, at)
        range.setEnd(n, at + w.length)
        const sel = window.getSelection()!
        sel.removeAllRanges()
        sel.addRange(range)
        return
      }
      throw new Error(`no "${w}" in the document`)
    }, word)

  const comment = async (page: Page, word: string, text: string, via: 'button' | 'keys' = 'button') => {
    await select(page, word)
    if (via === 'keys') await page.keyboard.press('Control+Alt+KeyM')
    else await page.getByTestId('comment-button').click()
    const draft = page.getByTestId('comment-draft')
    await draft.locator('textarea').fill(text)
    await draft.locator('button[type="submit"]').click()
  }

  const thread = (page: Page, text: string) => page.getByTestId('comment-thread').filter({ hasText: text })

  it('comment on a selection, the other window sees highlight and thread live, replies; resolve; a commenter comments but cannot type', async () => {
    const docId = await newDoc('Eval plan')
    const ada = await newPerson(browser, server.fixture.user('Ada', 'editor'))
    const grace = await newPerson(browser, server.fixture.user('Grace', 'editor'))
    await openDoc(ada.page, server.url, docId)
    // A paragraph under the title (Enter leaves the heading).
    await typeAtEnd(ada.page, '\nThe holdout split is stratified by label.')
    await openDoc(grace.page, server.url, docId)
    await waitForText(grace.page, 'stratified by label')

    await comment(ada.page, 'stratified', 'Which label? See **the spec**')
    await thread(ada.page, 'Which label?').waitFor({ timeout: 10_000 })
    // Live in the other window: the thread and the highlight over the quoted word.
    await thread(grace.page, 'Which label?').waitFor({ timeout: 15_000 })
    await expect.poll(() => editor(grace.page).locator('.comment-highlight').innerText(), { timeout: 10_000 }).toBe('stratified')
    await expect.poll(() => thread(grace.page, 'Which label?').locator('strong').innerText()).toBe('the spec')

    const reply = thread(grace.page, 'Which label?').locator('textarea')
    await reply.fill('The fine label, @Ada')
    await thread(grace.page, 'Which label?').getByRole('button', { name: 'Reply' }).click()
    await thread(ada.page, 'The fine label').waitFor({ timeout: 15_000 })
    await expect.poll(() => thread(ada.page, 'The fine label').locator('.cthread__mention').innerText()).toBe('@Ada')

    // Typing at either edge of the highlight leaves it on its word.
    await editor(ada.page).focus()
    await select(ada.page, 'stratified')
    await ada.page.keyboard.press('ArrowRight')
    await ada.page.keyboard.type(' (per class)')
    await select(ada.page, 'stratified')
    await ada.page.keyboard.press('ArrowLeft')
    await ada.page.keyboard.type('well ')
    // (Ada's caret label sits inside the text in Grace's window: editorText leaves it out.)
    await expect.poll(() => editorText(grace.page), { timeout: 10_000 }).toContain('well stratified (per class) by label')
    await expect.poll(() => editor(grace.page).locator('.comment-highlight').innerText(), { timeout: 10_000 }).toBe('stratified')

    await grace.page.screenshot({ path: shotPath('comments-light') })
    await grace.page.emulateMedia({ colorScheme: 'dark' })
    await grace.page.screenshot({ path: shotPath('comments-dark') })
    await grace.page.emulateMedia({ colorScheme: 'light' })

    await thread(ada.page, 'Which label?').getByTestId('resolve-button').click()
    await expect.poll(() => thread(grace.page, 'Which label?').count(), { timeout: 15_000 }).toBe(0)
    await expect.poll(() => editor(grace.page).locator('.comment-highlight').count()).toBe(0)
    await grace.page.getByRole('tab', { name: /Resolved/ }).click()
    await thread(grace.page, 'Which label?').getByRole('button', { name: 'Reopen' }).waitFor()

    // A commenter: the document is read-only, comments are not.
    const cora = await newPerson(browser, server.fixture.user('Cora', 'commenter'))
    await openDoc(cora.page, server.url, docId)
    await waitForText(cora.page, '(per class) by label')
    expect(await cora.page.getByTestId('editor').getAttribute('data-editable')).toBe('false')
    await editor(cora.page).click()
    await cora.page.keyboard.type('commenter was here')
    await comment(cora.page, 'holdout', 'Which year’s holdout?', 'keys')
    await thread(ada.page, 'holdout?').waitFor({ timeout: 15_000 })
    expect(await editor(ada.page).innerText()).not.toContain('commenter was here')
    expect(await editor(cora.page).innerText()).not.toContain('commenter was here')
    await cora.page.screenshot({ path: shotPath('comments-commenter') })

    // Ada deletes the word Cora commented on: the thread stays, "on deleted text", with its quote.
    await editor(ada.page).focus()
    await select(ada.page, 'holdout')
    await ada.page.keyboard.press('Backspace')
    await expect.poll(() => thread(cora.page, 'holdout?').locator('.cthread__deleted').count(), { timeout: 10_000 }).toBe(1)
    expect(await thread(cora.page, 'holdout?').locator('.cthread__quote').innerText()).toBe('holdout')
    await expect.poll(() => editor(cora.page).locator('.comment-highlight').count()).toBe(0)
    console.log(`screenshots: ${shotPath('comments-light')} ${shotPath('comments-dark')} ${shotPath('comments-commenter')}`)
    await Promise.all([ada.context.close(), grace.context.close(), cora.context.close()])
  })

  it('the bubble over a selection starts a thread; @ + letters offers the members, Enter picks one; a commenter gets the bubble too', async () => {
    const docId = await newDoc('Bubble review')
    const ada = await newPerson(browser, server.fixture.user('Ada', 'editor'))
    // Hedy: a name no other test gives a member of the shared workspace.
    const hedy = await newPerson(browser, server.fixture.user('Hedy', 'editor'))
    await openDoc(ada.page, server.url, docId)
    await typeAtEnd(ada.page, '\nWarm up the learning rate for a while.')
    await select(ada.page, 'learning')
    const bubble = ada.page.getByTestId('comment-bubble')
    await bubble.waitFor()
    await ada.page.screenshot({ path: shotPath('comments-bubble-light') })
    await ada.page.emulateMedia({ colorScheme: 'dark' })
    await ada.page.screenshot({ path: shotPath('comments-bubble-dark') })
    await ada.page.emulateMedia({ colorScheme: 'light' })
    await bubble.getByRole('button', { name: 'Comment' }).click()
    const draft = ada.page.getByTestId('comment-draft')
    await expect.poll(() => draft.locator('.cthread__quote').innerText()).toBe('learning')
    await expect.poll(() => bubble.count()).toBe(0)
    await draft.locator('textarea').pressSequentially('How long, @He')
    const pick = ada.page.getByTestId('comment-autocomplete')
    await expect.poll(() => pick.getByRole('option').allInnerTexts()).toEqual([expect.stringContaining('Hedy')])
    await ada.page.screenshot({ path: shotPath('comments-autocomplete-light') })
    await ada.page.emulateMedia({ colorScheme: 'dark' })
    await ada.page.screenshot({ path: shotPath('comments-autocomplete-dark') })
    await ada.page.emulateMedia({ colorScheme: 'light' })
    await ada.page.keyboard.press('Enter')
    await expect.poll(() => pick.count()).toBe(0)
    await ada.page.keyboard.type('?')
    expect(await draft.locator('textarea').inputValue()).toMatch(/^How long, @\[Hedy\]\(user:[\w-]+\) \?$/)
    await draft.locator('button[type="submit"]').click()
    await expect.poll(() => thread(ada.page, 'How long').locator('.cthread__mention').innerText(), { timeout: 10_000 }).toBe('@Hedy')
    await openDoc(hedy.page, server.url, docId)
    await expect.poll(() => thread(hedy.page, 'How long').locator('.cthread__mention').innerText(), { timeout: 15_000 }).toBe('@Hedy')

    // A commenter's document is read-only, yet selecting a word offers the bubble.
    const cora = await newPerson(browser, server.fixture.user('Cora', 'commenter'))
    await openDoc(cora.page, server.url, docId)
    await waitForText(cora.page, 'for a while')
    await select(cora.page, 'while')
    await cora.page.getByTestId('comment-bubble').getByRole('button', { name: 'Comment' }).click()
    await expect.poll(() => cora.page.getByTestId('comment-draft').locator('.cthread__quote').innerText()).toBe('while')
    console.log(`screenshots: ${['bubble-light', 'bubble-dark', 'autocomplete-light', 'autocomplete-dark'].map((n) => shotPath(`comments-${n}`)).join(' ')}`)
    await Promise.all([ada.context.close(), hedy.context.close(), cora.context.close()])
  })

  it('following a single task from its fields panel: Follow, then Following, as the server records it', async () => {
    const docId = await newDoc('Follow a task')
    const res = await fetch(`${server.url}/api/docs/${docId}/tasks`, {
      method: 'POST',
      headers: { cookie: server.fixture.owner.cookie, 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ title: 'Tune the warmup' }),
    })
    expect(res.status).toBe(201)
    const taskId = ((await res.json()) as { id: string }).id
    const ada = await newPerson(browser, server.fixture.user('Ada', 'editor'))
    await openDoc(ada.page, server.url, docId)
    const block = ada.page.locator('[data-testid="task-block"]', { hasText: 'Tune the warmup' })
    await block.getByTestId('task-pill').click()
    const follow = block.getByTestId('task-follow')
    await expect.poll(() => follow.innerText(), { timeout: 10_000 }).toBe('Follow')
    await follow.click()
    await expect.poll(() => follow.innerText()).toContain('Following')
    await ada.page.screenshot({ path: shotPath('comments-task-follow') })
    const following = await ada.page.evaluate((id) => fetch(`/api/tasks/${id}/follow`).then((r) => r.json()), taskId)
    expect(following).toEqual({ following: true })
    await follow.click()
    await expect.poll(() => follow.innerText()).toBe('Follow')
    await ada.context.close()
  })

  it('a comment made offline shows as not sent, and reaches the other window once back online', async () => {
    const docId = await newDoc('Offline review')
    const ada = await newPerson(browser, server.fixture.user('Ada', 'editor'))
    const grace = await newPerson(browser, server.fixture.user('Grace', 'editor'))
    await openDoc(ada.page, server.url, docId)
    await typeAtEnd(ada.page, '\nCalibrate on the dev set first.')
    await openDoc(grace.page, server.url, docId)
    await waitForText(grace.page, 'dev set first')
    await ada.context.setOffline(true)
    await comment(ada.page, 'dev set', 'Which dev set?')
    await thread(ada.page, 'Which dev set?').getByText('Not sent yet').waitFor({ timeout: 10_000 })
    await new Promise((r) => setTimeout(r, 500))
    expect(await thread(grace.page, 'Which dev set?').count()).toBe(0)
    await ada.context.setOffline(false)
    await thread(grace.page, 'Which dev set?').waitFor({ timeout: 20_000 })
    await expect.poll(() => editor(grace.page).locator('.comment-highlight').innerText(), { timeout: 10_000 }).toBe('dev set')
    await expect.poll(() => thread(ada.page, 'Which dev set?').getByText('Not sent yet').count(), { timeout: 10_000 }).toBe(0)
    await Promise.all([ada.context.close(), grace.context.close()])
  })
})
