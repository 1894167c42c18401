import type { Awareness } from 'y-protocols/awareness'
import { limits } from '#shared/limits'
import { Store } from './store.ts'

/**
 * Who you are (a name and a colour, made up once per browser and kept in localStorage) and who
 * else is in the document (from y-protocols awareness, as the `user` field CollaborationCaret
 * also reads for caret labels).
 */
export interface User {
  /** Stable per browser, so two tabs of the same person show as one avatar. */
  id: string
  name: string
  color: string
}

export interface Peer {
  clientId: number
  user: User
  isSelf: boolean
}

const USER_KEY = 'keel:user'
export const MAX_NAME_LENGTH = 40

/** Saturated enough to read white initials on, calm enough for a caret. */
const COLORS = ['#e5484d', '#f76b15', '#d6a10b', '#30a46c', '#12a594', '#0090ff', '#3e63dd', '#8e4ec6', '#d6409f', '#6e56cf']
const ADJECTIVES = ['Quiet', 'Brisk', 'Amber', 'Gentle', 'Swift', 'Lucid', 'Bold', 'Calm', 'Keen', 'Sunny']
const ANIMALS = ['Otter', 'Heron', 'Lynx', 'Falcon', 'Badger', 'Marten', 'Puffin', 'Ibex', 'Orca', 'Wren']

const pick = <T,>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)]!

function isUser(value: unknown): value is User {
  const v = value as Partial<User> | null
  return typeof v?.id === 'string' && typeof v.name === 'string' && typeof v.color === 'string'
}

export function loadLocalUser(): User {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(USER_KEY) ?? 'null')
    if (isUser(stored)) return stored
  } catch {
    // unreadable: make a new one
  }
  const user: User = {
    id: crypto.randomUUID(),
    name: `${pick(ADJECTIVES)} ${pick(ANIMALS)}`,
    color: pick(COLORS),
  }
  saveLocalUser(user)
  return user
}

function saveLocalUser(user: User): void {
  try {
    localStorage.setItem(USER_KEY, JSON.stringify(user))
  } catch {
    // storage full or disabled: the name lives for this page only
  }
}

export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean)
  const letters = words.length > 1 ? [words[0]!, words[words.length - 1]!].map((w) => w[0]) : [...(words[0] ?? '?')].slice(0, 2)
  return letters.join('').toUpperCase()
}

export class Presence {
  readonly peers: Store<{ list: readonly Peer[] }>
  private user: User
  private readonly onChange: () => void

  constructor(private readonly awareness: Awareness) {
    this.user = loadLocalUser()
    this.peers = new Store({ list: [] as readonly Peer[] })
    this.onChange = () => this.peers.update({ list: this.collect() })
    awareness.on('change', this.onChange)
    awareness.setLocalStateField('user', this.user)
  }

  get localUser(): User {
    return this.user
  }

  rename(name: string): void {
    const trimmed = name.trim().slice(0, MAX_NAME_LENGTH)
    if (trimmed === '' || trimmed === this.user.name) return
    this.user = { ...this.user, name: trimmed }
    saveLocalUser(this.user)
    this.awareness.setLocalStateField('user', this.user)
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
