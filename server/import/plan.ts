import type { ImportAdapterKind, ImportPlan, ImportSettings, PlanAttachment, PlanItem } from '#shared/api/imports'
import type { Enumerated } from '#shared/import/adapter'
import type { Refusal } from '#shared/import/zip'
import type { DocRow } from '../hub/hub-store.ts'
import type { ImportedPage } from './import-store.ts'

/**
 * The dry run: each entry the adapter found, marked against what earlier imports of the same
 * source made in this project. A page already made from the entry is updated when the entry
 * changed and skipped when it did not; one in the trash is left there (skipped, saying so); one
 * erased for good is made again. The files the pages refer to come with what the run does with
 * each (attachments.ts); those dropped are listed with the files that make nothing.
 */
export function planImport(
  adapter: ImportAdapterKind,
  settings: ImportSettings,
  source: string,
  found: Enumerated,
  refused: Refusal[],
  imported: Map<string, ImportedPage>,
  docOf: (docId: string) => DocRow | null,
  projectId: string,
  parentTitle: string,
  attachments: PlanAttachment[] = [],
): ImportPlan {
  const titles = new Map(found.entries.map((e) => [e.sourceId, e.title]))
  const items: PlanItem[] = found.entries.map((e) => {
    const before = imported.get(e.sourceId)
    const row = before ? docOf(before.docId) : null
    const live = row && row.projectId === projectId ? row : null
    const base = { ...e, parentTitle: e.parentSourceId ? (titles.get(e.parentSourceId) ?? parentTitle) : parentTitle }
    if (!before || !live) return { ...base, action: 'create', reason: null, docId: null }
    if (live.archivedAt !== null)
      return { ...base, action: 'skip', reason: 'imported before; that page is in the trash (restore it to update it)', docId: live.id }
    if (before.hash === e.hash) return { ...base, action: 'skip', reason: 'imported before and unchanged since', docId: live.id }
    return { ...base, action: 'update', reason: 'imported before; its content will be replaced with the changed file', docId: live.id }
  })
  const count = (a: PlanItem['action']) => items.filter((i) => i.action === a).length
  const work = items.filter((i) => i.action !== 'skip')
  const toStore = attachments.filter((a) => a.action === 'store')
  const dropped = attachments.filter((a) => a.action === 'drop').map((a) => ({ path: a.path, reason: `attachment not stored: ${a.reason}` }))
  return {
    adapter,
    source,
    settings,
    ...(found.statuses ? { statuses: found.statuses } : {}),
    items,
    skipped: [...refused, ...found.skipped, ...dropped],
    totals: {
      create: count('create'),
      update: count('update'),
      skip: count('skip'),
      files: work.length,
      bytes: work.reduce((n, i) => n + i.bytes, 0) + toStore.reduce((n, a) => n + a.bytes, 0),
      attachments: toStore.length,
    },
    attachments,
  }
}
