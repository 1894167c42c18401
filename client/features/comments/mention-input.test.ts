import { describe, expect, it } from 'vitest'
import { mentionsOf } from '#shared/comments/body'
import { withMentionTokens } from './mention-input.ts'

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
