import type { CloseCode } from '#shared/protocol/index'

export interface Identity {
  id: string
  name: string
  color: string
}

/** What a room needs from a connection: the socket details stay in connection.ts. */
export interface Peer {
  readonly id: number
  /** Who the server writes into each update record. */
  readonly userId: string
  /** The authenticated identity the server puts into this peer's awareness states. */
  readonly identity: Identity
  /** Sends one binary frame; a peer whose buffer is over its limit closes itself instead. */
  send(frame: Uint8Array): void
  /** Tells the peer every update-bearing frame up to `seq` is on disk (only if it opted in). */
  ack(seq: number): void
  close(code: CloseCode, detail?: string): void
}
