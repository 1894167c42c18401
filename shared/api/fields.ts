import { z } from 'zod'
import { MAX_PASSWORD_LENGTH, passwordProblem } from '../auth/password.ts'
import { ROLES, TOKEN_SCOPES } from '../auth/roles.ts'

/** Field shapes the account and workspace requests share. */

export const Role = z.enum(ROLES)
export const Scope = z.enum(TOKEN_SCOPES)
export const Name = z.string().trim().min(1, 'required').max(120)
export const Email = z.string().trim().toLowerCase().email('not an email address').max(254)
/**
 * A new password: the rule of `shared/auth/password.ts` (length, not common). Whether it equals
 * the account's email is checked where the email is known (AcceptInvite below, and the server for
 * a password change).
 */
export const Password = z
  .string()
  .max(MAX_PASSWORD_LENGTH)
  .superRefine((password, ctx) => {
    const problem = passwordProblem(password)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  })
