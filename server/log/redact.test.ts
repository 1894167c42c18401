import { describe, expect, it } from 'vitest'
import { loggedPath } from './redact.ts'

describe('loggedPath', () => {
  it('drops the query and hides the secrets that are path segments', () => {
    expect(loggedPath('/collab/doc-1?ticket=kc_secret&keel=1')).toBe('/collab/doc-1')
    expect(loggedPath('/auth/link/kl_abc123')).toBe('/auth/link/[secret]')
    expect(loggedPath('/api/invites/ki_abc123')).toBe('/api/invites/[secret]')
    expect(loggedPath('/api/invites/ki_abc123/accept')).toBe('/api/invites/[secret]/accept')
    expect(loggedPath('/api/workspaces/w1/invites/i1')).toBe('/api/workspaces/w1/invites/i1')
  })
})
