import { PASSWORD_RULE, passwordProblem } from '#shared/auth/password'

/**
 * What a new-password field says under itself: the rule before anything is typed, then exactly
 * why the password is not accepted yet (the same check the server makes), so a disabled button
 * is never a mystery.
 */
export function passwordHint(password: string, email: string): { ok: boolean; text: string } {
  if (password === '') return { ok: false, text: PASSWORD_RULE }
  const problem = passwordProblem(password, email)
  return problem ? { ok: false, text: problem } : { ok: true, text: 'Good: long enough and not a common password.' }
}
