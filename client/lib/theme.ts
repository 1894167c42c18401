import { useSyncExternalStore } from 'react'

/**
 * Light or dark. The preference is 'system' (follow `prefers-color-scheme`), 'light' or 'dark',
 * remembered in localStorage. It is applied as `data-theme` and `color-scheme` on <html>: the
 * palette in styles/base.css is written with `light-dark()`, so `color-scheme` alone picks the
 * colours. With no attribute at all (before this module runs) the stylesheet follows the system,
 * so a System user never sees a flash; main.tsx applies a stored choice before React renders.
 */
export type ThemePreference = 'system' | 'light' | 'dark'
export type Theme = 'light' | 'dark'

export const THEME_KEY = 'keel:theme'
export const THEME_PREFERENCES: readonly ThemePreference[] = ['system', 'light', 'dark']

/** What a stored value means; anything unknown (or nothing) is 'system'. */
export function parsePreference(value: string | null | undefined): ThemePreference {
  return value === 'light' || value === 'dark' ? value : 'system'
}

/** The theme a preference gives, given whether the system asks for dark. */
export function resolveTheme(preference: ThemePreference, systemDark: boolean): Theme {
  if (preference === 'system') return systemDark ? 'dark' : 'light'
  return preference
}

interface KeyValue {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
  removeItem(key: string): void
}

export function readPreference(storage: KeyValue | null): ThemePreference {
  try {
    return parsePreference(storage?.getItem(THEME_KEY))
  } catch {
    return 'system' // storage refused (private mode, a sandboxed frame)
  }
}

export function writePreference(storage: KeyValue | null, preference: ThemePreference): void {
  try {
    if (preference === 'system') storage?.removeItem(THEME_KEY)
    else storage?.setItem(THEME_KEY, preference)
  } catch {
    // Not remembered; the choice still holds for this tab.
  }
}

/** Sets the attributes the stylesheet reads. 'system' leaves the choice to the media query. */
export function applyTheme(root: { dataset: DOMStringMap; style: { colorScheme: string } }, preference: ThemePreference, systemDark: boolean): Theme {
  const theme = resolveTheme(preference, systemDark)
  root.dataset.theme = theme
  root.dataset.themePreference = preference
  root.style.colorScheme = theme
  return theme
}

// ---- The live preference of this tab -------------------------------------------------------

const listeners = new Set<() => void>()
let current: ThemePreference = 'system'
let theme: Theme = 'light'
let media: MediaQueryList | null = null

const storage = (): KeyValue | null => {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage
  } catch {
    return null
  }
}

const systemDark = (): boolean => media?.matches ?? false

function apply(): void {
  theme = applyTheme(document.documentElement, current, systemDark())
  for (const l of listeners) l()
}

/** Called once from main.tsx, before the first render. Follows system changes and other tabs. */
export function initTheme(): void {
  media = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null
  current = readPreference(storage())
  apply()
  media?.addEventListener('change', apply)
  window.addEventListener('storage', (event) => {
    if (event.key !== THEME_KEY && event.key !== null) return
    current = readPreference(storage())
    apply()
  })
}

export function setThemePreference(preference: ThemePreference): void {
  current = preference
  writePreference(storage(), preference)
  apply()
}

const subscribe = (l: () => void): (() => void) => {
  listeners.add(l)
  return () => listeners.delete(l)
}

export const useThemePreference = (): ThemePreference => useSyncExternalStore(subscribe, () => current)
/** The theme in effect (for canvas drawing, which CSS cannot reach). */
export const useTheme = (): Theme => useSyncExternalStore(subscribe, () => theme)
