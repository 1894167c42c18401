import type { VersionAuthor, VersionMeta } from '#shared/api/history'

/** Words and groups for the history timeline: pure, so they are unit-tested without a DOM. */

const sameDay = (a: Date, b: Date): boolean => a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate()

/** "Today", "Yesterday", "Wednesday, 2 December" (with the year when it is not this year). */
export function dayLabel(iso: string, now = new Date()): string {
  const d = new Date(iso)
  if (sameDay(d, now)) return 'Today'
  const yesterday = new Date(now)
  yesterday.setDate(now.getDate() - 1)
  if (sameDay(d, yesterday)) return 'Yesterday'
  return d.toLocaleDateString(undefined, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    ...(d.getFullYear() === now.getFullYear() ? {} : { year: 'numeric' }),
  })
}

/** "10:41". */
export const clock = (iso: string): string => new Date(iso).toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' })

/** "10:41" today, "Yesterday 10:41", "2 Dec, 10:41": where a version is named in one line. */
export function when(iso: string, now = new Date()): string {
  const day = dayLabel(iso, now)
  if (day === 'Today') return clock(iso)
  if (day === 'Yesterday') return `yesterday ${clock(iso)}`
  const d = new Date(iso)
  const date = d.toLocaleDateString(undefined, { day: 'numeric', month: 'short', ...(d.getFullYear() === now.getFullYear() ? {} : { year: 'numeric' }) })
  return `${date}, ${clock(iso)}`
}

/** "Ada", "Ada and Grace", "Ada, Grace and Linus", "Ada, Grace and 3 others". */
export function authorNames(authors: readonly VersionAuthor[], max = 3): string {
  const names = authors.map((a) => a.name || 'Someone')
  if (names.length === 0) return 'Nobody'
  if (names.length === 1) return names[0]!
  if (names.length <= max) return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`
  const rest = names.length - (max - 1)
  return `${names.slice(0, max - 1).join(', ')} and ${rest} others`
}

export interface DayGroup {
  label: string
  versions: VersionMeta[]
}

/** Closed versions (newest first, as the server lists them) grouped by their local day; the open burst is left out. */
export function groupByDay(versions: readonly VersionMeta[], now = new Date()): DayGroup[] {
  const groups: DayGroup[] = []
  for (const v of versions) {
    if (v.open) continue
    const label = dayLabel(v.endedAt, now)
    const last = groups[groups.length - 1]
    if (last?.label === label) last.versions.push(v)
    else groups.push({ label, versions: [v] })
  }
  return groups
}

/** The version listed after `v` (the one before it in time), among those loaded. */
export function previousOf(versions: readonly VersionMeta[], v: VersionMeta): VersionMeta | null {
  const closed = versions.filter((x) => !x.open)
  const i = closed.findIndex((x) => x.id === v.id)
  return i >= 0 ? (closed[i + 1] ?? null) : null
}

/** How a version is titled in the timeline and in the preview's banner. */
export function versionTitle(v: VersionMeta): string {
  if (v.name) return v.name
  if (v.kind === 'restore') return 'Restored an earlier version'
  if (v.kind === 'baseline') return 'Earliest saved version'
  return v.summary || 'Edited'
}

/** Colour slots for people in history (avatars, author highlights): stable per user id. */
export const AUTHOR_SLOTS = 8

export function authorSlot(userId: string): number {
  let h = 2166136261
  for (let i = 0; i < userId.length; i++) h = Math.imul(h ^ userId.charCodeAt(i), 16777619)
  return (h >>> 0) % AUTHOR_SLOTS
}

/** Solid avatar colours (white initials on them), one per slot; the highlight tints are in history.css. */
export const AVATAR_COLORS = ['#3e63dd', '#d6409f', '#2f9e62', '#c2410c', '#8250df', '#0e7490', '#b45309', '#be123c'] as const
export const avatarColor = (userId: string): string => AVATAR_COLORS[authorSlot(userId)]!

/**
 * Colour slots for the people of one "show authors" view: each keeps its own slot (authorSlot)
 * unless someone listed earlier has it, then takes the next free one, so up to AUTHOR_SLOTS
 * people are always told apart in one view.
 */
export function assignSlots(userIds: readonly string[]): Map<string, number> {
  const slots = new Map<string, number>()
  const taken = new Set<number>()
  for (const id of userIds) {
    if (slots.has(id)) continue
    let slot = authorSlot(id)
    for (let i = 0; i < AUTHOR_SLOTS && taken.has(slot); i++) slot = (slot + 1) % AUTHOR_SLOTS
    slots.set(id, slot)
    taken.add(slot)
  }
  return slots
}

/** "Edited offline 09:12–09:40, synced 10:05" (dates added when the edits were on another day). */
export function offlineLine(offline: { from: string; to: string }, mergedAt: string, now = new Date()): string {
  const span =
    offline.from === offline.to
      ? when(offline.from, now)
      : `${when(offline.from, now)}–${dayLabel(offline.to, now) === dayLabel(offline.from, now) ? clock(offline.to) : when(offline.to, now)}`
  return `Edited offline ${span}, synced ${dayLabel(mergedAt, now) === dayLabel(offline.to, now) ? clock(mergedAt) : when(mergedAt, now)}`
}
