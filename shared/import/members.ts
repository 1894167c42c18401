import type { ImportMember } from './adapter.ts'

/**
 * The member a person in a source is, by what the source knows of them: an email (matched
 * exactly, any case), or a username, matched against the local part of the members' emails
 * (`ada` is ada@lab.example) only when exactly one member has it, so two Adas at two domains
 * stay plain names rather than one of them being picked.
 */
export function memberOf(members: readonly ImportMember[], who: { email?: string | null; username?: string | null }): ImportMember | null {
  const email = who.email?.trim().toLowerCase()
  if (email) {
    const hit = members.find((m) => m.email.toLowerCase() === email)
    if (hit) return hit
  }
  const username = who.username?.trim().toLowerCase()
  if (!username) return null
  if (username.includes('@')) return members.find((m) => m.email.toLowerCase() === username) ?? null
  const local = members.filter((m) => m.email.toLowerCase().split('@')[0] === username)
  return local.length === 1 ? local[0]! : null
}
