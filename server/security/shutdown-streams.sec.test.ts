import { describe, expect, it } from 'vitest'
import { startServer } from '../test/harness.ts'
import { openStream, settlesWithin } from './channels.ts'

describe('event streams at shutdown', () => {
  it('ends open streams so the server can close (an open response used to hold close() forever)', async () => {
    const server = await startServer()
    const stream = await openStream(server, server.fixture.projectId, { cookie: server.fixture.owner.cookie })
    const closing = server.close()
    expect(await settlesWithin(closing, 3000), 'close() returned').toBe(true)
    expect(await settlesWithin(stream.ended, 1000)).toBe(true)
    expect(stream.text()).toContain('"reason":"server shutting down"')
  })
})
