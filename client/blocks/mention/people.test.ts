import { describe, expect, it } from 'vitest'
import type { MemberView } from '../../lib/api-types.ts'
import { matchPeople } from './people.ts'

const m = (name: string, email: string): MemberView => ({ userId: `u-${name}`, name, email, color: '#000', role: 'editor' })
const team = [m('Grace Hopper', 'grace@lab.org'), m('Ada Lovelace', 'ada@lab.org'), m('Alan Turing', 'turing@lab.org'), m('Katherine Johnson', 'kj@lab.org')]
const names = (ms: MemberView[]) => ms.map((x) => x.name)

describe('matchPeople', () => {
  it('nothing typed: everyone by name, at most `max`', () => {
    expect(names(matchPeople(team, ''))).toEqual(['Ada Lovelace', 'Alan Turing', 'Grace Hopper', 'Katherine Johnson'])
    expect(names(matchPeople(team, ' ', 2))).toEqual(['Ada Lovelace', 'Alan Turing'])
  })

  it('names starting with the query first, then a later word, then an email; case-insensitive', () => {
    expect(names(matchPeople(team, 'a'))).toEqual(['Ada Lovelace', 'Alan Turing'])
    expect(names(matchPeople(team, 'HOP'))).toEqual(['Grace Hopper'])
    expect(names(matchPeople(team, 'kj'))).toEqual(['Katherine Johnson'])
    expect(names(matchPeople(team, 'ada l'))).toEqual(['Ada Lovelace'])
  })

  it('no match inside a word', () => {
    expect(matchPeople(team, 'ove')).toEqual([])
  })
})
