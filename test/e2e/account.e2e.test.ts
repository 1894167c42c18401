import path from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashPassword } from '../../server/auth/secrets.ts'
import { pendingMail } from '../../server/cli/outbox.ts'
import { type ChildServer, startChildServer } from '../../server/test/child-server.ts'
import { tempDir } from '../../server/test/harness.ts'
import { signIn } from './app.ts'
import { launchBrowser, newPerson, shotPath } from './browser.ts'

const repoRoot = path.resolve(import.meta.dirname, '..', '..')
const OLD = 'an old but long passphrase'
const NEW = 'paper lantern at dusk'

/** The account page's sessions, password rule and "sign out everywhere"; the owners' audit log; password reset. */
describe('account security in Chromium', () => {
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

  it('lists sessions, explains the password rule, ends other sessions on a change, and signs out everywhere', async () => {
    const { fixture } = server
    const owner = fixture.owner
    fixture.accounts.setPassword(owner.id, await hashPassword(OLD))
    const elsewhere = fixture.sessionCookie(owner.id)
    const person = await newPerson(browser)
    const page = person.page
    await signIn(page, server.url, owner.email, OLD, '/settings/account')
    await page.getByTestId('sessions-section').waitFor()
    await page.getByTestId('session-row').nth(2).waitFor()
    expect(await page.getByTestId('session-row').count()).toBe(3)
    expect(await page.getByTestId('sessions-section').innerText()).toContain('This device')

    // The rule is written under the field, and so is why the button waits.
    const hint = page.getByTestId('password-hint')
    expect(await hint.innerText()).toContain('At least 12 characters')
    await page.getByLabel('Current password').fill(OLD)
    await page.getByLabel('New password').fill('too short')
    expect(await hint.innerText()).toContain('Use at least 12 characters (9 so far)')
    expect(await page.getByRole('button', { name: 'Change password' }).isDisabled()).toBe(true)
    await page.getByLabel('New password').fill('qwertyuiopasdf')
    expect(await hint.innerText()).toContain('most common passwords')
    await page.getByLabel('New password').fill(NEW)
    expect(await page.getByRole('button', { name: 'Change password' }).isDisabled()).toBe(false)
    await page.screenshot({ path: shotPath('account-sessions') })
    await page.getByRole('button', { name: 'Change password' }).click()
    await page.getByText('Your other sessions were signed out.').waitFor()
    expect((await fetch(`${server.url}/api/auth/me`, { headers: { cookie: elsewhere } })).status).toBe(401)

    // The owner's audit log shows the sign-in and the change.
    const ws = fixture.workspaceId
    await page.goto(`${server.url}/w/${ws}`)
    await page.getByTestId('audit-row').first().waitFor()
    const log = await page.getByTestId('audit-section').innerText()
    expect(log).toContain('changed password')
    expect(log).toContain('signed in')

    // Sign out everywhere: back at the sign-in page, and the session is gone on the server too.
    await page.goto(`${server.url}/settings/account`)
    page.once('dialog', (d) => void d.accept())
    await page.getByTestId('sign-out-everywhere').click()
    await page.waitForURL((url) => url.pathname === '/sign-in', { timeout: 15_000 })
    expect(fixture.accounts.sessionsOf(owner.id)).toHaveLength(0)
    await person.context.close()
  })

  it('an owner brings back a page deleted for good, from the workspace page', async () => {
    const { fixture } = server
    // A fresh session: the test above signed the owner out everywhere.
    const owner = { ...fixture.owner, cookie: fixture.sessionCookie(fixture.owner.id) }
    const write = (method: string, path: string, body: unknown = {}) =>
      fetch(`${server.url}${path}`, {
        method,
        headers: { cookie: owner.cookie, origin: server.url, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    const created = (await (await write('POST', `/api/projects/${fixture.projectId}/docs`, { title: 'Feature store runbook' })).json()) as { id: string }
    expect((await write('POST', `/api/docs/${created.id}/archive`)).status).toBe(200)
    expect((await write('DELETE', `/api/docs/${created.id}`)).status).toBe(200)
    expect((await fetch(`${server.url}/api/docs/${created.id}`, { headers: { cookie: owner.cookie } })).status).toBe(404)

    const person = await newPerson(browser, owner)
    const page = person.page
    await page.goto(`${server.url}/w/${fixture.workspaceId}`)
    const row = page.getByTestId('deleted-row').filter({ hasText: 'Feature store runbook' })
    await row.waitFor()
    expect(await row.innerText()).toContain('erased after')
    await page.getByTestId('deleted-section').screenshot({ path: shotPath('deleted-pages') })
    await row.getByRole('button', { name: 'Restore' }).click()
    await page.getByText('“Feature store runbook” is back').waitFor()
    expect((await fetch(`${server.url}/api/docs/${created.id}`, { headers: { cookie: owner.cookie } })).status).toBe(200)
    await person.context.close()
  })

  it('forgot password: ask on the sign-in page, take the link from the outbox, choose a new password, signed in and every old session ended', async () => {
    const { fixture } = server
    const pat = fixture.user('Pat', 'editor')
    fixture.accounts.setPassword(pat.id, await hashPassword(OLD))
    const laptop = fixture.sessionCookie(pat.id)

    // An owner's way, for teams without email: Members → Reset password → a link to copy.
    const owner = await newPerson(browser, { cookie: fixture.sessionCookie(fixture.owner.id) })
    await owner.page.goto(`${server.url}/w/${fixture.workspaceId}`)
    const row = owner.page.locator(`[data-testid="member-row"][data-email="${pat.email}"]`)
    await row.getByTestId('member-reset-password').click()
    const issued = await row.getByTestId('member-reset-url').inputValue()
    expect(issued).toMatch(/\/reset-password#kr_/)
    await owner.page.getByTestId('members-section').screenshot({ path: shotPath('reset-members-action') })
    await owner.context.close()

    // The member's own way.
    const person = await newPerson(browser)
    const page = person.page
    await page.goto(`${server.url}/sign-in`)
    await page.getByLabel('Email').fill(pat.email)
    await page.getByTestId('forgot-password').click()
    await page.getByTestId('forgot-password').waitFor()
    expect(await page.getByLabel('Email').inputValue()).toBe(pat.email)
    await page.screenshot({ path: shotPath('reset-forgot-form') })
    await page.getByRole('button', { name: 'Send reset link' }).click()
    await page.getByTestId('forgot-password-sent').waitFor()
    expect(await page.getByTestId('forgot-password-sent').innerText()).toContain('If ' + pat.email + ' has a Keel account')

    // What the operator reads with `npm run keel -- outbox` (no SMTP configured).
    const mail = pendingMail({ ...process.env, KEEL_DATA_DIR: data.dir }).filter((m) => m.recipient === pat.email)
    expect(mail).toHaveLength(1)
    const link = /(http\S+\/reset-password#\S+)/.exec(mail[0]!.body)![1]!
    await page.goto(link)
    await page.getByTestId('reset-password').waitFor()
    expect(await page.getByRole('heading').innerText()).toBe('Choose a new password')
    const hint = page.getByTestId('password-hint')
    expect(await hint.innerText()).toContain('At least 12 characters')
    await page.getByLabel('New password').fill('too short')
    expect(await hint.innerText()).toContain('Use at least 12 characters (9 so far)')
    expect(await page.getByRole('button', { name: 'Set password and sign in' }).isDisabled()).toBe(true)
    await page.getByLabel('New password').fill(NEW)
    await page.screenshot({ path: shotPath('reset-choose-password') })
    await page.getByRole('button', { name: 'Set password and sign in' }).click()
    await page.waitForURL((url) => url.pathname !== '/reset-password' && url.pathname !== '/sign-in', { timeout: 15_000 })
    expect(await page.evaluate(async () => ((await (await fetch('/api/auth/me')).json()) as { user: { email: string } }).user.email)).toBe(pat.email)

    // Every earlier session of the account is over; the owner's link died with the reset; the link works once.
    for (const cookie of [pat.cookie, laptop]) expect((await fetch(`${server.url}/api/auth/me`, { headers: { cookie } })).status).toBe(401)
    await page.goto(issued.replace(/^http:\/\/[^/]+/, new URL(link).origin))
    await page.getByTestId('reset-password-invalid').waitFor()
    expect(await page.getByTestId('reset-password-invalid').innerText()).toContain('already used')
    await person.context.close()
  })
})
