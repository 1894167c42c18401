import { describe, expect, it } from 'vitest'
import { signOffOf } from './ChecklistItems.tsx'

const item = {
  id: 'mlts-1',
  text: 'Feature expectations are captured in a schema',
  required: true,
  owner: null,
  signedBy: 'u-owner',
  signedAt: '2026-01-01T00:00:00.000Z',
  evidence: null,
  area: 'Data',
  order: 0,
}

describe('what a checklist item shows as signed', () => {
  it('the server’s answer only: a document claim it does not vouch for is unverified', () => {
    const verified = new Map([
      [
        'mlts-1',
        { id: 'mlts-1', signedBy: null, signedAt: null, unverified: { signedBy: 'u-owner', signedAt: item.signedAt, reason: 'no sign-off on record' } },
      ],
    ])
    expect(signOffOf(item, verified)).toMatchObject({ signedBy: null, unverified: { signedBy: 'u-owner' } })
  })

  it('before the server has answered (offline, loading), a document claim is not shown as signed', () => {
    expect(signOffOf(item, null)).toEqual({
      signedBy: null,
      signedAt: null,
      unverified: { signedBy: 'u-owner', signedAt: item.signedAt, reason: 'not checked with the server yet' },
    })
    expect(signOffOf({ ...item, signedBy: null, signedAt: null }, null)).toEqual({ signedBy: null, signedAt: null, unverified: null })
  })

  it('a verified sign-off is shown as its signer’s', () => {
    const verified = new Map([['mlts-1', { id: 'mlts-1', signedBy: 'u-owner', signedAt: item.signedAt, unverified: null }]])
    expect(signOffOf(item, verified)).toMatchObject({ signedBy: 'u-owner', unverified: null })
  })
})
