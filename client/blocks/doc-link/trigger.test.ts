import { describe, expect, it } from 'vitest'
import { findTrigger } from './trigger.ts'

describe('findTrigger', () => {
  it('opens on [[ anywhere, with what follows as the query', () => {
    expect(findTrigger('See [[')).toEqual({ trigger: '[[', start: 4, query: '' })
    expect(findTrigger('See [[Eval res')).toEqual({ trigger: '[[', start: 4, query: 'Eval res' })
    expect(findTrigger('x[[spec')).toEqual({ trigger: '[[', start: 1, query: 'spec' })
  })
  it('closes once the brackets are closed or the line ends', () => {
    expect(findTrigger('See [[spec]]')).toBeNull()
    expect(findTrigger('See [[spec]')).toBeNull()
  })
  it('opens on @ at the start of a word only, never inside an email address', () => {
    expect(findTrigger('@')).toEqual({ trigger: '@', start: 0, query: '' })
    expect(findTrigger('ask @Proj')).toEqual({ trigger: '@', start: 4, query: 'Proj' })
    expect(findTrigger('ask @Project sp')).toEqual({ trigger: '@', start: 4, query: 'Project sp' })
    expect(findTrigger('mail ada@example.com')).toBeNull()
  })
  it('gives up on @ after two spaces (it was just an @)', () => {
    expect(findTrigger('ask @ no')).toBeNull()
    expect(findTrigger('ask @Project  ')).toBeNull()
  })
})
