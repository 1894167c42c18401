import { describe, expect, it } from 'vitest'
import { mentionsOf, pageLinksOf } from '#shared/comments/body'
import { insertChoice, matchPages, moveHighlight, triggerAt } from './autocomplete.ts'
import { withMentionTokens, withPageTokens } from './mention-input.ts'

describe('triggerAt', () => {
  it('finds `@` + letters at the caret, at the start or after a space or parenthesis', () => {
    expect(triggerAt('@gr', 3)).toEqual({ kind: 'person', query: 'gr', start: 0 })
    expect(triggerAt('ask (@Gra', 9)).toEqual({ kind: 'person', query: 'Gra', start: 5 })
    expect(triggerAt('hi @', 4)).toEqual({ kind: 'person', query: '', start: 3 })
    expect(triggerAt('hi @Ana Li', 10)).toEqual({ kind: 'person', query: 'Ana Li', start: 3 })
  })
  it('ignores an email, a finished phrase and text after the caret', () => {
    expect(triggerAt('mail ana@x', 10)).toBeNull()
    expect(triggerAt('@Ana Lima said so', 17)).toBeNull()
    expect(triggerAt('@gr and more', 12)).toBeNull()
    expect(triggerAt('@grace', 3)).toEqual({ kind: 'person', query: 'gr', start: 0 })
  })
  it('finds `[[` + a title, until it is closed', () => {
    expect(triggerAt('see [[eval p', 12)).toEqual({ kind: 'page', query: 'eval p', start: 4 })
    expect(triggerAt('see [[Eval]] now', 16)).toBeNull()
  })
})

describe('matchPages', () => {
  const pages = [
    { id: 'a', title: 'Model card' },
    { id: 'b', title: 'Eval plan' },
    { id: 'c', title: 'Re-evaluation' },
    { id: 'd', title: '' },
  ]
  it('puts titles starting with the query first, then word starts, then substrings; skips untitled', () => {
    expect(matchPages(pages, 'ev').map((p) => p.id)).toEqual(['b', 'c'])
    expect(matchPages(pages, 'card').map((p) => p.id)).toEqual(['a'])
    expect(matchPages(pages, '').map((p) => p.id)).toEqual(['b', 'a', 'c'])
    expect(matchPages(pages, 'zzz')).toEqual([])
    expect(matchPages(pages, '', 1)).toHaveLength(1)
  })
})

describe('insertChoice', () => {
  it('replaces `@gr` with the mention token and a space, keeping the text after the caret', () => {
    const text = 'thanks @gr, see'
    const out = insertChoice(text, 10, triggerAt(text, 10)!, { kind: 'person', userId: 'u2', name: 'Grace Hopper' })
    expect(out).toEqual({ text: 'thanks @[Grace Hopper](user:u2) , see', caret: 32 })
    expect(mentionsOf(out.text)).toEqual(['u2'])
    // The submit passes leave an inserted token as it is.
    expect(withPageTokens(withMentionTokens(out.text, [{ userId: 'u9', name: 'Grace' }]), [])).toBe(out.text)
  })
  it('replaces `[[ev` with the page token, no double space before an existing one', () => {
    const text = 'see [[ev now'
    const out = insertChoice(text, 8, triggerAt(text, 8)!, { kind: 'page', id: 'd1', title: 'Eval plan' })
    expect(out).toEqual({ text: 'see [[Eval plan]](doc:d1) now', caret: 25 })
    expect(pageLinksOf(out.text)).toEqual(['d1'])
  })
})

describe('moveHighlight', () => {
  it('wraps around both ends and stays 0 on an empty list', () => {
    expect(moveHighlight(0, 3, -1)).toBe(2)
    expect(moveHighlight(2, 3, 1)).toBe(0)
    expect(moveHighlight(0, 3, 1)).toBe(1)
    expect(moveHighlight(0, 0, 1)).toBe(0)
  })
})
