import type { CloseCode } from '#shared/protocol/index'

/** What a room needs from a connection: the socket details stay in connection.ts. */
export interface Peer {
  readonly id: number
  /** Who the server writes into each update record ('anonymous' until accounts exist). */
  readonly userId: string
  /** Sends one binary frame; a peer whose buffer is over its limit closes itself instead. */
  send(frame: Uint8Array): void
  /** Tells the peer every update-bearing frame up to `seq` is on disk (only if it opted in). */
  ack(seq: number): void
  close(code: CloseCode, detail?: string): void
}
