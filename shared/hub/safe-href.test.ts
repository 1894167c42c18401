import { describe, expect, it } from 'vitest'
import { WEB_PROTOCOLS, isSafeHref, safeHref } from './safe-href.ts'

describe('safeHref', () => {
  it('allows http, https, mailto and paths on this site', () => {
    for (const u of ['https://example.com/a?b#c', 'http://x.test', 'HTTPS://X.TEST', 'mailto:a@b.test', '/d/abc123', '/d/abc#frag', ' https://x.test '])
      expect(safeHref(u), u).toBe(u)
  })
  it('refuses script-bearing and foreign schemes however they are spelled', () => {
    const bad = [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'java\tscript:alert(1)',
      'java\nscript:alert(1)',
      '\u0001javascript:alert(1)',
      ' javascript:alert(1)',
      'javascript&#58;alert(1)',
      '&#106;avascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
      'blob:https://x.test/1',
      'tel:123',
      'ftp://x.test',
      'x-javascript:1',
      '//evil.test/x',
      '/\\evil.test/x',
      '\\\\evil.test',
      'd/relative',
      '#top',
      '',
      'javascript://%0aalert(1)',
    ]
    for (const u of bad) expect(safeHref(u), JSON.stringify(u)).toBeNull()
    expect(safeHref(42)).toBeNull()
    expect(safeHref(null)).toBeNull()
  })
  it('web-only links refuse mailto', () => {
    expect(isSafeHref('https://t.test/r/1', WEB_PROTOCOLS)).toBe(true)
    expect(isSafeHref('mailto:a@b.test', WEB_PROTOCOLS)).toBe(false)
    expect(isSafeHref('/d/x', WEB_PROTOCOLS)).toBe(true)
  })
})
