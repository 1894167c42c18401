import * as encoding from 'lib0/encoding'
import { limits } from '#shared/limits'
import { CloseCode, MessageType, SyncMessageType } from '#shared/protocol/index'
import { int } from './helpers.ts'

/**
 * The kinds of bad input malformed.rel.test.ts sends (each builds one offence from a seeded
 * random source), and the frame builders they are written with.
 */
export const frame = (...parts: ((e: encoding.Encoder) => void)[]): Uint8Array => {
  const e = encoding.createEncoder()
  for (const p of parts) p(e)
  return encoding.toUint8Array(e)
}
export const uint = (n: number) => (e: encoding.Encoder) => encoding.writeVarUint(e, n)
const bytes = (b: Uint8Array) => (e: encoding.Encoder) => encoding.writeVarUint8Array(e, b)
const raw = (b: Uint8Array) => (e: encoding.Encoder) => encoding.writeUint8Array(e, b)
const str = (s: string) => (e: encoding.Encoder) => encoding.writeVarString(e, s)
const randomBytes = (rand: () => number, n: number) => Uint8Array.from({ length: n }, () => int(rand, 256))
const update = (u: Uint8Array) => frame(uint(MessageType.Sync), uint(SyncMessageType.Update), bytes(u))
const awareness = (a: Uint8Array) => frame(uint(MessageType.Awareness), bytes(a))
/** A one-struct update for client 7 whose length is absurd (the "clock bomb" shapes). */
const hugeStruct = (info: number, content: (e: encoding.Encoder) => void) =>
  frame(uint(1), uint(1), uint(7), uint(0), (e) => encoding.writeUint8(e, info), content, uint(0))

export interface Offence {
  docId?: string
  query?: string
  /** undefined: the owner's session; null: anonymous. */
  cookie?: string | null
  frames: (Uint8Array | string)[]
  /** The close code, 'ignored' (must stay open and change nothing), or 'closed-or-harmless'. */
  expect: number | 'ignored' | 'closed-or-harmless'
  /**
   * The sender may see 1006 instead: it is still writing a frame the server has already refused,
   * so the server's close frame can lose the race to a TCP reset of the unread bytes.
   */
  orReset?: true
}

const oversized = new Uint8Array(limits.maxMessageBytes + 1)

export type Kind = [name: string, make: (rand: () => number, ctx: { spoofClientId: number; ownerCookie: string }) => Offence]

