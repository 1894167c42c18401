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
  /**
   * Most structures in one update: its structs (items, GC runs) plus its delete ranges (each can
   * split an item). Bytes alone do not bound the work: 1 MiB of one-character inserts is 80k+
   * structs, ~3 µs each to apply and ~200 bytes each in memory. Real editing is far below: one
   * transaction of the editing traces has at most 11 structs and 45 ranges; a whole long spec
   * (836 KB, headings, marks, lists) in one update is 33,858; the densest legitimate content we
   * measured (24.7 bytes a struct) fills a 1 MiB frame with ~42k. The client splits above it.
   */
  maxStructsPerUpdate: 50_000,
  /**
   * Most structs one loaded document may hold (its Y.Doc's struct store, adjacent items merged).
   * This, not bytes, is what a room costs: ~210 bytes of heap (text) to ~480 (map entries), and
   * 3 µs (appended map entries) to 5.5 µs (scattered one-character inserts) to load, per struct,
   * on the event loop. The largest real documents we measured hold 11k (automerge-paper, 105k
   * characters) to 34k (a long spec): 250k is 7× that, and at worst ~1.4 s of load and 50–120 MB.
   * Deletions are still accepted past it (see server/collab/admission.ts).
   */
  maxStructsPerDocument: 250_000,
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

/**
 * Bounds of version history work (shared so the client can say why a diff is partial). A diff or
 * a preview past these is cut short and says so (`truncated`), instead of holding the server.
 */
export const HISTORY_LIMITS = {
  /** Top-level blocks a diff matches block by block (beyond: compared by position only). */
  maxDiffBlocks: 20_000,
  /** Characters of one block's text that get a word-level diff. */
  maxInlineDiffChars: 20_000,
  /** Total characters given word-level diffs in one diff. */
  maxDiffTextChars: 2_000_000,
} as const

/** Offline edit times (`POST /api/docs/:id/edit-times`): what a client may say and how the server bounds it. */
export const EDIT_TIME_LIMITS = {
  /** Offline edit spans one `POST /api/docs/:id/edit-times` may carry (a client merges neighbouring runs first). */
  maxEditTimeSpans: 200,
  /** How far back from the newest update the server looks for the rows that carried a span's clocks. */
  editTimeScanRows: 5_000,
  /** An offline edit time older than this before its commit is clamped to it (a wrong clock, not a month offline). */
  maxOfflineAgeMs: 30 * 24 * 3_600_000,
  /** A version shows "edited offline" only when its edits were made at least this long before they reached the server. */
  offlineShownAfterMs: 60_000,
} as const

/** Bounds of the backup routes and of what a backup folder may hold (server/backup/). */
export const BACKUP_LIMITS = {
  /** "Back up now" requests per minute per address (one runs at a time in any case). */
  runsPerMinute: 6,
  /** List requests per minute per address (a read of a folder of small files). */
  listsPerMinute: 120,
  /** Failed backups remembered in memory when not even their folder could be written. */
  rememberedFailures: 24,
  /**
   * Largest manifest.json read from a backup folder (a bigger one is not ours). It lists every
   * attachment (about 150 bytes each): 64 MiB is some 400,000 of them.
   */
  maxManifestBytes: 64 * 1024 * 1024,
} as const

/**
 * Bounds of export and of importing a Keel JSON export (server/export/). An export past them is
 * refused with 413 `export_too_large` before any archive is built; an import file past them with
 * 413 (bytes) or 422 (documents), before anything is created.
 */
export const EXPORT_LIMITS = {
  /** Pages in one export (a project, a subtree). */
  maxPages: 2_000,
  /** Stored bytes (snapshot plus log) of every exported page together: what the export reads. 256 MiB. */
  maxBytes: 256 * 1024 * 1024,
  /** Largest JSON export file an import accepts (the request body). 128 MiB. */
  maxImportBytes: 128 * 1024 * 1024,
  /** Documents in one imported file. */
  maxImportDocs: 2_000,
  /** Entries in an imported .keel.zip (an export holds one): more, or a name twice, is refused before anything is inflated. */
  maxImportZipEntries: 4,
  /** Longest file or folder name in an archive, in characters (titles are cut there). */
  maxNameChars: 80,
} as const

/**
 * Bounds of an import (shared/import/, server/import/): what one upload may hold before any of it
 * is inflated or written. A zip's declared sizes are checked first; the bytes actually inflated
 * are counted too, so a lying header stops at the same bound.
 */
