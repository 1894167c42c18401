import * as encoding from 'lib0/encoding'
import { describe, expect, it } from 'vitest'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import { MessageType } from '#shared/protocol/index'
import { AckTracker, watchLocalChanges, type SocketId } from './ack-tracker.ts'

/**
 * A stand-in for the WebsocketProvider + counting socket: it encodes real y-protocols frames from
 * real Y.Doc updates and reports them to the tracker exactly as the session wiring does.
 */
class Harness {
  readonly doc = new Y.Doc()
  /** The "server": receives what we send, so step 2 diffs are real. */
  readonly server = new Y.Doc()
  readonly providerOrigin = { name: 'provider' }
  readonly idbOrigin = { name: 'indexeddb' }
  readonly persisted: number[] = []
  readonly tracker: AckTracker
  current: SocketId | null = null
  sent = new Map<SocketId, Uint8Array[]>()

  constructor(baseline = 0, { watchAfterProvider = false } = {}) {
    this.tracker = new AckTracker({ baseline, onChange: (n) => this.persisted.push(n) })
    const origins = new Set<unknown>([this.providerOrigin, this.idbOrigin])
    if (!watchAfterProvider) watchLocalChanges(this.doc, this.tracker, origins)
    // Like y-websocket's _updateHandler: forward every non-provider update on the open socket.
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === this.providerOrigin || this.current === null) return
      const e = encoding.createEncoder()
      encoding.writeVarUint(e, MessageType.Sync)
      syncProtocol.writeUpdate(e, update)
      this.send(encoding.toUint8Array(e))
    })
    if (watchAfterProvider) watchLocalChanges(this.doc, this.tracker, origins)
  }

  send(frame: Uint8Array): void {
    const socket = this.current!
    this.sent.get(socket)!.push(frame)
    this.tracker.frameSent(socket, frame)
  }

  edit(n: number): void {
    const text = this.doc.getText('t')
    for (let i = 0; i < n; i++) text.insert(text.length, 'x')
  }

  /** Open a socket: send step 1 and awareness (not numbered), then answer the server's step 1. */
  open(id: SocketId): void {
    this.current = id
    this.sent.set(id, [])
    const step1 = encoding.createEncoder()
    encoding.writeVarUint(step1, MessageType.Sync)
    syncProtocol.writeSyncStep1(step1, this.doc)
    this.send(encoding.toUint8Array(step1))
    const aw = new awarenessProtocol.Awareness(this.doc)
    aw.setLocalState({ user: { name: 'a' } })
    const awe = encoding.createEncoder()
    encoding.writeVarUint(awe, MessageType.Awareness)
    encoding.writeVarUint8Array(awe, awarenessProtocol.encodeAwarenessUpdate(aw, [this.doc.clientID]))
    this.send(encoding.toUint8Array(awe))
    aw.destroy()
    const step2 = encoding.createEncoder()
    encoding.writeVarUint(step2, MessageType.Sync)
    syncProtocol.writeSyncStep2(step2, this.doc, Y.encodeStateVector(this.server))
    this.send(encoding.toUint8Array(step2))
  }

  close(id: SocketId): void {
    if (this.current === id) this.current = null
    this.tracker.socketClosed(id)
  }

  ack(id: SocketId, seq: number): void {
    this.tracker.acked(id, seq)
  }

  /** A change from another client, applied the way the provider applies it. */
  remote(n: number): void {
    const other = new Y.Doc()
    Y.applyUpdate(other, Y.encodeStateAsUpdate(this.doc))
    const text = other.getText('t')
    for (let i = 0; i < n; i++) text.insert(0, 'r')
    Y.applyUpdate(this.doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(this.doc)), this.providerOrigin)
  }

  /** Offline changes loaded back from IndexedDB on a new page load. */
  fromIndexedDb(n: number): void {
    const other = new Y.Doc()
    for (let i = 0; i < n; i++) other.getText('t').insert(0, 'i')
    Y.applyUpdate(this.doc, Y.encodeStateAsUpdate(other), this.idbOrigin)
  }
}

type Step = { edit: number } | { open: SocketId } | { close: SocketId } | { ack: [SocketId, number] } | { remote: number } | { idb: number }

function run(h: Harness, steps: Array<[Step, number]>): void {
  steps.forEach(([step, expected], i) => {
    if ('edit' in step) h.edit(step.edit)
    else if ('open' in step) h.open(step.open)
    else if ('close' in step) h.close(step.close)
    else if ('ack' in step) h.ack(...step.ack)
    else if ('remote' in step) h.remote(step.remote)
    else h.fromIndexedDb(step.idb)
    expect(h.tracker.unsaved, `after step ${i}: ${JSON.stringify(step)}`).toBe(expected)
  })
}

