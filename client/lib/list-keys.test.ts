import { describe, expect, it } from 'vitest'
import { isEditableTarget, isHelpKey, isSwitcherKey, moveSelection } from './list-keys.ts'

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

describe('the keyboard help key', () => {
  const el = (tagName: string, extra: Record<string, unknown> = {}) => ({ tagName, isContentEditable: false, ...extra }) as unknown as EventTarget
  const help = (target: EventTarget | null, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}, key = '?') =>
    isHelpKey({ key, ctrlKey: false, metaKey: false, altKey: false, target, ...mods })

  it('"?" on the page, a button or a board card opens it', () => {
    expect(help(el('BODY'))).toBe(true)
    expect(help(el('BUTTON'))).toBe(true)
    expect(help(el('ARTICLE'))).toBe(true)
    expect(help(el('INPUT', { type: 'checkbox' }))).toBe(true)
    expect(help(null)).toBe(true)
  })

  it('is a character in the editor, a text field, a text area or a select; never with Ctrl, Cmd or Alt', () => {
    expect(help(el('DIV', { isContentEditable: true }))).toBe(false)
    expect(help(el('INPUT', { type: 'text' }))).toBe(false)
    expect(help(el('INPUT', { type: 'search' }))).toBe(false)
    expect(help(el('TEXTAREA'))).toBe(false)
    expect(help(el('SELECT'))).toBe(false)
    expect(help(el('BODY'), { ctrlKey: true })).toBe(false)
    expect(help(el('BODY'), { metaKey: true })).toBe(false)
    expect(help(el('BODY'), { altKey: true })).toBe(false)
    expect(help(el('BODY'), {}, '/')).toBe(false)
    expect(isEditableTarget(el('INPUT', { type: 'date' }))).toBe(true)
  })
})
