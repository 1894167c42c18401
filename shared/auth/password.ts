import { COMMON_PASSWORDS } from './common-passwords.ts'

/** Long beats clever (NIST SP 800-63B): a length, a list of the commonest, no composition rules. */
export const MIN_PASSWORD_LENGTH = 12
export const MAX_PASSWORD_LENGTH = 200

const COMMON = new Set(COMMON_PASSWORDS)

/** The rule as the forms show it before anything is typed. */
export const PASSWORD_RULE = `At least ${MIN_PASSWORD_LENGTH} characters, not a common password and not your email.`

/**
 * Why a new password is refused, in words a person can act on, or null when it is fine. Sign-in
 * never calls this: passwords set under an older rule keep working.
 */
export function passwordProblem(password: string, email?: string): string | null {
  const length = [...password].length
  if (length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters (${length} so far).`
  if (length > MAX_PASSWORD_LENGTH) return `Use at most ${MAX_PASSWORD_LENGTH} characters.`
  const folded = password.trim().toLowerCase()
  if (COMMON.has(folded)) return 'That is one of the most common passwords: choose another.'
  if (new Set(folded).size === 1) return 'A single repeated character is too easy to guess.'
  if (email) {
    const address = email.trim().toLowerCase()
    if (folded === address || folded === address.split('@')[0]) return 'Do not use your email as your password.'
  }
  return null
}
