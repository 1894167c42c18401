import { describe, expect, it } from 'vitest'
import { isSwitcherKey, moveSelection } from './list-keys.ts'

describe('moveSelection', () => {
  it('moves down and up, wrapping at both ends', () => {
    expect(moveSelection(0, 3, 'ArrowDown')).toBe(1)
    expect(moveSelection(2, 3, 'ArrowDown')).toBe(0)
    expect(moveSelection(0, 3, 'ArrowUp')).toBe(2)
  })
  it('jumps with Home and End, and clamps when the list shrinks', () => {
    expect(moveSelection(1, 3, 'End')).toBe(2)
    expect(moveSelection(2, 3, 'Home')).toBe(0)
    expect(moveSelection(5, 2, 'x')).toBe(1)
    expect(moveSelection(3, 0, 'ArrowDown')).toBe(0)
  })
})

describe('isSwitcherKey', () => {
  const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }>) => ({
    key: k,
    ctrlKey: false,
    metaKey: false,
    shiftKey: false,
    altKey: false,
    ...mods,
  })
  it('is Ctrl+K or Cmd+K only', () => {
    expect(isSwitcherKey(key('k', { ctrlKey: true }))).toBe(true)
    expect(isSwitcherKey(key('k', { metaKey: true }))).toBe(true)
    expect(isSwitcherKey(key('k', {}))).toBe(false)
    expect(isSwitcherKey(key('k', { ctrlKey: true, shiftKey: true }))).toBe(false)
    expect(isSwitcherKey(key('j', { ctrlKey: true }))).toBe(false)
  })
})
