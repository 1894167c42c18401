/**
 * Sizes and counts that both sides enforce. The server refuses what exceeds them (with the close
 * codes in `protocol/close-codes.ts`); the client checks the same numbers before it sends, so a
 * well-behaved client is never disconnected for a limit it could have known about.
 */
export const limits = {
  /** Largest WebSocket frame either side accepts (also the server's `ws` maxPayload). 1 MiB. */
  maxMessageBytes: 1024 * 1024,
  /** Largest stored size of one document (snapshot plus update log). 32 MiB. */
  maxDocumentBytes: 32 * 1024 * 1024,
  /** Sockets open on one document at once. */
  maxConnectionsPerDocument: 1000,
  /** Inbound messages per second per connection, as a token bucket: sustained rate... */
  inboundMessagesPerSecond: 1000,
  /** ...and the burst it may spend at once. */
  inboundMessageBurst: 4000,
  /**
   * Inbound bytes per second per connection, sustained; the burst is twice that. Decoding and
   * applying a 1 MiB update of many small structs takes 100–200 ms here (docs/ARCHITECTURE.md), so
   * this bounds how long one connection can keep the event loop busy.
   */
  inboundBytesPerSecond: 2 * 1024 * 1024,
  /** Bytes queued for one socket that has stopped reading before the server drops it. */
  maxBufferedBytesPerConnection: 16 * 1024 * 1024,
  /** Longest document id (ids are `[A-Za-z0-9_-]`). */
  maxDocIdLength: 64,
  /** Largest awareness (presence) state of one client, as JSON. */
  maxAwarenessStateBytes: 8 * 1024,
  /**
   * Sync sockets one user may hold open at once, all documents and tabs together. A tab holds one
   * per open document plus its project tree, so ten busy tabs stay far below it.
   */
  maxSocketsPerUser: 100,
  /** Server-sent event streams one user may hold open at once (one per tab showing a project). */
  maxStreamsPerUser: 20,
} as const

/** The same shape with plain numbers, so a server can be started with tighter limits in tests. */
export type Limits = { readonly [K in keyof typeof limits]: number }

/** Document ids: URL-safe, short, and safe to use as a file or row key. */
export const DOC_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/
