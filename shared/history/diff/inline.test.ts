import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { InlineOp } from '../types.ts'
import { blockText, diffWords, similarity, tokenize } from './inline.ts'
import { lcsPairs, lisIndexes } from './lcs.ts'

const side = (ops: InlineOp[], drop: 'insert' | 'delete') =>
  ops
    .filter((o) => o.op !== drop)
    .map((o) => o.text)
    .join('')

// Words from a small vocabulary, so random texts share words and the LCS has work to do.
const words = fc.array(fc.constantFrom('the', 'model', 'val', 'F1', '0.92', ' ', '  ', '\n', ',', '.', 'é', 'naïve', '→', 'data'), { maxLength: 40 })
const text = words.map((w) => w.join(''))

describe('word diff', () => {
  it('equal + insert rebuilds after, equal + delete rebuilds before (any two texts)', () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        const ops = diffWords(a, b)
        expect(side(ops, 'delete')).toBe(b)
        expect(side(ops, 'insert')).toBe(a)
        // Merged: never two neighbours of one kind, never an empty op.
        for (let i = 0; i < ops.length; i++) {
          expect(ops[i]!.text).not.toBe('')
          if (i > 0) expect(ops[i]!.op).not.toBe(ops[i - 1]!.op)
        }
      }),
      { numRuns: 500 },
    )
  })

  it('also for arbitrary unicode, including astral characters and lone surrogates', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 60 }), (a, b) => {
        const ops = diffWords(a, b)
        expect(side(ops, 'delete')).toBe(b)
        expect(side(ops, 'insert')).toBe(a)
      }),
      { numRuns: 100 },
    )
  })

  it('marks whole words, and keeps what did not change as equal', () => {
    expect(diffWords('val F1 is 0.91 today', 'val F1 is 0.93 today')).toEqual([
      { op: 'equal', text: 'val F1 is 0.' },
      { op: 'delete', text: '91' },
      { op: 'insert', text: '93' },
      { op: 'equal', text: ' today' },
    ])
    expect(diffWords('Goals', 'Goals and non-goals')).toEqual([
      { op: 'equal', text: 'Goals' },
      { op: 'insert', text: ' and non-goals' },
    ])
    expect(diffWords('', 'new')).toEqual([{ op: 'insert', text: 'new' }])
    expect(diffWords('same', 'same')).toEqual([{ op: 'equal', text: 'same' }])
  })

  it('stays correct past the table budget (a long rewrite gets a coarser but valid diff)', () => {
    const a = Array.from({ length: 3000 }, (_, i) => `w${i % 97}`).join(' ')
    const b = Array.from({ length: 3000 }, (_, i) => `w${(i * 7) % 101}`).join(' ')
    const ops = diffWords(a, b)
    expect(side(ops, 'delete')).toBe(b)
    expect(side(ops, 'insert')).toBe(a)
  })

  it('tokenizes words, whitespace and punctuation apart', () => {
    expect(tokenize('Hello, wörld  42!')).toEqual(['Hello', ',', ' ', 'wörld', '  ', '42', '!'])
  })
})

describe('lcs', () => {
  const brute = (a: number[], b: number[]): number => {
    const t = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0))
    for (let i = a.length - 1; i >= 0; i--)
      for (let j = b.length - 1; j >= 0; j--) t[i]![j] = a[i] === b[j] ? t[i + 1]![j + 1]! + 1 : Math.max(t[i + 1]![j]!, t[i]![j + 1]!)
    return t[0]![0]!
  }
  const seq = fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 30 })

  it('is a common subsequence, and the longest one within the cell budget', () => {
    fc.assert(
      fc.property(seq, seq, (a, b) => {
        const { pairs, exact } = lcsPairs(a, b)
        expect(exact).toBe(true)
        expect(pairs.length).toBe(brute(a, b))
        pairs.forEach(([i, j], k) => {
          expect(a[i]).toBe(b[j])
          if (k > 0) expect(i > pairs[k - 1]![0] && j > pairs[k - 1]![1]).toBe(true)
        })
      }),
      { numRuns: 300 },
    )
  })

  it('past the budget falls back to a greedy match that is still a valid common subsequence', () => {
    fc.assert(
      fc.property(seq, seq, (a, b) => {
        const { pairs } = lcsPairs(a, b, 0)
        pairs.forEach(([i, j], k) => {
          expect(a[i]).toBe(b[j])
          if (k > 0) expect(i > pairs[k - 1]![0] && j > pairs[k - 1]![1]).toBe(true)
        })
      }),
      { numRuns: 300 },
    )
  })

  it('past the budget, a few edits in a long sequence full of repeats still match everything else (patience anchors)', () => {
    // Every third symbol is the same (think empty paragraphs); the rest are unique.
    const a = Array.from({ length: 6000 }, (_, i) => (i % 3 === 0 ? -1 : i))
    const b = a.filter((_, i) => i % 500 !== 250)
    b.splice(3000, 0, 99_999, -1)
    const { pairs, exact } = lcsPairs(a, b, 10_000)
    expect(exact).toBe(false)
    // As long as the exact LCS (the table, given room), give or take the one inserted repeat.
    const best = lcsPairs(a, b, 40_000_000)
    expect(best.exact).toBe(true)
    expect(pairs.length).toBeGreaterThanOrEqual(best.pairs.length - 1)
    expect(pairs.length).toBeGreaterThan(b.length - 3)
  })

  it('finds a longest increasing subsequence', () => {
    const xs = [3, 1, 4, 1, 5, 9, 2, 6]
    const picked = [...lisIndexes(xs)].sort((x, y) => x - y).map((i) => xs[i]!)
    expect(picked).toHaveLength(4)
    expect([...picked].sort((x, y) => x - y)).toEqual(picked)
    expect(lisIndexes([]).size).toBe(0)
  })
})

describe('block text and similarity', () => {
  it('reads doc links by id and hard breaks as newlines', () => {
    const node = {
      type: 'paragraph',
      content: [{ type: 'text', text: 'see ' }, { type: 'docLink', attrs: { docId: 'd42' } }, { type: 'hardBreak' }, { type: 'text', text: 'next' }],
    }
    expect(blockText(node)).toBe('see [[d42]]\nnext')
  })

  it('scores shared words', () => {
    expect(similarity('Train the baseline model', 'Train the baseline model today')).toBeGreaterThan(0.8)
    expect(similarity('Train the baseline', 'Ship it now')).toBe(0)
    expect(similarity('', '')).toBe(1)
  })
})
