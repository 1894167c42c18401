import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { canon, sameValue } from './canonical.ts'

describe('canonical values', () => {
  it('ignores key order and undefined entries, and nothing else', () => {
    expect(sameValue({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toBe(true)
    expect(sameValue({ a: 1, x: undefined }, { a: 1 })).toBe(true)
    expect(sameValue(undefined, null)).toBe(true)
    expect(sameValue({ a: null }, {})).toBe(false)
    expect(sameValue([1, 2], [2, 1])).toBe(false)
    expect(sameValue([1], { 0: 1 })).toBe(false)
    expect(sameValue('1', 1)).toBe(false)
    expect(canon({ b: 1, a: [true, null] })).toBe('{"a":[true,null],"b":1}')
  })

  it('sameValue agrees with comparing canon strings, for any JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        expect(sameValue(a, b)).toBe(canon(a) === canon(b))
        expect(sameValue(a, JSON.parse(JSON.stringify(a)) as unknown)).toBe(true)
      }),
      { numRuns: 500 },
    )
  })
})
