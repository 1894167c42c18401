/**
 * Message types on the sync socket. Every frame is binary and starts with a varUint type.
 * 0–3 are y-websocket's own; 100+ are Keel extensions, sent only to clients that opted in.
 */
export const MessageType = {
  /** y-protocols sync: step 1 (state vector), step 2 (missing updates), update. */
  Sync: 0,
  /** y-protocols awareness update (presence, cursors). */
  Awareness: 1,
  /** y-protocols auth (permission denied); reserved by y-websocket. */
  Auth: 2,
  /** Ask the other side to send its full awareness state. */
  QueryAwareness: 3,
  /**
   * Keel: the server committed to disk every update-bearing message this connection sent, up to
   * and including the one numbered by the payload (varUint, counting from 1 per connection).
   */
  Ack: 100,
} as const

export type MessageType = (typeof MessageType)[keyof typeof MessageType]

/** Sub-types inside a Sync message (y-protocols/sync). */
export const SyncMessageType = {
  Step1: 0,
  Step2: 1,
  Update: 2,
} as const
