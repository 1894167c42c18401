import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { SearchQuery, splitHighlights } from '#shared/api/search'
import { SEARCH_LIMITS } from '#shared/limits'
import { editDistance, ftsString, planOf, queryTerms } from './query.ts'

describe('search query parsing', () => {
  it('splits words and drops surrounding punctuation, FTS operators staying words', () => {
    expect(queryTerms('  "resnet50", (f1) AND col:x  ')).toEqual(['resnet50', 'f1', 'AND', 'col:x'])
    expect(queryTerms('"" * ^ -- ()')).toEqual([])
    expect(queryTerms('a\u0002b\u0003c')).toEqual(['a', 'b', 'c'])
    expect(queryTerms(Array.from({ length: 20 }, (_, i) => `w${i}`).join(' '))).toHaveLength(SEARCH_LIMITS.maxTerms)
  })

  it('quotes every word, so any input is a valid FTS5 expression', () => {
    expect(ftsString('say "hi"')).toBe('"say ""hi"""')
    expect(planOf(['resnet', 'f1'])).toEqual({ trigram: '"resnet"', words: '"f1"*' })
    expect(planOf(['ab'])).toEqual({ trigram: null, words: '"ab"*' })
    const db = new Database(':memory:')
    db.exec(
      "CREATE VIRTUAL TABLE t USING fts5(x, tokenize='trigram'); CREATE VIRTUAL TABLE w USING fts5(x); INSERT INTO t VALUES ('a \"q\" NEAR(x) AND'); INSERT INTO w VALUES ('a NEAR x')",
    )
    for (const raw of ['"q"', 'NEAR(x)', 'AND', "x'y", '"a" OR "b"', 'col:x', '{x}', '😀😀😀']) {
      const plan = planOf(queryTerms(raw))
      if (plan.trigram) expect(() => db.prepare('SELECT * FROM t WHERE t MATCH ?').all(plan.trigram), raw).not.toThrow()
      if (plan.words) expect(() => db.prepare('SELECT * FROM w WHERE w MATCH ?').all(plan.words), raw).not.toThrow()
    }
    expect(db.prepare('SELECT count(*) n FROM t WHERE t MATCH ?').get(planOf(queryTerms('NEAR(x)')).trigram)).toEqual({ n: 1 })
  })

  it('refuses empty, blank, over-long queries and unknown filters with a message', () => {
    expect(SearchQuery.safeParse({ q: '' }).success).toBe(false)
    expect(SearchQuery.safeParse({ q: '   ' }).success).toBe(false)
    expect(SearchQuery.safeParse({ q: 'x'.repeat(SEARCH_LIMITS.maxQueryChars + 1) }).success).toBe(false)
    expect(SearchQuery.safeParse({ q: 'x'.repeat(SEARCH_LIMITS.maxQueryChars) }).success).toBe(true)
    expect(SearchQuery.safeParse({ q: 'x', status: 'nope' }).success).toBe(false)
    expect(SearchQuery.safeParse({ q: 'x', since: '2026-01-01' }).success).toBe(true)
    expect(SearchQuery.safeParse({ q: 'x', limit: '500' }).success).toBe(false)
  })

  it('counts typos as edits, adjacent swaps as one', () => {
    expect(editDistance('resnet', 'resnet', 2)).toBe(0)
    expect(editDistance('resnt', 'resnet', 2)).toBe(1)
    expect(editDistance('rsenet', 'resnet', 2)).toBe(1)
    expect(editDistance('transformer', 'transfromr', 2)).toBe(2)
    expect(editDistance('abc', 'xyzxyz', 2)).toBe(3)
  })

  it('splits a snippet into plain and highlighted parts', () => {
    expect(splitHighlights('a \u0002b<i>\u0003 c')).toEqual([
      { text: 'a ', mark: false },
      { text: 'b<i>', mark: true },
      { text: ' c', mark: false },
    ])
  })
})
