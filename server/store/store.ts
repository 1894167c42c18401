/**
 * Where documents live. The sync core only talks to this interface, so a PostgreSQL store can
 * follow without touching rooms or the protocol.
 *
 * Every method is synchronous on purpose: the room applies a batch, calls `append`, and
 * broadcasts in one synchronous step, so no other socket can ever observe a state that is not
 * on disk (see docs/ARCHITECTURE.md, "Commit before broadcast"). An asynchronous store would
 * need the room to hold its outbound queue across the await; that is a deliberate, separate
 * change, not something to slip in by returning a Promise here.
 */
export interface Store {
  /** The stored state of a document, or null when it was never written. */
  load(docId: string): StoredDocument | null
  /** Creates an empty document row if none exists; returns its metadata. */
  ensure(docId: string, at: number): DocumentMeta
  /**
   * Appends updates of one or more documents in ONE transaction (group commit): either every
   * record is durable when this returns, or it throws and none is. Returns the seq of each record.
   */
  append(records: readonly AppendRecord[]): number[]
  /**
   * Replaces the snapshot with `snapshot`, which must hold every update with seq <= `upToSeq`.
   * The folded updates keep their rows and their bytes (the version history replays them), and
   * stop counting towards the size limit (`storedBytes`: snapshot + the log after it). When
   * enough has been logged since the last checkpoint (the store's policy, K updates or bytes), the
   * snapshot is kept as a checkpoint too, so any past state replays in bounded time. Atomic.
   */
  compact(docId: string, snapshot: Uint8Array, upToSeq: number): void
  /**
   * Update records with `afterSeq < seq <= upToSeq`, in seq order, with their bytes (`data` is
   * null for updates folded before history kept them: at or before the document's oldest checkpoint).
   */
  readLog(docId: string, afterSeq: number, upToSeq: number): LoggedUpdate[]
  /** The newest checkpoint at or before `seq`, or null (replay the log from the start). */
  checkpointAt(docId: string, seq: number): Checkpoint | null
  /** What a document's history holds on disk: the log bytes kept and its checkpoints' bytes. */
  historyBytes(docId: string): { logBytes: number; checkpointBytes: number }
  /** Metadata of one document, or null. */
  meta(docId: string): DocumentMeta | null
  /** Metadata of every document, most recently updated first. */
  list(): DocumentMeta[]
  /** Update records (metadata only) of a document, newest first. */
  history(docId: string, limit: number): UpdateMeta[]
  close(): void
}

export interface AppendRecord {
  docId: string
  data: Uint8Array
  /** The connection's user id; 'anonymous' until accounts exist. */
  userId: string
  /** Milliseconds since the epoch. */
  at: number
}

export interface StoredDocument {
  meta: DocumentMeta
  snapshot: Uint8Array | null
  /** Updates after the snapshot, in seq order. */
  updates: Uint8Array[]
}

export interface DocumentMeta {
  id: string
  createdAt: number
  updatedAt: number
  snapshotSeq: number
  lastSeq: number
  /** Bytes of the snapshot plus the log rows not yet compacted: what the size limit counts. */
  storedBytes: number
  logBytes: number
  logCount: number
}

export interface UpdateMeta {
  seq: number
  at: number
  userId: string
  size: number
}

export interface LoggedUpdate extends UpdateMeta {
  data: Uint8Array | null
}

/** The full encoded state of a document after update `seq`. */
export interface Checkpoint {
  seq: number
  data: Uint8Array
}
