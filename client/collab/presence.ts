import type { Awareness } from 'y-protocols/awareness'
import { limits } from '#shared/limits'
import { ExternalStore } from '../lib/external-store.ts'

/**
 * Who you are (your account's id, name and colour, from `/api/auth/me`) and who else is in the
 * document (from y-protocols awareness, as the `user` field CollaborationCaret also reads for
 * caret labels). The server stamps every awareness state it relays with the sender's account,
 * so the `user` we set here is only what we show ourselves before the first round trip.
 */
export interface User {
  /** The account id: two tabs of the same person show as one avatar. */
  id: string
  name: string
  color: string
}

export interface Peer {
  clientId: number
  user: User
  isSelf: boolean
}

export const MAX_NAME_LENGTH = 40

function isUser(value: unknown): value is User {
  const v = value as Partial<User> | null
  return typeof v?.id === 'string' && typeof v.name === 'string' && typeof v.color === 'string'
}

/** Same people, in the same order, shown the same way. */
export function samePeers(a: readonly Peer[], b: readonly Peer[]): boolean {
  return (
    a.length === b.length &&
    a.every((p, i) => {
      const q = b[i]!
      return p.clientId === q.clientId && p.isSelf === q.isSelf && p.user.id === q.user.id && p.user.name === q.user.name && p.user.color === q.user.color
    })
  )
}

export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean)
  const letters = words.length > 1 ? [words[0]!, words[words.length - 1]!].map((w) => w[0]) : [...(words[0] ?? '?')].slice(0, 2)
  return letters.join('').toUpperCase()
}

export class Presence {
  readonly peers: ExternalStore<{ list: readonly Peer[] }>
  private readonly onChange: () => void

  constructor(
    private readonly awareness: Awareness,
    private readonly user: User,
  ) {
    this.peers = new ExternalStore({ list: [] as readonly Peer[] })
    // Awareness changes on every caret move (ours and everyone's, a few per keystroke); the list
    // of people rarely does. A new list only when it differs, so the avatars do not re-render (a
    // React commit while the editor has focus walks the editor's whole DOM: see ConnectionBadge).
    this.onChange = () => {
      const list = this.collect()
      if (!samePeers(list, this.peers.get().list)) this.peers.update({ list })
    }
    awareness.on('change', this.onChange)
    awareness.setLocalStateField('user', this.user)
  }

  get localUser(): User {
    return this.user
  }

  destroy(): void {
    this.awareness.off('change', this.onChange)
  }

  /** Self first, then others in join order; one entry per person even with several tabs open. */
  private collect(): Peer[] {
    const self = this.awareness.clientID
    const seen = new Set<string>()
    const peers: Peer[] = []
    const states = [...this.awareness.getStates().entries()].sort(([a], [b]) => (a === self ? -1 : b === self ? 1 : 0))
    for (const [clientId, state] of states) {
      const user: unknown = state['user']
      if (!isUser(user) || JSON.stringify(user).length > limits.maxAwarenessStateBytes) continue
      if (seen.has(user.id)) continue
      seen.add(user.id)
      // Remote states are untrusted input: only a plain hex colour reaches a style attribute.
      const color = /^#[0-9a-f]{3,8}$/i.test(user.color) ? user.color : '#8b8d98'
      peers.push({ clientId, user: { ...user, name: user.name.slice(0, MAX_NAME_LENGTH), color }, isSelf: clientId === self })
    }
    return peers
  }
}