// Frame numbering per socket: step 1 and awareness are not numbered, so the step 2 sent on open
// is frame 1, and each edit while connected is the next number.
const scenarios: Array<{ name: string; baseline?: number; steps: Array<[Step, number]> }> = [
  {
    name: 'each acked update clears its change',
    steps: [
      [{ open: 1 }, 0],
      [{ edit: 1 }, 1],
      [{ ack: [1, 1] }, 1],
      [{ ack: [1, 2] }, 0],
    ],
  },
  {
    name: 'a coalesced ack covers every frame up to its number',
    steps: [
      [{ open: 1 }, 0],
      [{ edit: 3 }, 3],
      [{ ack: [1, 4] }, 0],
    ],
  },
  {
    name: 'a partial ack leaves later frames unsaved',
    steps: [
      [{ open: 1 }, 0],
      [{ edit: 3 }, 3],
      [{ ack: [1, 3] }, 1],
      [{ ack: [1, 4] }, 0],
    ],
  },
  {
    name: 'out-of-order or repeated acks never move saved backwards',
    steps: [
      [{ open: 1 }, 0],
      [{ edit: 2 }, 2],
      [{ ack: [1, 3] }, 0],
      [{ ack: [1, 2] }, 0],
      [{ edit: 1 }, 1],
      [{ ack: [1, 3] }, 1],
    ],
  },
  {
    name: "offline edits are covered by the next connection's step 2",
    steps: [
      [{ edit: 2 }, 2],
      [{ open: 1 }, 2],
      [{ ack: [1, 1] }, 0],
    ],
  },
  {
    name: 'a closed socket drops its marks; its changes wait for the next step 2',
    steps: [
      [{ open: 1 }, 0],
      [{ edit: 2 }, 2],
      [{ close: 1 }, 2],
      [{ ack: [1, 3] }, 2], // a late ack for the dead socket is ignored
      [{ edit: 1 }, 3],
      [{ open: 2 }, 3],
      [{ ack: [2, 1] }, 0],
    ],
  },
  {
    name: 'an ack on the old socket does not count frames of the new one',
    steps: [
      // socket 1: step 2 = #1, edit = #2. socket 2: step 2 = #1, edits = #2, #3.
      [{ open: 1 }, 0],
      [{ edit: 1 }, 1],
      [{ open: 2 }, 1],
      [{ edit: 1 }, 2],
      [{ ack: [1, 2] }, 1], // proves only the change socket 1 carried
      [{ edit: 1 }, 2],
      [{ ack: [2, 2] }, 1],
      [{ ack: [2, 3] }, 0],
    ],
  },
  {
    name: 'reload baseline: stored unsaved changes count until the first step 2 is acked',
    baseline: 3,
    steps: [
      [{ idb: 3 }, 3],
      [{ open: 1 }, 3],
      [{ edit: 1 }, 4],
      [{ ack: [1, 1] }, 1],
      [{ ack: [1, 2] }, 0],
    ],
  },
  {
    name: 'remote and IndexedDB updates are not local changes',
    steps: [
      [{ remote: 2 }, 0],
      [{ idb: 1 }, 0],
      [{ open: 1 }, 0],
      [{ remote: 1 }, 0],
      [{ edit: 1 }, 1],
      [{ ack: [1, 2] }, 0],
    ],
  },
  {
    name: 'an ack before any update-bearing frame proves nothing new',
    steps: [
      [{ edit: 1 }, 1],
      [{ open: 1 }, 1],
      [{ ack: [1, 0] }, 1],
      [{ ack: [1, 1] }, 0],
    ],
  },
]

describe('AckTracker', () => {
  it.each(scenarios)('$name', ({ baseline, steps }) => {
    run(new Harness(baseline), steps)
  })

  it('numbers only sync step 2 and sync update frames', () => {
    const h = new Harness()
    h.open(1)
    const frames = h.sent.get(1)!
    expect(frames.map((f) => [f[0], f[1]])).toEqual([
      [0, 0],
      [1, expect.any(Number)],
      [0, 1],
    ])
    h.edit(1)
    // Step 1 and awareness went out first, yet Ack(1) is the step 2 and Ack(2) the update.
    h.ack(1, 1)
    expect(h.tracker.unsaved).toBe(1)
    h.ack(1, 2)
    expect(h.tracker.unsaved).toBe(0)
  })

  it('counts undo-manager and null-origin transactions as local', () => {
    const h = new Harness()
    const undo = new Y.UndoManager(h.doc.getText('t'))
    h.edit(1)
    undo.stopCapturing()
    undo.undo()
    h.doc.transact(() => h.doc.getText('t').insert(0, 'y'), 'some-plugin')
    expect(h.tracker.unsaved).toBe(3)
  })

  it('reports each new unsaved count for persistence', () => {
    const h = new Harness(1)
    run(h, [
      [{ open: 1 }, 1],
      [{ edit: 2 }, 3],
      [{ ack: [1, 3] }, 0],
    ])
    expect(h.persisted).toEqual([2, 3, 0])
  })

  it('ignores nonsense baselines', () => {
    expect(new AckTracker({ baseline: -4 }).unsaved).toBe(0)
    expect(new AckTracker({ baseline: Number.NaN }).unsaved).toBe(0)
    expect(new AckTracker({ baseline: 1.5 }).unsaved).toBe(0)
  })

  it('must watch the doc before the provider listens (registration order matters)', () => {
    // The trap watchLocalChanges documents: watching after the sender records stale marks,
    // so the ack of the frame that carried the change does not clear it.
    const late = new Harness(0, { watchAfterProvider: true })
    run(late, [
      [{ open: 1 }, 0],
      [{ edit: 1 }, 1],
      [{ ack: [1, 2] }, 1],
    ])
    const early = new Harness(0)
    run(early, [
      [{ open: 1 }, 0],
      [{ edit: 1 }, 1],
      [{ ack: [1, 2] }, 0],
    ])
  })
})
