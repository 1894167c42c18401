import { describe, expect, it } from 'vitest'
import { mentionsOf, pageLinksOf } from '#shared/comments/body'
import { withMentionTokens, withPageTokens } from './mention-input.ts'

describe('withMentionTokens', () => {
  const people = [
    { userId: 'u1', name: 'Ana' },
    { userId: 'u2', name: 'Ana Lima' },
  ]
  it('takes the longest member name and leaves emails and strangers alone', () => {
    const out = withMentionTokens('@Ana Lima and @ana, mail ana@x.test, @Zed', people)
    expect(out).toBe('@[Ana Lima](user:u2) and @[Ana](user:u1), mail ana@x.test, @Zed')
    expect(mentionsOf(out)).toEqual(['u2', 'u1'])
  })
  it('does not match a name inside a longer word', () => expect(withMentionTokens('@Anatole', people)).toBe('@Anatole'))
})

describe('withPageTokens', () => {
  it('links the titles of pages of the project, case-insensitively, and leaves the rest', () => {
    const out = withPageTokens('see [[eval plan]] and [[Nowhere]], not [[X]](doc:x1)', [{ id: 'd1', title: 'Eval plan' }])
    expect(out).toBe('see [[Eval plan]](doc:d1) and [[Nowhere]], not [[X]](doc:x1)')
    expect(pageLinksOf(out)).toEqual(['d1', 'x1'])
  })
})
