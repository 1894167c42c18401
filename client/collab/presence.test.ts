import { Awareness } from 'y-protocols/awareness'
import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { Presence, samePeers } from './presence.ts'

const ada = { id: 'u-ada', name: 'Ada', color: '#3366ff' }

describe('Presence', () => {
  it('keeps the same list while only carets move, and a new one when people change', () => {
    const awareness = new Awareness(new Y.Doc())
    const presence = new Presence(awareness, ada)
    const first = presence.peers.get().list
    expect(first.map((p) => p.user.name)).toEqual(['Ada'])
    let notified = 0
    presence.peers.subscribe(() => notified++)

    // A caret move: awareness changes, the people do not.
    awareness.setLocalStateField('cursor', { anchor: 1, head: 1 })
    awareness.setLocalStateField('cursor', { anchor: 2, head: 2 })
    expect(notified).toBe(0)
    expect(presence.peers.get().list).toBe(first)

    // A rename is a change.
    awareness.setLocalStateField('user', { ...ada, name: 'Ada L.' })
    expect(notified).toBe(1)
    expect(presence.peers.get().list.map((p) => p.user.name)).toEqual(['Ada L.'])
    presence.destroy()
    awareness.destroy()
  })

  it('samePeers compares who and how they are shown, in order', () => {
    const p = (clientId: number, name: string) => ({ clientId, isSelf: false, user: { id: `u${clientId}`, name, color: '#000' } })
    expect(samePeers([p(1, 'a'), p(2, 'b')], [p(1, 'a'), p(2, 'b')])).toBe(true)
    expect(samePeers([p(1, 'a'), p(2, 'b')], [p(2, 'b'), p(1, 'a')])).toBe(false)
    expect(samePeers([p(1, 'a')], [p(1, 'A')])).toBe(false)
    expect(samePeers([p(1, 'a')], [])).toBe(false)
  })
})
