import { describe, expect, it } from 'vitest'
import { PASSWORD_RULE } from '#shared/auth/password'
import { passwordHint } from './password-hint.ts'

/** The form's words under the password field: what the button waits for, never a silent "disabled". */
describe('passwordHint', () => {
  const email = 'ana@keel.test'
  it('shows the rule before anything is typed', () => {
    expect(passwordHint('', email)).toEqual({ ok: false, text: PASSWORD_RULE })
    expect(PASSWORD_RULE).toMatch(/12 characters/)
  })
  it('says exactly why a password is not accepted yet', () => {
    expect(passwordHint('short', email)).toEqual({ ok: false, text: 'Use at least 12 characters (5 so far).' })
    expect(passwordHint('qwerty123456', email).text).toMatch(/most common/)
    expect(passwordHint('QWERTYUIOPASDF', email).text).toMatch(/most common/)
    expect(passwordHint('zzzzzzzzzzzzzz', email).text).toMatch(/repeated/)
    expect(passwordHint(email, email).text).toMatch(/email/)
    expect(passwordHint('ANA@keel.test', email).text).toMatch(/email/)
  })
  it('accepts a long, unusual phrase', () => {
    expect(passwordHint('paper lantern at dusk', email).ok).toBe(true)
    // Counted in characters, not UTF-16 units.
    expect(passwordHint('😀'.repeat(11), email).ok).toBe(false)
  })
})
