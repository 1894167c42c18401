import { PassThrough } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import { startServer } from '../test/harness.ts'
import { sameOrigin } from '../test/same-origin.ts'

describe('the request log holds no secrets', () => {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  it('one-time sign-in links, invite links and sync tickets never reach the log', async () => {
    const log = new PassThrough()
    let text = ''
    log.on('data', (chunk: Buffer) => (text += chunk.toString()))
    const server = await startServer({ logLevel: 'info' }, undefined, { logStream: log })
    cleanups.push(server.close)
    const { fixture } = server
    const link = fixture.accounts.createSignInLink(fixture.owner.id)
    const { secret: invite } = fixture.directory.createInvite(fixture.workspaceId, 'viewer', fixture.owner.id)
    await fetch(`${server.url}/auth/link/${link}`, { redirect: 'manual' })
    await fetch(`${server.url}/api/invites/${invite}`)
    await fetch(`${server.url}/api/invites/${invite}/accept`, {
      method: 'POST',
      headers: { ...sameOrigin(server), 'content-type': 'application/json' },
      body: '{}',
    })
    await fetch(`${server.url}/api/health?ticket=kc_in_the_query`)
    await new Promise((r) => setImmediate(r))
    expect(text).toContain('/auth/link/[secret]')
    expect(text).toContain('/api/invites/[secret]/accept')
    for (const secret of [link, invite, 'kc_in_the_query']) expect(text).not.toContain(secret)
  })
})
