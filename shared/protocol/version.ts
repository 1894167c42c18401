/**
 * The Keel sync protocol is the standard y-websocket protocol plus opt-in extensions.
 * A client opts in by connecting with `?keel=<PROTOCOL_VERSION>`; an unmodified y-websocket
 * provider leaves it out and only ever receives standard messages.
 */
export const PROTOCOL_VERSION = 1
/** Clients older than this are refused with `CloseCode.ClientTooOld` and asked to reload. */
export const MIN_CLIENT_PROTOCOL_VERSION = 1
/** Query parameter that carries the client's protocol version. */
export const PROTOCOL_QUERY_PARAM = 'keel'
/** Path prefix of the sync socket: `/collab/:docId`. */
export const COLLAB_PATH = '/collab'
