import type { DiffEntry } from '#shared/history/types'

/**
 * How the compare view lays out a diff, pure: which entries show, which unchanged runs fold into
 * "… 12 unchanged blocks …", and the order "next change" walks. Entries come in reading order
 * (shared/history/types.ts), so the change order is simply their order.
 */

export type Row = { kind: 'entry'; entry: DiffEntry; at: number; change: number | null } | { kind: 'fold'; from: number; to: number; count: number }

export interface FoldOptions {
  /** Unchanged blocks kept visible next to a change, each side: they give the change its place. */
  context: number
  /** A run is folded only when it hides at least this many blocks (folding 1 block saves nothing). */
  minFold: number
}

export const FOLD_DEFAULTS: FoldOptions = { context: 1, minFold: 3 }

/** Indexes (into `entries`) of the entries that are changes, in reading order. */
export function changeOrder(entries: readonly DiffEntry[]): number[] {
  const out: number[] = []
  entries.forEach((e, i) => {
    if (e.kind !== 'same') out.push(i)
  })
  return out
}

/**
 * The rows to draw. A run of unchanged entries keeps `context` entries next to each neighbouring
 * change and folds the rest; `open` holds the first entry index of each fold the reader opened.
 * A document with no change at all is one fold (the view says "no changes" above it).
 */
export function buildRows(entries: readonly DiffEntry[], open: ReadonlySet<number> = new Set(), options: FoldOptions = FOLD_DEFAULTS): Row[] {
  const rows: Row[] = []
  let change = 0
  let i = 0
  while (i < entries.length) {
    const entry = entries[i]!
    if (entry.kind !== 'same') {
      rows.push({ kind: 'entry', entry, at: i, change: change++ })
      i++
      continue
    }
    let end = i
    while (end < entries.length && entries[end]!.kind === 'same') end++
    // Context only on a side that has a change.
    const head = i > 0 ? options.context : 0
    const tail = end < entries.length ? options.context : 0
    const hidden = end - i - head - tail
    if (hidden >= options.minFold && !open.has(i + head)) {
      for (let k = i; k < i + head; k++) rows.push({ kind: 'entry', entry: entries[k]!, at: k, change: null })
      rows.push({ kind: 'fold', from: i + head, to: end - tail, count: hidden })
      for (let k = end - tail; k < end; k++) rows.push({ kind: 'entry', entry: entries[k]!, at: k, change: null })
    } else {
      for (let k = i; k < end; k++) rows.push({ kind: 'entry', entry: entries[k]!, at: k, change: null })
    }
    i = end
  }
  return rows
}

/** The next position in the change list: from nothing, "next" starts at the first, "previous" at the last; the ends hold. */
export function stepChange(current: number | null, total: number, direction: 1 | -1): number | null {
  if (total === 0) return null
  if (current === null) return direction === 1 ? 0 : total - 1
  return Math.min(total - 1, Math.max(0, current + direction))
}

/**
 * Where a block was, for a moved block's note ("from under “Evaluation”"): the text of the nearest
 * heading above it, or null when it was above every heading.
 */
export function sectionOf(blocks: readonly { type: string; content?: readonly { text?: string }[] }[], index: number): string | null {
  for (let i = index - 1; i >= 0; i--) {
    const b = blocks[i]!
    if (b.type !== 'heading') continue
    const title = (b.content ?? [])
      .map((c) => c.text ?? '')
      .join('')
      .trim()
    if (title) return title.length > 60 ? `${title.slice(0, 59)}…` : title
  }
  return null
}
