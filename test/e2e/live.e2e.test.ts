// Over 300 lines on purpose (issue #18): one suite, because every case shares the child server, the fault proxy in front
// of it and the Chromium set up once in beforeAll; split, each file would start its own.
import path from 'node:path'
import Database from 'better-sqlite3'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ChildServer, startChildServer } from '../../server/test/child-server.ts'
import { tempDir } from '../../server/test/harness.ts'
import { hashPassword } from '../../server/auth/secrets.ts'
import { badge, editor, editorText, openDoc, signIn, typeAtEnd, waitForBadge, waitForText } from './app.ts'
import { launchBrowser, newPerson, shotPath, untilServiceWorkerControls } from './browser.ts'
import { FaultProxy } from './proxy.ts'

const repoRoot = path.resolve(import.meta.dirname, '..', '..')
let docCounter = 0
const freshDoc = () => `e2e-${process.pid}-${++docCounter}`
const PASSWORD = 'correct horse battery staple'

describe('live documents in Chromium', () => {
  let browser: Browser
  let server: ChildServer
  let proxy: FaultProxy
  let base: string
  const data = tempDir()
  const serverEnv = { KEEL_DATA_DIR: data.dir, KEEL_STATIC_DIR: path.join(repoRoot, 'dist', 'client'), KEEL_ALLOWED_ORIGINS: '' }

  beforeAll(async () => {
    // The browser talks to the proxy's port: that origin is configured, as a real proxy's would be.
    proxy = new FaultProxy(0)
    base = `http://127.0.0.1:${await proxy.listen()}`
    serverEnv.KEEL_ALLOWED_ORIGINS = base
    server = await startChildServer(serverEnv)
    proxy.retarget(server.port)
    browser = await launchBrowser()
  })

  /** Two editors of the fixture workspace, signed in by cookie, and a document of its project. */
  function people(): { docId: string; adaUser: { id: string; cookie: string }; graceUser: { id: string; cookie: string } } {
    const docId = server.fixture.ensureDoc(freshDoc())
    return { docId, adaUser: server.fixture.user('Ada', 'editor'), graceUser: server.fixture.user('Grace', 'editor') }
  }

  /** What the server stored, read with the owner's session. */
  async function storedContent(docId: string): Promise<string> {
    const res = await fetch(`${server.url}/api/docs/${docId}/content`, { headers: { cookie: server.fixture.owner.cookie } })
    expect(res.status).toBe(200)
    return JSON.stringify(((await res.json()) as { content: unknown }).content)
  }
  afterAll(async () => {
    await browser?.close()
    await proxy?.close()
    await server?.stop()
    data.cleanup()
  })

  it("typing in one window appears in the other, with the writer's caret and name", async () => {
    const { docId, adaUser, graceUser } = people()
    const ada = await newPerson(browser, adaUser)
    const grace = await newPerson(browser, graceUser)
    await openDoc(ada.page, base, docId)
    await openDoc(grace.page, base, docId)
    await typeAtEnd(ada.page, 'Training data frozen at v3.')
    await waitForText(grace.page, 'Training data frozen at v3.')
    // Ada's caret, labelled with her name, is drawn in Grace's editor.
    const label = grace.page.locator('.collaboration-carets__label', { hasText: 'Ada' })
    await label.waitFor({ state: 'visible', timeout: 10_000 })
    await waitForBadge(ada.page, 'online', 0)
    // The words follow the acknowledgement after a short settle (ConnectionBadge SETTLE_MS).
    await expect.poll(async () => (await badge(ada.page)).text).toContain('All changes saved')
    await expect.poll(() => grace.page.locator('[data-testid="presence-avatar"]').count()).toBeGreaterThanOrEqual(2)
    await grace.page.screenshot({ path: shotPath('live-two-windows') })
    await Promise.all([ada.context.close(), grace.context.close()])
  })

  it('a real socket drop, edits on both sides, then reconnect: both converge and all is saved', async () => {
    const { docId, adaUser, graceUser } = people()
    const ada = await newPerson(browser, adaUser)
    const grace = await newPerson(browser, graceUser)
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
    const { docId, adaUser, graceUser } = people()
    const ada = await newPerson(browser, adaUser)
    await openDoc(ada.page, base, docId)
    await typeAtEnd(ada.page, 'Written online. ')
    await waitForBadge(ada.page, 'online', 0)
    // The service worker must control the page before the network goes away.
    await untilServiceWorkerControls(ada.page)

    await ada.context.setOffline(true)
    proxy.refuse() // setOffline does not close an open WebSocket; this does
    await ada.page.reload()
    await editor(ada.page).waitFor({ state: 'visible', timeout: 20_000 })
    await waitForText(ada.page, 'Written online.')
    const typedAt = Date.now()
    await typeAtEnd(ada.page, 'Written offline after a reload.')
    await waitForBadge(ada.page, 'offline')
    expect(Number((await badge(ada.page)).unsaved)).toBeGreaterThan(0)
    await ada.page.screenshot({ path: shotPath('offline-after-reload') })

    // A second reload, still offline: the edit is still there and still counted as unsaved.
    await ada.page.reload()
    await waitForText(ada.page, 'Written offline after a reload.')
    expect(Number((await badge(ada.page)).unsaved)).toBeGreaterThan(0)

    const backAt = Date.now()
    proxy.accept()
    await ada.context.setOffline(false)
    await waitForBadge(ada.page, 'online', 0, 30_000)
    // Once saved, the client tells the server when the offline edits were made (for history).
    const db = new Database(path.join(data.dir, 'keel.db'), { readonly: true })
    const times = () =>
      db.prepare('SELECT min(edited_from) AS f, max(edited_to) AS t FROM edit_times WHERE doc_id = ? AND user_id = ?').get(docId, adaUser.id) as {
        f: number | null
        t: number | null
      }
    await expect.poll(() => times().f, { timeout: 10_000 }).not.toBeNull()
    expect(times().f!).toBeGreaterThanOrEqual(typedAt - 1000)
    expect(times().t!).toBeLessThanOrEqual(backAt + 1000)
    db.close()
    const grace = await newPerson(browser, graceUser)
    await openDoc(grace.page, base, docId)
    await waitForText(grace.page, 'Written offline after a reload.')
    await Promise.all([ada.context.close(), grace.context.close()])
  })

  it('a server restart while both type loses nothing', async () => {
    const { docId, adaUser, graceUser } = people()
    const ada = await newPerson(browser, adaUser)
    const grace = await newPerson(browser, graceUser)
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
    const stored = await storedContent(docId)
    expect(stored).toContain(adaText)
    expect(stored).toContain(graceText)
    await Promise.all([ada.context.close(), grace.context.close()])
  })
  it('sign in, open a document; a viewer in a second browser sees live edits and cannot type', async () => {
    const docId = server.fixture.ensureDoc(freshDoc())
    const owner = server.fixture.owner
    server.fixture.accounts.setPassword(owner.id, await hashPassword(PASSWORD))

    // The owner opens the document signed out, is sent to sign in, and comes back to it.
    const ann = await newPerson(browser)
    await signIn(ann.page, base, owner.email, PASSWORD, `/d/${docId}`)
    expect(new URL(ann.page.url()).pathname).toBe(`/d/${docId}`)
    await editor(ann.page).waitFor({ state: 'visible', timeout: 20_000 })
    await typeAtEnd(ann.page, 'Owner writes the first line.')
    await waitForBadge(ann.page, 'online', 0)
    expect(await ann.page.locator('[data-testid="read-only-badge"]').count()).toBe(0)

    const vera = await newPerson(browser, server.fixture.user('Vera', 'viewer'))
    await openDoc(vera.page, base, docId)
    await waitForText(vera.page, 'Owner writes the first line.')
    await vera.page.locator('[data-testid="read-only-badge"]').waitFor({ state: 'visible' })
    expect(await vera.page.locator('[data-testid="read-only-badge"]').innerText()).toContain('View only')
    expect(await editor(vera.page).getAttribute('contenteditable')).toBe('false')

    // Live: the owner keeps writing and the viewer sees it arrive.
    await typeAtEnd(ann.page, ' And a second sentence, live.')
    await waitForText(vera.page, 'And a second sentence, live.')
    await waitForBadge(ann.page, 'online', 0)
    const before = await editorText(vera.page)
    const storedBefore = await storedContent(docId)
    await vera.page.screenshot({ path: shotPath('doc-read-only') })

    // The viewer tries: click, type, Enter, Backspace, paste-ish shortcuts. Nothing changes.
    await editor(vera.page).click()
    await vera.page.keyboard.press('Control+End')
    await vera.page.keyboard.type('Vera was here', { delay: 5 })
    await vera.page.keyboard.press('Enter')
    await vera.page.keyboard.press('Backspace')
    await vera.page.keyboard.press('Control+a')
    await vera.page.keyboard.press('Delete')
    await new Promise((r) => setTimeout(r, 600))
    expect(await editorText(vera.page)).toBe(before)
    expect(await editorText(ann.page)).toBe(before)
    expect(await storedContent(docId)).toBe(storedBefore)
    expect(storedBefore).not.toContain('Vera was here')
    // Still connected (no 4403), with nothing of hers waiting to be saved.
    await waitForBadge(vera.page, 'online', 0)
    await Promise.all([ann.context.close(), vera.context.close()])
  })

  it('a document that is not shared with you says so, and signing out leads to the sign-in page', async () => {
    const docId = server.fixture.ensureDoc(freshDoc())
    // Olga belongs to another workspace only: the document is not hers to see.
    const other = server.fixture.directory.createWorkspace('Elsewhere', server.fixture.owner.id)
    const olga = await newPerson(browser, server.fixture.user('Olga', 'editor', { workspaceId: other.id }))
    await olga.page.goto(`${base}/d/${docId}`)
    await olga.page.locator('[data-testid="doc-unavailable"]').waitFor({ state: 'visible', timeout: 15_000 })
    expect(await olga.page.locator('[data-testid="doc-unavailable"]').innerText()).toContain("doesn't exist or isn't shared with you")
    // No workspace is this page's: the switcher does not pretend one is called "Workspaces".
    expect(await olga.page.getByTestId('workspace-switcher').innerText()).toBe('Your workspaces')
    await olga.page.screenshot({ path: shotPath('doc-unavailable') })

    await olga.page.getByTestId('user-menu').click()
    await olga.page.getByTestId('sign-out').click()
    await olga.page.waitForURL((url) => url.pathname === '/sign-in')
    await olga.page.goto(`${base}/w/${server.fixture.workspaceId}`)
    await olga.page.waitForURL((url) => url.pathname === '/sign-in' && url.searchParams.get('next') === `/w/${server.fixture.workspaceId}`)
    await olga.page.getByLabel('Email').fill('olga@nowhere.test')
    await olga.page.getByLabel('Password').fill('not the password')
    await olga.page.getByRole('button', { name: 'Sign in' }).click()
    await olga.page.getByTestId('sign-in-error').waitFor({ state: 'visible' })
    expect(await olga.page.getByTestId('sign-in-error').innerText()).toContain('don’t match')
    await olga.page.screenshot({ path: shotPath('sign-in-error') })
    await olga.context.close()
  })

  it('an open document reacts to the server: demoted to viewer goes read-only, removed says so, signed out goes to sign-in', async () => {
    const docId = server.fixture.ensureDoc(freshDoc())
    const fx = server.fixture
    const bob = fx.user('Bob', 'editor')
    const page = (await newPerson(browser, bob)).page
    await openDoc(page, base, docId)
    await waitForBadge(page, 'online', 0)
    expect(await editor(page).getAttribute('contenteditable')).toBe('true')
    const asOwner = (method: string, path: string, body?: unknown) =>
      fetch(`${server.url}${path}`, {
        method,
        headers: { cookie: fx.owner.cookie, origin: server.url, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : null,
      })

    // 4511 (access changed): the socket reconnects and the page asks for the role again.
    expect((await asOwner('PUT', `/api/workspaces/${fx.workspaceId}/members/${bob.id}`, { role: 'viewer' })).status).toBe(200)
    await page.locator('[data-testid="read-only-badge"]').waitFor({ state: 'visible', timeout: 15_000 })
    await page.waitForFunction(() => document.querySelector('[data-testid="editor"] .ProseMirror')?.getAttribute('contenteditable') === 'false')
    await waitForBadge(page, 'online', 0)

    // Removed from the workspace: the reconnect is refused with 4404, and the page says so.
    expect((await asOwner('DELETE', `/api/workspaces/${fx.workspaceId}/members/${bob.id}`)).status).toBe(200)
    await page.locator('[data-testid="doc-unavailable"]').waitFor({ state: 'visible', timeout: 15_000 })

    // Signed out elsewhere (4401 on a live socket): straight to sign-in, coming back here after.
    const cara = fx.user('Cara', 'editor')
    const carasPage = (await newPerson(browser, cara)).page
    await openDoc(carasPage, base, docId)
    await waitForBadge(carasPage, 'online', 0)
    const out = await fetch(`${server.url}/api/auth/sign-out`, { method: 'POST', headers: { cookie: cara.cookie, origin: server.url } })
    expect(out.status).toBe(200)
    await carasPage.waitForURL((url) => url.pathname === '/sign-in' && url.searchParams.get('next') === `/d/${docId}`, { timeout: 15_000 })
    await Promise.all([page.context().close(), carasPage.context().close()])
  })

  it('workspace home: projects, members, an invite link someone uses, an API token shown once', async () => {
    const fx = server.fixture
    // A workspace of its own, so the page shows what a team would see.
    const ws = fx.directory.createWorkspace('Recommendations', fx.owner.id)
    const churn = fx.directory.createProject(ws.id, 'Churn model v3')
    fx.directory.createProject(ws.id, 'Ranking experiments')
    fx.user('Grace Hopper', 'editor', { workspaceId: ws.id })
    fx.user('Katherine Johnson', 'commenter', { workspaceId: ws.id })
    fx.user('Alan Turing', 'viewer', { workspaceId: ws.id })
    for (const title of ['Feature store migration plan', 'Eval results: March holdout', 'Labelling guidelines']) {
      const res = await fetch(`${server.url}/api/projects/${churn.id}/docs`, {
        method: 'POST',
        headers: { cookie: fx.owner.cookie, origin: server.url, 'content-type': 'application/json' },
        body: JSON.stringify({ title }),
      })
      expect(res.status).toBe(201)
    }

    const owner = await newPerson(browser, fx.owner)
    await owner.page.goto(`${base}/w/${ws.id}`)
    await owner.page.getByTestId('members-section').getByTestId('member-row').nth(3).waitFor()
    await owner.page.getByTestId('project-link').nth(1).waitFor()
    await owner.page.getByTestId('tokens-section').locator('.skeleton__line').waitFor({ state: 'detached' })
    await owner.page.screenshot({ path: shotPath('workspace-home') })

    await owner.page.getByTestId('workspace-switcher').click()
    await owner.page.getByRole('menu').waitFor()
    await owner.page.screenshot({ path: shotPath('workspace-switcher') })
    await owner.page.keyboard.press('Escape')

    // An invite link for a commenter.
    await owner.page.getByTestId('invite-role').selectOption('commenter')
    await owner.page.getByTestId('create-invite').click()
    const inviteUrl = await owner.page.getByTestId('invite-url').inputValue()
    expect(inviteUrl).toMatch(/\/invite\//)

    // A token: its secret is shown once, with a copy button, and it works.
    await owner.page.getByTestId('token-name').fill('Nightly eval script')
    await owner.page.getByTestId('token-scope').selectOption('write')
    await owner.page.getByTestId('create-token').click()
    const secret = await owner.page.getByTestId('token-secret').inputValue()
    expect(secret.length).toBeGreaterThan(20)
    expect(await owner.page.getByTestId('token-created').innerText()).toContain('shown only once')
    const me = await fetch(`${server.url}/api/auth/me`, { headers: { authorization: `Bearer ${secret}` } })
    expect(me.status).toBe(200)
    await owner.page.getByTestId('invites-section').scrollIntoViewIfNeeded()
    await owner.page.evaluate(() => document.querySelector('[data-testid="invites-section"]')?.scrollIntoView({ block: 'start' }))
    await owner.page.mouse.wheel(0, -70)
    await owner.page.screenshot({ path: shotPath('workspace-invites-tokens') })

    // Someone new opens the invite, makes an account, and lands in the workspace.
    const cleo = await newPerson(browser)
    await cleo.page.goto(`${base}${new URL(inviteUrl).pathname}`)
    await cleo.page.getByTestId('invite').waitFor()
    expect(await cleo.page.getByTestId('invite').innerText()).toContain('as a commenter')
    await cleo.page.screenshot({ path: shotPath('invite-sign-up') })
    await cleo.page.getByLabel('Your name').fill('Cleo Park')
    await cleo.page.getByLabel('Email').fill(`cleo-${process.pid}@keel.test`)
    await cleo.page.getByLabel('Password').fill(PASSWORD)
    await cleo.page.getByRole('button', { name: 'Create account and join' }).click()
    await cleo.page.waitForURL((url) => url.pathname === `/w/${ws.id}`)
    await cleo.page.getByText('Churn model v3').click()
    await cleo.page.waitForURL((url) => url.pathname === `/w/${ws.id}/p/${churn.id}`)
    await cleo.page.getByTestId('tree-item').nth(2).waitFor()
    expect(await cleo.page.getByTestId('new-document').count()).toBe(0) // commenters do not create documents

    // The owner's project page, and a new document from it.
    await owner.page.getByText('Churn model v3').click()
    await owner.page.getByTestId('tree-item').nth(2).waitFor()
    await owner.page.screenshot({ path: shotPath('project-page') })
    await owner.page.getByTestId('new-document').click()
    await owner.page.getByTestId('template-blank').click()
    await owner.page.waitForURL((url) => url.pathname.startsWith('/d/'))
    await editor(owner.page).waitFor({ state: 'visible', timeout: 20_000 })
    expect(await owner.page.getByRole('navigation', { name: 'Breadcrumb' }).innerText()).toContain('Churn model v3')
    await Promise.all([owner.context.close(), cleo.context.close()])
  })

  it('a user who signed in with the one-time link is asked to choose a password', async () => {
    const fresh = server.fixture.user('Nadia', 'owner')
    const nadia = await newPerson(browser, fresh)
    await nadia.page.goto(`${base}/settings/account?welcome=1`)
    await nadia.page.getByTestId('welcome-banner').waitFor()
    await nadia.page.screenshot({ path: shotPath('account-welcome') })
    await nadia.page.getByLabel('Password').fill(PASSWORD)
    await nadia.page.getByRole('button', { name: 'Set password' }).click()
    await nadia.page.getByText('Password set.').waitFor()
    expect(await nadia.page.getByTestId('welcome-banner').count()).toBe(0)
    const res = await fetch(`${server.url}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: fresh.email, password: PASSWORD }),
    })
    expect(res.status).toBe(200)
    await nadia.context.close()
  })
})
