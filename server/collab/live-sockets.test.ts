import { describe, expect, it } from 'vitest'
import { CloseCode } from '#shared/protocol/index'
import { type ChannelKind, type LiveChannel, LiveChannels } from './live-sockets.ts'

/** A channel that records what the registry did to it. */
function channel(kind: ChannelKind, over: Partial<LiveChannel> = {}) {
  const log: string[] = []
  const c: LiveChannel = {
    kind,
    userId: 'u1',
    workspaceId: 'w1',
    sessionHash: 's1',
    tokenId: null,
    close: (code, detail) => log.push(`close ${code} ${detail}`),
    ...(kind === 'stream' ? { accessChanged: () => log.push('recheck') } : {}),
    ...over,
  }
  return { c, log }
}

describe('LiveChannels', () => {
  it('counts per user and kind, and forgetting twice is harmless', () => {
    const live = new LiveChannels()
    const a = channel('socket')
    const b = channel('stream')
    const forgetA = live.add(a.c)
    live.add(b.c)
    live.add(channel('socket', { userId: 'u2' }).c)
    expect([live.countOf('u1', 'socket'), live.countOf('u1', 'stream'), live.countOf('u2', 'socket'), live.size]).toEqual([1, 1, 1, 3])
    forgetA()
    forgetA()
    expect([live.countOf('u1', 'socket'), live.size]).toEqual([0, 2])
  })

  it('ends every kind opened by a session or a token, and nothing else', () => {
    const live = new LiveChannels()
    const sock = channel('socket')
    const stream = channel('stream')
    const other = channel('stream', { sessionHash: 's2' })
    const byToken = channel('socket', { sessionHash: null, tokenId: 't1' })
    for (const x of [sock, stream, other, byToken]) live.add(x.c)
    expect(live.closeSessions(['s1'], 'password changed')).toBe(2)
    expect(sock.log).toEqual([`close ${CloseCode.Unauthenticated} password changed`])
    expect(stream.log).toEqual([`close ${CloseCode.Unauthenticated} password changed`])
    expect(other.log).toEqual([])
    expect(live.closeToken('t1')).toBe(1)
    expect(live.size).toBe(1)
  })

  it('on an access change: sockets reconnect (4511) and leave; streams re-check in place and stay registered', () => {
    const live = new LiveChannels()
    const sock = channel('socket')
    const stream = channel('stream')
    const elsewhere = channel('socket', { workspaceId: 'w2' })
    for (const x of [sock, stream, elsewhere]) live.add(x.c)
    expect(live.accessChanged('u1', 'w1')).toBe(2)
    expect(sock.log).toEqual([`close ${CloseCode.AccessChanged} access changed`])
    expect(stream.log).toEqual(['recheck'])
    expect(elsewhere.log).toEqual([])
    expect([live.countOf('u1', 'socket'), live.countOf('u1', 'stream')]).toEqual([1, 1])
  })

  it('ends only streams at shutdown', () => {
    const live = new LiveChannels()
    const sock = channel('socket')
    const stream = channel('stream')
    live.add(sock.c)
    live.add(stream.c)
    expect(live.endStreams('server shutting down')).toBe(1)
    expect(sock.log).toEqual([])
  })
})
