import { describe, expect, it } from 'vitest'
import { mentionToken, mentionsOf, pageLinksOf, pageToken, parseBody, plainText } from './body.ts'

describe('comment body tokens', () => {
  const body = `ask ${mentionToken('Ana Lima', 'u1')} and ${mentionToken('Bo', 'u2')}, again ${mentionToken('Ana', 'u1')}; see ${pageToken('Eval plan', 'd9')} **now**`

  it('finds mentions once each, in order', () => expect(mentionsOf(body)).toEqual(['u1', 'u2']))
  it('finds page links', () => expect(pageLinksOf(body)).toEqual(['d9']))
  it('renders plain text for search', () => expect(plainText(body)).toBe('ask @Ana Lima and @Bo, again @Ana; see Eval plan **now**'))
  it('a name cannot close its own token', () => expect(mentionsOf(mentionToken('a](user:evil) b', 'u3'))).toEqual(['u3']))
  it('splits markdown-lite and links', () => {
    expect(parseBody('a *b* `c` https://x.test/p. @[Bo](user:u2)')).toEqual([
      { kind: 'text', text: 'a ' },
      { kind: 'italic', text: 'b' },
      { kind: 'text', text: ' ' },
      { kind: 'code', text: 'c' },
      { kind: 'text', text: ' ' },
      { kind: 'link', href: 'https://x.test/p' },
      { kind: 'text', text: '. ' },
      { kind: 'mention', name: 'Bo', userId: 'u2' },
    ])
  })
})
