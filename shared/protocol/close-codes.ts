/**
 * WebSocket close codes the sync server uses, named once for both sides.
 *
 * y-websocket (3.x) never reconnects after a code in 4400–4499 (the server decided and retrying
 * cannot help) and reconnects with backoff after anything else, including 4500–4599. The ranges
 * below follow that: 44xx is final, 45xx means "try again later".
 */
export const CloseCode = {
  /** A frame that does not decode: truncated, unknown type, bad update or awareness. Final. */
  MalformedMessage: 4400,
  /** No valid session or ticket, or it ended (signed out, token revoked). Final: sign in again. */
  Unauthenticated: 4401,
  /** A write on a read-only connection (viewer, commenter, read token). Nothing was applied. Final. */
  Forbidden: 4403,
  /** The document id is not valid, the document does not exist, or it is not shared with you. Final. */
  DocumentNotFound: 4404,
  /**
   * Applying the update would take the document past `limits.maxDocumentBytes` or
   * `limits.maxStructsPerDocument`. Deletions (and updates that remove at least as much as they
   * add) are never refused for this. Final.
   */
  DocumentTooLarge: 4413,
  /** One update with more than `limits.maxStructsPerUpdate` structs and delete ranges. Final. */
  UpdateTooComplex: 4414,
  /** A text frame: the protocol is binary only. Final. */
  UnsupportedData: 4415,
  /** The client speaks an older protocol than the server accepts; reload the app. Final. */
  ClientTooOld: 4426,
  /** The server could not store the update (disk full, database locked). Retry. */
  StorageUnavailable: 4500,
  /** The server is shutting down or restarting after flushing everything. Retry. */
  ShuttingDown: 4503,
  /** The socket stopped reading and its send buffer passed its limit. Retry. */
  SlowConsumer: 4508,
  /** The document already has `limits.maxConnectionsPerDocument` sockets. Retry. */
  TooManyConnections: 4509,
  /** The user already holds `limits.maxSocketsPerUser` sockets (all documents). Retry after backoff. */
  TooManySocketsForUser: 4510,
  /** The user's role or membership changed: reconnect to be authorised afresh. Retry. */
  AccessChanged: 4511,
  /** The connection sent faster than `limits.inbound*PerSecond`. Retry after backoff. */
  RateLimited: 4529,
} as const

export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode]

/** Short, stable reasons sent with each code (a close reason may be at most 123 bytes). */
export const closeReason: Record<CloseCode, string> = {
  [CloseCode.MalformedMessage]: 'malformed message',
  [CloseCode.Unauthenticated]: 'unauthenticated',
  [CloseCode.Forbidden]: 'forbidden',
  [CloseCode.DocumentNotFound]: 'document not found',
  [CloseCode.DocumentTooLarge]: 'document too large',
  [CloseCode.UpdateTooComplex]: 'update has too many structures',
  [CloseCode.UnsupportedData]: 'text frames are not supported',
  [CloseCode.ClientTooOld]: 'client too old, reload the app',
  [CloseCode.StorageUnavailable]: 'storage unavailable, retrying',
  [CloseCode.ShuttingDown]: 'server shutting down',
  [CloseCode.SlowConsumer]: 'slow consumer',
  [CloseCode.TooManyConnections]: 'too many connections to this document',
  [CloseCode.TooManySocketsForUser]: 'too many sockets for this user',
  [CloseCode.AccessChanged]: 'access changed, reconnecting',
  [CloseCode.RateLimited]: 'rate limited',
}

/** True when y-websocket will not reconnect after this code. */
export const isFinalCloseCode = (code: number): boolean => code >= 4400 && code < 4500
