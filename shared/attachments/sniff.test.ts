import { describe, expect, it } from 'vitest'
import { isUtf8Text, OCTET_STREAM, sniffContentType } from './sniff.ts'

const bytes = (...parts: (number[] | string)[]): Uint8Array =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...new TextEncoder().encode(p)] : p)))

describe('sniffContentType', () => {
  it.each([
    ['image/png', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])],
    ['image/jpeg', bytes([0xff, 0xd8, 0xff, 0xe0, 0, 16])],
    ['image/gif', bytes('GIF89a', [1, 0, 1, 0])],
    ['image/gif', bytes('GIF87a', [1, 0])],
    ['image/webp', bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 ')],
    ['application/pdf', bytes('%PDF-1.7\n')],
    ['application/zip', bytes([0x50, 0x4b, 0x03, 0x04, 20, 0])],
    ['application/zip', bytes([0x50, 0x4b, 0x05, 0x06, 0, 0])],
    ['application/gzip', bytes([0x1f, 0x8b, 8, 0])],
  ])('%s from its magic bytes', (type, head) => {
    expect(sniffContentType(head)).toBe(type)
  })

  it('never takes the name for a binary type: a .png that is not one is not an image', () => {
    expect(sniffContentType(bytes('<html><script>alert(1)</script>'), { name: 'x.png' })).toBe('text/plain')
    expect(sniffContentType(bytes([0, 1, 2, 3, 0xff]), { name: 'x.png' })).toBe(OCTET_STREAM)
    // RIFF that is not WebP (a WAV) is not an image.
    expect(sniffContentType(bytes('RIFF', [0, 0, 0, 0], 'WAVEfmt '))).toBe(OCTET_STREAM)
  })

  it('recognises SVG past an XML declaration, comments, a doctype and a BOM', () => {
    expect(sniffContentType(bytes('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBe('image/svg+xml')
    expect(sniffContentType(bytes([0xef, 0xbb, 0xbf], '<?xml version="1.0"?>\n<!-- made by hand -->\n<!DOCTYPE svg>\n  <SVG>'))).toBe('image/svg+xml')
    expect(sniffContentType(bytes('<html><svg></svg></html>'))).toBe('text/plain')
  })

  it('labels UTF-8 text by extension: CSV, YAML, JSON only when it looks like JSON, else plain text', () => {
    expect(sniffContentType(bytes('a,b\n1,2\n'), { name: 'metrics.csv' })).toBe('text/csv')
    expect(sniffContentType(bytes('lr: 0.001\n'), { name: 'config.yaml' })).toBe('application/yaml')
    expect(sniffContentType(bytes('lr: 0.001\n'), { name: 'config.yml' })).toBe('application/yaml')
    expect(sniffContentType(bytes('  {"lr": 0.001}'), { name: 'config.json' })).toBe('application/json')
    expect(sniffContentType(bytes('not json'), { name: 'config.json' })).toBe('text/plain')
    expect(sniffContentType(bytes('Grüße, 日本語 ✓\n'), { name: 'notes' })).toBe('text/plain')
  })

  it('is octet-stream for an empty head, NUL bytes or invalid UTF-8', () => {
    expect(sniffContentType(new Uint8Array())).toBe(OCTET_STREAM)
    expect(sniffContentType(bytes('abc', [0], 'def'), { name: 'a.csv' })).toBe(OCTET_STREAM)
    expect(sniffContentType(bytes('abc', [0xc3, 0x28]))).toBe(OCTET_STREAM)
  })
})

describe('isUtf8Text', () => {
  it('refuses overlong forms, surrogates and code points past U+10FFFF', () => {
    expect(isUtf8Text(bytes([0xc0, 0xaf]))).toBe(false)
    expect(isUtf8Text(bytes([0xe0, 0x80, 0xaf]))).toBe(false)
    expect(isUtf8Text(bytes([0xed, 0xa0, 0x80]))).toBe(false)
    expect(isUtf8Text(bytes([0xf4, 0x90, 0x80, 0x80]))).toBe(false)
    expect(isUtf8Text(bytes([0xf0, 0x9f, 0x98, 0x80]))).toBe(true)
  })

  it('allows a sequence cut by the end of a head only when the file goes on', () => {
    const cut = bytes('ok ', [0xe2, 0x9c])
    expect(isUtf8Text(cut, true)).toBe(true)
    expect(isUtf8Text(cut, false)).toBe(false)
    expect(isUtf8Text(bytes('ok ', [0xe2, 0x41]), true)).toBe(false)
  })
})
