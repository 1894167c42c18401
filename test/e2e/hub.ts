import type { Page } from 'playwright-core'

/** What a person does with the project sidebar, the hub and the switcher. */

export const sidebar = (page: Page) => page.getByTestId('sidebar')

/** A page's title in a tree (the sidebar's, or the hub's with `scope`). */
const exactly = (title: string): RegExp => new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`)

export const treeTitle = (page: Page, title: string, scope = '[data-testid="sidebar"]') =>
  page.locator(`${scope} [data-testid="tree-title"]`).filter({ hasText: exactly(title) })

/** The row around a page's title, for its hover actions. */
export const treeRow = (page: Page, title: string, scope = '[data-testid="sidebar"]') =>
  page.locator(`${scope} .tree-row`).filter({ has: page.locator('[data-testid="tree-title"]').filter({ hasText: exactly(title) }) })

/**
 * Renames a page in the sidebar: a double-click on its name (which also opens it), or with
 * `viaMenu` the "…" menu's Rename (which stays on the current page). Type, Enter.
 */
export async function renameInSidebar(page: Page, from: string, to: string, { viaMenu = false } = {}): Promise<void> {
  if (viaMenu) {
    await openPageMenu(page, from)
    await page.getByTestId('menu-rename').click()
  } else {
    await treeTitle(page, from).dblclick()
  }
  const input = sidebar(page).getByTestId('tree-rename')
  await input.waitFor()
  await input.fill(to)
  await input.press('Enter')
  await treeTitle(page, to).waitFor()
}

/** Opens a page's "…" menu in the sidebar. */
export async function openPageMenu(page: Page, title: string): Promise<void> {
  const row = treeRow(page, title)
  await row.hover()
  await row.getByTestId('tree-menu').click()
  await page.getByTestId('page-menu').waitFor()
}
