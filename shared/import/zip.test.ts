import { strToU8, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { IMPORT_LIMITS } from '../limits.ts'
import { readZip } from './zip.ts'

const zip = (files: Record<string, string | Uint8Array>, level: 0 | 6 = 6) =>
  zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, typeof v === 'string' ? strToU8(v) : v])), { level })

/** Offsets of each central directory header of a zip (to forge what it declares). */
function centralHeaders(data: Uint8Array): number[] {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength)
  const out: number[] = []
  for (let i = 0; i + 4 <= data.length; i++) if (view.getUint32(i, true) === 0x02014b50) out.push(i)
  return out
}

describe('readZip', () => {
  it('reads files with their paths, stored or deflated', () => {
    for (const level of [0, 6] as const) {
      const r = readZip(zip({ 'docs/a.md': '# A', 'docs/sub/b.md': 'b'.repeat(5000) }, level))
      expect(r.ok).toBe(true)
      if (!r.ok) return
      expect(r.files.map((f) => [f.path, f.bytes.length])).toEqual([
        ['docs/a.md', 3],
        ['docs/sub/b.md', 5000],
      ])
    }
  })

  it.each([
    ['../evil.md', /path traversal/],
    ['docs/../../evil.md', /path traversal/],
    ['..\\evil.md', /path traversal/],
    ['/etc/passwd', /absolute path/],
    ['C:/Windows/evil.md', /drive letter/],
  ])('refuses the whole archive for the entry %s', (name, reason) => {
    const r = readZip(zip({ 'ok.md': 'fine', [name]: 'x' }))
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error).toMatch(/unsafe path.*nothing was imported/)
    expect(r.refused).toEqual([{ path: name, reason: expect.stringMatching(reason) }])
  })

  it('refuses an entry declaring a huge size before inflating anything', () => {
    const data = zip({ 'big.md': 'small' })
    const view = new DataView(data.buffer)
    view.setUint32(centralHeaders(data)[0]! + 24, 0x7fff_ffff, true)
    const r = readZip(data)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error).toMatch(/big\.md declares 2147483647 bytes, more than the 41943040 allowed per file/)
  })

  it('refuses a total declared size past the bound', () => {
    const files = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`f${i}.md`, 'x']))
    const data = zip(files)
    const view = new DataView(data.buffer)
    for (const at of centralHeaders(data)) {
      view.setUint32(at + 24, 19 * 1024 * 1024, true)
      view.setUint32(at + 20, 1024 * 1024, true)
    }
    const r = readZip(data)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error).toMatch(/declares more than 209715200 bytes uncompressed/)
  })

  it('refuses a compression ratio of a bomb', () => {
    const r = readZip(zip({ 'zeros.md': new Uint8Array(10 * 1024 * 1024) }))
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error).toMatch(/zeros\.md declares a compression ratio over 500:1/)
  })

  it('stops inflating an entry whose bytes exceed what it declares', () => {
    const data = zip({ 'liar.md': new Uint8Array(4 * 1024 * 1024).fill(65) })
    const view = new DataView(data.buffer)
    const at = centralHeaders(data)[0]!
    const compressed = view.getUint32(at + 20, true)
    // Declares a plausible ratio (under 200:1) and far fewer bytes than it holds.
    view.setUint32(at + 24, compressed * 100, true)
    const r = readZip(data)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error).toMatch(/liar\.md inflates past its declared \d+ bytes/)
  })

  it('refuses more entries than allowed, from the end record', () => {
    const many = Object.fromEntries(Array.from({ length: IMPORT_LIMITS.maxEntries + 1 }, (_, i) => [`n/${i}.md`, '']))
    const r = readZip(zip(many, 0))
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error).toMatch(/10001 entries, more than the 10000 allowed/)
  })

  it('reports a corrupt archive: random bytes, truncated, damaged deflate data', () => {
    const random = Uint8Array.from({ length: 2000 }, (_, i) => (i * 7919) % 251)
    const good = zip({ 'a.md': 'hello '.repeat(1000) })
    const truncated = good.slice(0, good.length - 30)
    const damaged = good.slice()
    damaged.fill(0xff, 40, 60)
    for (const data of [random, truncated, damaged, new Uint8Array(0)]) {
      const r = readZip(data)
      expect(r.ok).toBe(false)
      if (!r.ok) expect(r.error).toMatch(/corrupt|not a zip/)
    }
  })
})
