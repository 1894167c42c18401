import type { Page } from 'playwright-core'

/** User-level helpers: what a person does and sees in a document, not how the app is built. */

/**
 * Signs in through the real form. Opening `next` signed out lands on `/sign-in?next=…`; after
 * signing in, the app goes back to `next`.
 */
export async function signIn(page: Page, base: string, email: string, password: string, next = '/'): Promise<void> {
  await page.goto(`${base}${next}`)
  await page.waitForURL((url) => url.pathname === '/sign-in', { timeout: 15_000 })
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.waitForURL((url) => url.pathname !== '/sign-in', { timeout: 15_000 })
}

export async function openDoc(page: Page, base: string, docId: string): Promise<void> {
  await page.goto(`${base}/d/${docId}`)
  await page.locator('[data-testid="editor"] .ProseMirror').waitFor({ state: 'visible', timeout: 20_000 })
}

export const editor = (page: Page) => page.locator('[data-testid="editor"] .ProseMirror')

/** Clicks at the end of the document and types like a person (key by key). */
export async function typeAtEnd(page: Page, text: string, delay = 5): Promise<void> {
  await editor(page).click()
  await page.keyboard.press('Control+End')
  await page.keyboard.type(text, { delay })
}

/** The document's text, one line per block, without other people's caret labels. */
export async function editorText(page: Page): Promise<string> {
  return editor(page).evaluate((root) => {
    const clone = root.cloneNode(true) as HTMLElement
    clone.querySelectorAll('.collaboration-carets__caret').forEach((c) => c.remove())
    return [...clone.children].map((block) => block.textContent ?? '').join('\n')
  })
}

export async function waitForText(page: Page, needle: string, timeout = 15_000): Promise<void> {
  await page.waitForFunction((n) => document.querySelector('[data-testid="editor"] .ProseMirror')?.textContent?.includes(n) ?? false, needle, { timeout })
}

/** Waits until the connection badge says `status` (online, offline, connecting) with `unsaved` pending. */
export async function waitForBadge(page: Page, status: string, unsaved?: number, timeout = 20_000): Promise<void> {
  await page.waitForFunction(
    ([s, u]) => {
      const el = document.querySelector('[data-testid="connection-badge"]')
      return el?.getAttribute('data-status') === s && (u === null || el?.getAttribute('data-unsaved') === String(u))
    },
    [status, unsaved ?? null] as const,
    { timeout },
  )
}

export async function badge(page: Page): Promise<{ status: string | null; unsaved: string | null; text: string }> {
  const el = page.locator('[data-testid="connection-badge"]')
  return { status: await el.getAttribute('data-status'), unsaved: await el.getAttribute('data-unsaved'), text: await el.innerText() }
}
