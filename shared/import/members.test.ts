import { describe, expect, it } from 'vitest'
import { memberOf } from './members.ts'

const ada = { id: 'u1', email: 'Ada@lab.example', name: 'Ada Lovelace' }
const grace1 = { id: 'u2', email: 'grace@lab.example', name: 'Grace Hopper' }
const grace2 = { id: 'u3', email: 'grace@navy.example', name: 'Grace H.' }
const members = [ada, grace1, grace2]

describe('memberOf', () => {
  it('matches an email exactly, in any case', () => {
    expect(memberOf(members, { email: 'ada@LAB.example' })).toBe(ada)
    expect(memberOf(members, { username: 'grace@navy.example' })).toBe(grace2)
    expect(memberOf(members, { email: 'ada@other.example' })).toBeNull()
  })

  it('matches a username to the local part of one member only', () => {
    expect(memberOf(members, { username: 'ADA' })).toBe(ada)
    expect(memberOf(members, { username: 'grace' })).toBeNull()
    expect(memberOf(members, { username: 'linus' })).toBeNull()
    expect(memberOf(members, { username: '' })).toBeNull()
  })
})
