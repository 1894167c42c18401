import * as Y from 'yjs'
import type { VersionKind } from '#shared/api/history'
import type { Room } from '../collab/room.ts'
import type { Store } from '../store/store.ts'
import { type Contents, EMPTY_DOC } from './contents.ts'
import type { HistoryStore, VersionRow } from './history-store.ts'
import { clientRangesOf } from './state-at.ts'
import { diffDocs } from '#shared/history/diff'
import { HISTORY_LIMITS } from '#shared/limits'
import { versionJson } from './version-json.ts'

export interface RecordInput {
  /** First update of the burst; above the room's lastSeq for a version that changed nothing. */
  fromSeq: number
  kind: VersionKind
  name?: string | null
  createdBy?: string | null
  restoredFrom?: number | null
}

/**
 * The summary line reads block kinds, fields and runs, never word-level text diffs: closing a
 * version skips them (on a 20k-block page they were most of the close). Block matching keeps the
 * diff's own bound.
 */
const SUMMARY_LIMITS = { ...HISTORY_LIMITS, maxInlineDiffChars: 0, maxDiffTextChars: 0 } as unknown as typeof HISTORY_LIMITS

/**
 * Closes a burst into a version row: what it costs (reading the burst's log rows, the JSON of the
 * document, a diff against the previous version, the state vector) is paid here, once per
 * version, never on the commit path. The room must be loaded and not failed: its doc is the
 * committed state at `room.lastSeq` (Room's invariant), which is the version's state.
 */
export class VersionRecorder {
  constructor(
    private readonly store: Store,
    private readonly history: HistoryStore,
    private readonly contents: Contents,
  ) {}

  record(room: Room, input: RecordInput, now = Date.now()): VersionRow {
    const docId = room.id
    const toSeq = room.lastSeq
    const fromSeq = Math.min(input.fromSeq, toSeq)
    const rows = input.fromSeq <= toSeq ? this.store.readLog(docId, input.fromSeq - 1, toSeq) : []
    const authors = [...new Set(rows.map((r) => r.userId))]
    if (authors.length === 0 && input.createdBy) authors.push(input.createdBy)
    const current = versionJson(room.doc)
    let summary = 'No changes'
    if (rows.length > 0) {
      let previous = EMPTY_DOC
      try {
        previous = this.contents.at(docId, input.fromSeq - 1)
      } catch {
        // Before the document's history began (no checkpoint covers it): compare with nothing.
      }
      summary = diffDocs(previous, current, SUMMARY_LIMITS).summary
    }
    if (input.kind === 'restore') summary = `Restored an earlier version${summary === 'No changes' ? ' (no changes)' : `: ${summary}`}`
    this.contents.put(docId, toSeq, current)
    return this.history.addVersion(
      {
        docId,
        kind: input.kind,
        name: input.name ?? null,
        // A version with no changes (a name given to an unchanged state, a restore that changed
        // nothing) is the state at toSeq: fromSeq = toSeq, the previous version's last update, on
        // purpose. Its range reads "the state after update toSeq", never "these updates"; the
        // empty range fromSeq = toSeq + 1 would point past the log.
        fromSeq: rows.length > 0 ? fromSeq : toSeq,
        toSeq,
        startedAt: rows[0]?.at ?? now,
        endedAt: rows[rows.length - 1]?.at ?? now,
        authors,
        summary,
        stateVector: Y.encodeStateVector(room.doc),
        restoredFrom: input.restoredFrom ?? null,
        createdBy: input.createdBy ?? null,
      },
      clientRangesOf(rows),
    )
  }
}
