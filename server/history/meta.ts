import type { VersionAuthor, VersionMeta } from '#shared/api/history'
import { EDIT_TIME_LIMITS } from '#shared/limits'
import type { HistoryStore, VersionRow } from './history-store.ts'

/** A user id → display name lookup (the accounts directory); null for an unknown user. */
export type NameOf = (userId: string) => string | null

/** Names are read when shown, so a renamed account shows its new name in every version. */
export function authorOf(nameOf: NameOf, userId: string): VersionAuthor {
  return { userId, name: nameOf(userId) ?? (userId === 'anonymous' ? 'Anonymous' : 'Former member') }
}

/**
 * The offline span of a version's rows, shown only when its edits were made well before they
 * reached the server (a reconnect of a few seconds is not "offline").
 */
function offlineOf(history: Pick<HistoryStore, 'editTimes'>, docId: string, fromSeq: number, toSeq: number, startedAt: number): VersionMeta['offline'] {
  const span = history.editTimes(docId, fromSeq, toSeq)
  if (!span || startedAt - span.from < EDIT_TIME_LIMITS.offlineShownAfterMs) return null
  return { from: new Date(span.from).toISOString(), to: new Date(span.to).toISOString() }
}

export function toMeta(row: VersionRow, nameOf: NameOf, history: Pick<HistoryStore, 'editTimes'>): VersionMeta {
  return {
    id: row.id,
    docId: row.docId,
    kind: row.kind,
    name: row.name,
    fromSeq: row.fromSeq,
    toSeq: row.toSeq,
    startedAt: new Date(row.startedAt).toISOString(),
    endedAt: new Date(row.endedAt).toISOString(),
    authors: row.authors.map((id) => authorOf(nameOf, id)),
    summary: row.summary,
    open: false,
    restoredFrom: row.restoredFrom,
    createdBy: row.createdBy ? authorOf(nameOf, row.createdBy) : null,
    offline: offlineOf(history, row.docId, row.fromSeq, row.toSeq, row.startedAt),
  }
}

/**
 * The open burst as a list entry: the updates after the newest version (`id` 0: it is not a
 * version yet and has no id to ask for; "now" is `GET /api/docs/:id/content`). Read from the log,
 * so it is the same whether the room is loaded or a crash left the burst open.
 */
export function openMeta(history: HistoryStore, docId: string, lastSeq: number, nameOf: NameOf): VersionMeta | null {
  const from = history.latest(docId)?.toSeq ?? 0
  if (lastSeq <= from) return null
  const span = history.logSpan(docId, from)
  if (!span) return null
  const edits = Math.min(lastSeq, span.lastSeq) - from
  return {
    id: 0,
    docId,
    kind: 'auto',
    name: null,
    fromSeq: from + 1,
    toSeq: Math.min(lastSeq, span.lastSeq),
    startedAt: new Date(span.firstAt).toISOString(),
    endedAt: new Date(span.lastAt).toISOString(),
    authors: history.logAuthors(docId, from, lastSeq).map((id) => authorOf(nameOf, id)),
    summary: `Editing: ${edits} ${edits === 1 ? 'change' : 'changes'} so far`,
    open: true,
    restoredFrom: null,
    createdBy: null,
    offline: offlineOf(history, docId, from + 1, Math.min(lastSeq, span.lastSeq), span.firstAt),
  }
}
