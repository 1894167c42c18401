import { strToU8 } from 'fflate'
import { describe, expect, it } from 'vitest'
import { resolveRelative, safeEntryPath } from './paths.ts'
import { decodeText, decodeUtf8 } from './text.ts'

const utf16 = (s: string, le: boolean) => {
  const out = [le ? 0xff : 0xfe, le ? 0xfe : 0xff]
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    out.push(...(le ? [c & 0xff, c >> 8] : [c >> 8, c & 0xff]))
  }
  return Uint8Array.from(out)
}

describe('decodeText', () => {
  it('reads UTF-8, with or without a byte order mark (stripped)', () => {
    expect(decodeText(strToU8('Équipe 😀'))).toEqual({ text: 'Équipe 😀', encoding: 'utf-8' })
    expect(decodeText(Uint8Array.from([0xef, 0xbb, 0xbf, ...strToU8('# Hi')]))).toEqual({ text: '# Hi', encoding: 'utf-8-bom' })
  })

  it('reads UTF-16 LE and BE by their byte order mark', () => {
    expect(decodeText(utf16('Café ∑', true))).toEqual({ text: 'Café ∑', encoding: 'utf-16le' })
    expect(decodeText(utf16('Café ∑', false))).toEqual({ text: 'Café ∑', encoding: 'utf-16be' })
  })

  it('falls back to Latin-1 with a warning when the bytes are not UTF-8', () => {
    const r = decodeText(Uint8Array.from([0x43, 0x61, 0x66, 0xe9]))
    expect(r).toMatchObject({ text: 'Café', encoding: 'latin-1' })
    expect(r.warning).toMatch(/Latin-1/)
  })

  it('refuses overlong forms, surrogates and truncated sequences as UTF-8', () => {
    for (const bad of [
      [0xc0, 0xaf],
      [0xed, 0xa0, 0x80],
      [0xe2, 0x82],
      [0xf5, 0x80, 0x80, 0x80],
    ])
      expect(decodeUtf8(Uint8Array.from(bad))).toBeNull()
  })

  it('decodes long text (past the fromCharCode batch)', () => {
    const long = 'é'.repeat(50_000)
    expect(decodeUtf8(strToU8(long))).toBe(long)
  })
})

describe('paths', () => {
  it('normalises safe entry paths and refuses unsafe ones', () => {
    expect(safeEntryPath('./docs//a.md')).toBe('docs/a.md')
    expect(safeEntryPath('docs\\sub\\b.md')).toBe('docs/sub/b.md')
    expect(safeEntryPath('docs/')).toBe('docs/')
    for (const bad of ['../x', 'a/../../x', '/abs', 'C:\\x', 'a\u0000b']) expect(typeof safeEntryPath(bad)).toBe('object')
  })

  it('resolves relative links inside the import only', () => {
    expect(resolveRelative('specs/a.md', '../runbooks/b.md')).toBe('runbooks/b.md')
    expect(resolveRelative('specs/a.md', './c%20d.md')).toBe('specs/c d.md')
    expect(resolveRelative('a.md', '../outside.md')).toBeNull()
    expect(resolveRelative('a.md', 'https://x.test/a.md')).toBeNull()
  })
})
