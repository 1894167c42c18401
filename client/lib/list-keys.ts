/** Arrow keys over a result list: wraps around, and stays put on an empty list. */
export function moveSelection(current: number, count: number, key: string): number {
  if (count === 0) return 0
  if (key === 'ArrowDown') return (current + 1) % count
  if (key === 'ArrowUp') return (current - 1 + count) % count
  if (key === 'Home') return 0
  if (key === 'End') return count - 1
  return Math.min(current, count - 1)
}

/** Ctrl+K on Windows/Linux, Cmd+K on a Mac; never with Shift or Alt (other shortcuts). */
export const isSwitcherKey = (e: { key: string; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }): boolean =>
  (e.key === 'k' || e.key === 'K') && (e.ctrlKey || e.metaKey) && !e.shiftKey && !e.altKey

/** Where typing goes into the page: a "?" there is a character, never the keyboard help. */
export function isEditableTarget(target: EventTarget | null): boolean {
  const el = target as { tagName?: string; isContentEditable?: boolean; type?: string } | null
  if (!el || typeof el.tagName !== 'string') return false
  if (el.isContentEditable) return true
  const tag = el.tagName.toLowerCase()
  if (tag === 'textarea' || tag === 'select') return true
  return tag === 'input' && !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file'].includes(el.type ?? 'text')
}

/** "?" (Shift+/ on most layouts) outside an editable field opens the keyboard help. */
export const isHelpKey = (e: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean; target: EventTarget | null }): boolean =>
  e.key === '?' && !e.ctrlKey && !e.metaKey && !e.altKey && !isEditableTarget(e.target)