export const kinds: Kind[] = [
  [
    'truncated-varint',
    (r) => ({ frames: [r() < 0.5 ? new Uint8Array([0x80 | int(r, 128)]) : new Uint8Array([0, 0x80 | int(r, 128)])], expect: CloseCode.MalformedMessage }),
  ],
  [
    'unknown-type',
    (r) => ({ frames: [frame(uint(r() < 0.5 ? 4 + int(r, 96) : 101 + int(r, 1e6)), raw(randomBytes(r, int(r, 8))))], expect: CloseCode.MalformedMessage }),
  ],
  [
    'unknown-sync-subtype',
    (r) => ({ frames: [frame(uint(MessageType.Sync), uint(3 + int(r, 1000)), bytes(randomBytes(r, 3)))], expect: CloseCode.MalformedMessage }),
  ],
  [
    'huge-length-prefix',
    (r) => ({ frames: [frame(uint(MessageType.Sync), uint(SyncMessageType.Update), uint(2 ** 32 + int(r, 2 ** 40)))], expect: CloseCode.MalformedMessage }),
  ],
  [
    'truncated-update',
    (r) => ({
      frames: [frame(uint(MessageType.Sync), uint(SyncMessageType.Update), uint(255), raw(randomBytes(r, int(r, 200))))],
      expect: CloseCode.MalformedMessage,
    }),
  ],
  ['text-frame', (r) => ({ frames: [`hello ${int(r, 1000)}`], expect: CloseCode.UnsupportedData })],
  ['oversized-frame', () => ({ frames: [oversized], expect: 1009, orReset: true })],
  [
    'update-unknown-document',
    (r, c) => ({ docId: `no-such-doc-${int(r, 1e9)}`, cookie: c.ownerCookie, frames: [update(new Uint8Array([0, 0]))], expect: CloseCode.DocumentNotFound }),
  ],
  [
    'awareness-spoof',
    (r, c) => ({
      frames: [awareness(frame(uint(1), uint(c.spoofClientId), uint(10_000 + int(r, 1e6)), str('{"user":{"name":"Mallory"}}')))],
      expect: 'ignored',
    }),
  ],
  [
    'awareness-invalid-json',
    (r) => ({
      frames: [awareness(frame(uint(1), uint(int(r, 1e6)), uint(1), str(['{nope', '{"a":', 'undefined', '{"a":1}}'][int(r, 4)]!)))],
      expect: CloseCode.MalformedMessage,
    }),
  ],
  [
    'awareness-not-object',
    (r) => ({
      frames: [awareness(frame(uint(1), uint(int(r, 1e6)), uint(1), str(['42', '"s"', '[1]', 'true'][int(r, 4)]!)))],
      expect: CloseCode.MalformedMessage,
    }),
  ],
  [
    'awareness-too-large',
    (r) => ({
      frames: [awareness(frame(uint(1), uint(int(r, 1e6)), uint(1), str(JSON.stringify({ x: 'y'.repeat(limits.maxAwarenessStateBytes) }))))],
      expect: CloseCode.MalformedMessage,
    }),
  ],
  ['awareness-huge-count', (r) => ({ frames: [awareness(frame(uint(2 ** 20 + int(r, 2 ** 30))))], expect: CloseCode.MalformedMessage })],
  ['zero-length-update', () => ({ frames: [update(new Uint8Array(0))], expect: CloseCode.MalformedMessage })],
  ['huge-client-count', (r) => ({ frames: [update(frame(uint(2 ** 31 + int(r, 2 ** 20))))], expect: CloseCode.MalformedMessage })],
  ['huge-struct-count', (r) => ({ frames: [update(frame(uint(1), uint(2 ** 31 + int(r, 2 ** 20)), uint(7), uint(0)))], expect: CloseCode.MalformedMessage })],
  ['gc-2^50', () => ({ frames: [update(hugeStruct(0, uint(2 ** 50)))], expect: CloseCode.MalformedMessage })],
  [
    'deleted-2^40',
    () => ({
      frames: [
        update(
          hugeStruct(1, (e) => {
            encoding.writeVarUint(e, 1)
            encoding.writeVarString(e, 'text')
            encoding.writeVarUint(e, 2 ** 40)
          }),
        ),
      ],
      expect: CloseCode.MalformedMessage,
    }),
  ],
  // Random bytes can decode by chance; such an update is valid and harmless (on its own document).
  ['random-update-bytes', (r) => ({ docId: 'fuzz', frames: [update(randomBytes(r, 1 + int(r, 300)))], expect: 'closed-or-harmless' })],
  ['client-sent-ack', (r) => ({ frames: [frame(uint(MessageType.Ack), uint(int(r, 1e6)))], expect: CloseCode.MalformedMessage })],
  ['empty-frame', () => ({ frames: [new Uint8Array(0)], expect: CloseCode.MalformedMessage })],
  [
    'anonymous-flood',
    (r) => ({ cookie: null, frames: Array.from({ length: 50 + int(r, 200) }, () => update(randomBytes(r, 20))), expect: CloseCode.Unauthenticated }),
  ],
  ['invalid-doc-id', (r) => ({ docId: ['not.valid', 'x'.repeat(65), 'a%20b', 'semi;colon'][int(r, 4)]!, frames: [], expect: CloseCode.DocumentNotFound })],
  ['old-protocol', () => ({ query: '?keel=0', frames: [], expect: CloseCode.ClientTooOld })],
]
// Three bursts' worth: the bucket refills while the server reads, so on a machine busy enough
// to take half a second over the frames, burst + 500 never ran dry (a flake under load).
const floodFrames = Array.from({ length: limits.inboundMessageBurst * 3 }, () => frame(uint(MessageType.QueryAwareness)))
export const FLOOD: Kind = ['rate-flood', () => ({ frames: floodFrames, expect: CloseCode.RateLimited })]
