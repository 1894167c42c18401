import * as decoding from 'lib0/decoding'
import type { FastifyBaseLogger } from 'fastify'
import type { WebSocket } from 'ws'
import type { Limits } from '#shared/limits'
import { CloseCode, closeReason, encodeAck, MessageType, SyncMessageType } from '#shared/protocol/index'
import { awarenessMessage } from './messages.ts'
import { canEdit, type Role } from '#shared/auth/roles'
import type { LiveSocket } from './live-sockets.ts'
import type { Identity, Peer } from './peer.ts'
import type { RoomRegistry } from './registry.ts'
import type { Room } from './room.ts'
import { sendPreframed } from './preframed.ts'
import { corkInBatch } from './send-batch.ts'
import { TokenBucket } from './token-bucket.ts'
import { assertValidUpdate, clockRanges, decodeAwareness, isNoop, MalformedInput, TooComplex } from './validate.ts'

let nextId = 1
/** ws copies its send options; one shared object spares an allocation per frame. */
const BINARY = { binary: true } as const

/**
 * One socket on one document: checks every frame against the limits, decodes it, and hands it to
 * the room. Anything wrong closes this socket only, with a documented code.
 */
export interface ConnectionOptions {
  identity: Identity
  role: Role
  workspaceId: string
  sessionHash: string | null
  tokenId: string | null
  wantsAcks: boolean
  limits: Limits
}

export class Connection implements Peer, LiveSocket {
  readonly id = nextId++
  readonly userId: string
  readonly identity: Identity
  readonly workspaceId: string
  readonly sessionHash: string | null
  readonly tokenId: string | null
  /** Viewers, commenters and read tokens receive everything and may change nothing. */
  readonly readOnly: boolean
  /** Opted into Keel's Ack message with `?keel=<version>`; plain y-websocket clients did not. */
  private readonly wantsAcks: boolean
  private room: Room | null = null
  /** Frames that arrived before the room was joined (the listener is attached before any await). */
  private early: Uint8Array[] | null = []
  /** Update-bearing frames received so far: the numbering acks refer to. */
  private updateFrames = 0
  private closed = false
  private readonly messageBucket: TokenBucket
  private readonly byteBucket: TokenBucket
  private readonly limits: Limits

  constructor(
    private readonly socket: WebSocket,
    private readonly registry: RoomRegistry,
    private readonly log: FastifyBaseLogger,
    readonly docId: string,
    options: ConnectionOptions,
  ) {
    this.identity = options.identity
    this.userId = options.identity.id
    this.workspaceId = options.workspaceId
    this.sessionHash = options.sessionHash
    this.tokenId = options.tokenId
    this.readOnly = !canEdit(options.role)
    this.wantsAcks = options.wantsAcks
    this.limits = options.limits
    this.messageBucket = new TokenBucket(this.limits.inboundMessagesPerSecond, this.limits.inboundMessageBurst)
    this.byteBucket = new TokenBucket(this.limits.inboundBytesPerSecond, this.limits.inboundBytesPerSecond * 2)
    socket.on('message', (data, isBinary) => this.onFrame(data as Buffer, isBinary))
    socket.on('close', () => this.onClose())
    // Protocol errors (a frame over maxPayload, ...) are the client's: socket-errors.ts logs them once.
    socket.on('error', (err) => this.log.debug({ conn: this.id, code: (err as Error & { code?: string }).code, reason: err.message }, 'socket error'))
  }

  /** Joins the room and replays frames that arrived meanwhile. */
  start(): void {
    if (this.closed) return
    this.room = this.registry.join(this.docId, this)
    if (!this.room.peers.has(this)) return // refused (too many connections)
    const early = this.early ?? []
    this.early = null
    for (const frame of early) {
      if (this.closed) return
      this.handle(frame)
    }
  }

  send(frame: Uint8Array): void {
    if (this.closed) return
    if (this.socket.bufferedAmount > this.limits.maxBufferedBytesPerConnection) {
      this.close(CloseCode.SlowConsumer)
      return
    }
    // The underlying TCP socket (ws keeps it as `_socket`): corked for the rest of a commit's sends.
    corkInBatch((this.socket as unknown as { _socket?: import('node:net').Socket })._socket)
    if (!sendPreframed(this.socket, frame)) this.socket.send(frame, BINARY)
  }

  ack(seq: number): void {
    if (this.wantsAcks) this.send(encodeAck(seq))
  }

  close(code: CloseCode, detail?: string): void {
    if (this.closed) return
    this.closed = true
    const level = code === CloseCode.ShuttingDown ? 'debug' : 'warn'
    this.log[level]({ conn: this.id, docId: this.docId, code, detail }, `closing socket: ${closeReason[code]}`)
    if (code === CloseCode.SlowConsumer) {
      // Its buffer is full: a close frame would queue behind megabytes. Cut it.
      this.socket.terminate()
    } else {
      this.socket.close(code, closeReason[code])
    }
    this.leaveRoom()
  }

  private onFrame(data: Buffer, isBinary: boolean): void {
    if (this.closed) return
    if (!isBinary) return this.close(CloseCode.UnsupportedData)
    if (!this.messageBucket.take(1) || !this.byteBucket.take(data.byteLength)) {
      return this.close(CloseCode.RateLimited)
    }
    const frame = new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
    if (this.early) {
      this.early.push(frame)
      return
    }
    this.handle(frame)
  }

  private handle(frame: Uint8Array): void {
    const room = this.room
    if (!room) return
    try {
      const decoder = decoding.createDecoder(frame)
      const type = decoding.readVarUint(decoder)
      switch (type) {
        case MessageType.Sync:
          return this.handleSync(room, decoder)
        case MessageType.Awareness: {
          return room.applyAwareness(this, decodeAwareness(decoding.readVarUint8Array(decoder), this.limits))
        }
        case MessageType.QueryAwareness:
          return this.send(awarenessMessage(room.awareness, [...room.awareness.getStates().keys()]))
        default:
          throw new MalformedInput(`unknown message type ${type}`)
      }
    } catch (err) {
      this.close(err instanceof TooComplex ? CloseCode.UpdateTooComplex : CloseCode.MalformedMessage, (err as Error).message)
    }
  }

  private handleSync(room: Room, decoder: decoding.Decoder): void {
    const sub = decoding.readVarUint(decoder)
    switch (sub) {
      case SyncMessageType.Step1:
        return room.answerStep1(this, decoding.readVarUint8Array(decoder))
      case SyncMessageType.Step2:
      case SyncMessageType.Update: {
        const update = decoding.readVarUint8Array(decoder)
        const decoded = assertValidUpdate(update, this.limits.maxStructsPerUpdate)
        if (this.readOnly && !isNoop(room.doc, decoded)) {
          // Refused whole and never applied: nothing of it reaches the doc, the disk or anyone.
          return this.close(CloseCode.Forbidden, 'write on a read-only connection')
        }
        this.updateFrames++
        return this.registry.enqueue(room, this, this.updateFrames, update, clockRanges(decoded), decoded.shape)
      }
      default:
        throw new MalformedInput(`unknown sync message type ${sub}`)
    }
  }

  private onClose(): void {
    this.closed = true
    this.leaveRoom()
  }

  private leaveRoom(): void {
    this.early = null
    if (this.room) this.registry.leave(this.room, this)
    this.room = null
  }
}
