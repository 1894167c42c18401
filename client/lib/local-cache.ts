/**
 * What the app remembers in localStorage so a document opens with no network: who you are and,
 * per document, its last known metadata (your role included). Never secrets: the session cookie
 * is httpOnly and stays out of reach.
 */
const PREFIX = 'keel:'

export function readCache<T>(key: string, isValid: (value: unknown) => value is T): T | null {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(PREFIX + key) ?? 'null')
    return isValid(value) ? value : null
  } catch {
    return null
  }
}

export function writeCache(key: string, value: unknown): void {
  try {
    localStorage.setItem(PREFIX + key, JSON.stringify(value))
  } catch {
    // storage full or disabled: the app still works online
  }
}

/** Forgets cached identities and document metadata (on sign-out). Unsent edits stay in IndexedDB. */
export function clearCaches(prefixes: readonly string[]): void {
  try {
    const doomed: string[] = []
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i)
      if (key !== null && prefixes.some((p) => key.startsWith(PREFIX + p))) doomed.push(key)
    }
    doomed.forEach((key) => localStorage.removeItem(key))
  } catch {
    // nothing to clear
  }
}
