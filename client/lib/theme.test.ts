import { describe, expect, it } from 'vitest'
import { THEME_KEY, applyTheme, parsePreference, readPreference, resolveTheme, writePreference } from './theme.ts'

const memory = () => {
  const map = new Map<string, string>()
  return {
    map,
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
    removeItem: (k: string) => void map.delete(k),
  }
}

describe('theme preference', () => {
  it('reads light and dark, and anything else as system', () => {
    expect(parsePreference('light')).toBe('light')
    expect(parsePreference('dark')).toBe('dark')
    expect(parsePreference('Dark')).toBe('system')
    expect(parsePreference(null)).toBe('system')
    expect(parsePreference(undefined)).toBe('system')
  })

  it('follows the system only when the preference is system', () => {
    expect(resolveTheme('system', true)).toBe('dark')
    expect(resolveTheme('system', false)).toBe('light')
    expect(resolveTheme('light', true)).toBe('light')
    expect(resolveTheme('dark', false)).toBe('dark')
  })

  it('remembers light and dark, and forgets on system', () => {
    const s = memory()
    writePreference(s, 'dark')
    expect(s.map.get(THEME_KEY)).toBe('dark')
    expect(readPreference(s)).toBe('dark')
    writePreference(s, 'light')
    expect(readPreference(s)).toBe('light')
    writePreference(s, 'system')
    expect(s.map.has(THEME_KEY)).toBe(false)
    expect(readPreference(s)).toBe('system')
  })

  it('survives a storage that throws', () => {
    const broken = {
      getItem: () => {
        throw new Error('denied')
      },
      setItem: () => {
        throw new Error('denied')
      },
      removeItem: () => {
        throw new Error('denied')
      },
    }
    expect(readPreference(broken)).toBe('system')
    expect(() => writePreference(broken, 'dark')).not.toThrow()
  })

  it('sets data-theme and color-scheme on the root', () => {
    const root = { dataset: {} as DOMStringMap, style: { colorScheme: '' } }
    expect(applyTheme(root, 'system', true)).toBe('dark')
    expect(root.dataset.theme).toBe('dark')
    expect(root.style.colorScheme).toBe('dark')
    applyTheme(root, 'light', true)
    expect(root.dataset.theme).toBe('light')
    expect(root.dataset.themePreference).toBe('light')
    expect(root.style.colorScheme).toBe('light')
  })
})
