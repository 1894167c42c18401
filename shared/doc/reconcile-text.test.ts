import { describe, expect, it } from 'vitest'
import { textEdits, type Edit } from './reconcile-text.ts'

function apply(from: string, edits: Edit[]): string {
  let out = ''
  let i = 0
  for (const e of edits) {
    if ('keep' in e) {
      out += from.slice(i, i + e.keep)
      i += e.keep
    } else if ('del' in e) i += e.del
    else out += e.ins
  }
  expect(i).toBe(from.length)
  return out
}

const PAIRS: Array<[string, string]> = [
  ['', ''],
  ['', 'abc'],
  ['abc', ''],
  ['the quick brown fox', 'the slow brown fox'],
  ['a b c d e', 'a c e f'],
  ['same', 'same'],
  ['👍🏽 ok 😀', '👍🏾 ok 😁'],
  ['中文 text', '中文 texts and more'],
  ['line one\nline two\n', 'line zero\nline one\nline two\n'],
]

describe('textEdits', () => {
  for (const [a, b] of PAIRS) {
    it(`${JSON.stringify(a)} → ${JSON.stringify(b)}`, () => {
      expect(apply(a, textEdits(a, b))).toBe(b)
    })
  }

  it('never cuts a surrogate pair', () => {
    for (const e of textEdits('x😀y', 'x😁y')) if ('ins' in e) expect(e.ins).toBe('😁')
    const edits = textEdits('😀😀', '😀😁')
    expect(edits).toEqual([{ keep: 2 }, { del: 2 }, { ins: '😁' }])
  })

  it('keeps the unchanged words of a rewritten sentence', () => {
    const a = 'alpha beta gamma delta epsilon'
    const b = 'alpha BETA gamma DELTA epsilon'
    const kept = textEdits(a, b).reduce((n, e) => n + ('keep' in e ? e.keep : 0), 0)
    expect(kept).toBe(a.length - 'beta'.length - 'delta'.length)
  })

  it('is bounded on unrelated long texts', () => {
    const a = Array.from({ length: 5000 }, (_, i) => `a${i}`).join(' ')
    const b = Array.from({ length: 5000 }, (_, i) => `b${i}`).join(' ')
    const start = Date.now()
    expect(apply(a, textEdits(a, b))).toBe(b)
    // A sanity bound, not a measurement (a loaded CI machine must not fail it).
    expect(Date.now() - start).toBeLessThan(5000)
  })
})