export const IMPORT_LIMITS = {
  /** Largest upload (a .zip or one .md) the server reads. */
  maxUploadBytes: 50 * 1024 * 1024,
  /** Entries in a zip (files and folders). */
  maxEntries: 10_000,
  /** Uncompressed bytes of every entry together. */
  maxTotalBytes: 200 * 1024 * 1024,
  /**
   * Uncompressed bytes of one entry: more than an attachment may be (ATTACHMENT_LIMITS.maxBytes),
   * so an export holding one oversized image imports with that file dropped, the plan saying why,
   * rather than being refused whole.
   */
  maxEntryBytes: 40 * 1024 * 1024,
  /**
   * Uncompressed-to-compressed ratio an entry over 1 MiB may declare. Text compresses 3–10×, a
   * repetitive log maybe 100×; deflate's ceiling is about 1032×, where a bomb lives.
   */
  maxRatio: 500,
  /** Characters of an entry's path, and folders deep. */
  maxPathLength: 512,
  maxDepth: 32,
  /** Pages written per turn of the event loop during a run at most (then setImmediate)... */
  pagesPerTick: 20,
  /**
   * ...pages made in one batch of a run's first pass at most (one tree commit for all of them),
   * within the same budget: each costs a row and a tree node, the batch a few syncs to disk.
   */
  pagesPerBatch: 100,
  /** ...and milliseconds of import work per turn: what a bystander's keystroke may wait for it. */
  tickBudgetMs: 20,
} as const

/**
 * Bounds of attachments (shared/attachments/, server/attachments/), enforced by the editor before
 * it uploads (with a message naming the limit) and by the server (413 `attachment_too_large`).
 */
export const ATTACHMENT_LIMITS = {
  /** Largest file, 25 MiB: plots, diagrams, a config, a small CSV; not datasets (those are registered, not attached). */
  maxBytes: 25 * 1024 * 1024,
  /** Characters of a file name (longer names are cut, keeping the extension). */
  maxNameChars: 200,
  /** Uploads per minute per person. */
  uploadsPerMinute: 60,
  /** Types shown inline as images. Everything else, SVG included, is served as a download. */
  inlineImageTypes: ['image/png', 'image/jpeg', 'image/gif', 'image/webp'],
} as const

/** Bounds of tab-separated text (a spreadsheet's copy) that a paste turns into a table (client/blocks/table/). */
export const TABLE_PASTE_LIMITS = {
  /** Rows and columns at most; a larger paste stays text (a table of thousands of rows is a dataset, not a page). */
  maxRows: 500,
  maxColumns: 50,
} as const

/** Bounds of the inbox (server/inbox/, client/components/inbox/, client/features/inbox/). */
export const INBOX_LIMITS = {
  /** A follower hears about one author's edits of one page at most once per this window (5 min). */
  watchBatchMs: 5 * 60_000,
  /** At most one email digest per person per this window (30 min), of unread entries only. */
  digestEveryMs: 30 * 60_000,
  /** Entries a digest lists at most (the rest are "and N more"). */
  digestMaxEntries: 20,
  /** Entries per page of GET /api/inbox, by default and at most. */
  pageSize: 50,
  maxPageSize: 100,
  /** How often an open tab asks for the unread count (ETag: an unchanged count costs a 304). */
  pollMs: 20_000,
  /** Characters of an entry's summary. */
  maxSummaryChars: 200,
} as const

/** Bounds of inline comments (server/comments/, docs/decisions/0009-comments.md). */
export const COMMENT_LIMITS = {
  /** Characters of one comment's body, tokens included. */
  maxBodyChars: 5000,
  /** Characters of the quoted text a thread keeps (a longer selection is cut with an ellipsis). */
  maxQuoteChars: 500,
  /** Threads on one document, open and resolved. */
  maxThreadsPerDoc: 500,
  /** Comments in one thread, the first included. */
  maxCommentsPerThread: 200,
  /** Members mentioned in one comment. */
  maxMentions: 20,
} as const

/** Full-text search (`GET /api/search`, the switcher, `keel search`). */
export const SEARCH_LIMITS = {
  /** Longest query accepted (a longer one is a 400, not a slow scan). */
  maxQueryChars: 200,
  /** Words of a query that count; the rest are ignored (each is one more index lookup). */
  maxTerms: 8,
  /** Hits per page by default, and the most a caller may ask for. */
  pageSize: 20,
  maxPageSize: 50,
  /** Longest text indexed per block (a pasted log is searched by its start). */
  maxBodyChars: 20_000,
} as const
