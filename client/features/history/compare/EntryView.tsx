import type { Ref } from 'react'
import type { JsonNode } from '#shared/api/docs'
import type { DiffEntry } from '#shared/history/types'
import { ChangeDetails } from './ChangeDetails.tsx'
import { keptShare, REWRITE_SHARE, type DiffSide } from './InlineDiff.tsx'
import { sectionOf } from './model.ts'
import { blockNoun } from './block-names.ts'
import { StaticBlock, textOf } from './StaticBlock.tsx'
import type { Names } from './wording.ts'

export type CompareMode = 'inline' | 'split'

const TAG: Record<Exclude<DiffEntry['kind'], 'same'>, string> = { added: 'Added', removed: 'Removed', changed: 'Changed', moved: 'Moved' }

interface Props {
  entry: DiffEntry
  before: readonly JsonNode[]
  after: readonly JsonNode[]
  names: Names
  mode: CompareMode
  /** Position in the change list, null for unchanged blocks. */
  change: number | null
  total: number
  active: boolean
  changeRef?: Ref<HTMLElement>
}

/**
 * One entry of the diff. Inline: the block once, edged by kind (removed struck through, changed
 * with its word diff). Side by side: the old block left and the new right on one row, an empty
 * side for an added or removed block, so the columns stay aligned per entry.
 */
export function EntryView({ entry, before, after, names, mode, change, total, active, changeRef }: Props) {
  const old = 'before' in entry ? before[entry.before] : undefined
  const now = 'after' in entry ? after[entry.after] : undefined
  const cell = (node: JsonNode | undefined, side: DiffSide) => {
    if (!node) return <div className="cv-cell cv-cell--empty" aria-hidden="true" />
    const ops = entry.kind === 'changed' ? entry.text : undefined
    return (
      <div className={`cv-cell cv-cell--${side}`}>
        <StaticBlock node={node} names={names} diff={ops ? { ops, side } : undefined} />
      </div>
    )
  }
  // No word diff (too long, past the diff's budget) or a rewrite: old then new, each whole.
  const rewritten = entry.kind === 'changed' && (entry.text ? keptShare(entry.text) < REWRITE_SHARE : !!old && !!now && textOf(old) !== textOf(now))
  const swapped = rewritten && !!old && !!now
  // A moved block shows once, at its new place; where it came from is said in words.
  const movedFrom = entry.kind === 'moved' ? sectionOf(before, entry.before) : null
  const wasAt = entry.kind === 'moved' ? (movedFrom ? `from under “${movedFrom}”` : 'from the top') : null
  const whole = (node: JsonNode | undefined) => (
    <div className="cv-cell">
      <StaticBlock node={node!} names={names} />
    </div>
  )
  const body =
    mode === 'split' ? (
      <div className="cv-pair">
        {entry.kind === 'moved' ? (
          <div className="cv-cell cv-cell--before cv-cell--note">Moved {wasAt}</div>
        ) : (
          cell(entry.kind === 'added' ? undefined : old, 'before')
        )}
        {cell(entry.kind === 'removed' ? undefined : now, 'after')}
      </div>
    ) : swapped ? (
      <>
        <div className="cv-swap cv-swap--old">{whole(old)}</div>
        <div className="cv-swap cv-swap--new">{whole(now)}</div>
      </>
    ) : (
      cell(entry.kind === 'removed' ? old : now, 'both')
    )

  if (entry.kind === 'same' || change === null) return <div className="cv-entry cv-entry--same">{body}</div>

  const noun = blockNoun((now ?? old)?.type)
  return (
    <section
      ref={changeRef}
      tabIndex={-1}
      className={`cv-entry cv-entry--${entry.kind}${active ? ' cv-entry--active' : ''}`}
      aria-label={`Change ${change + 1} of ${total}: ${noun} ${entry.kind}${wasAt ? `, ${wasAt}` : ''}`}
      data-change={change}
    >
      <span className={`cv-tag cv-tag--${entry.kind}`}>
        {TAG[entry.kind]} {noun}
        {wasAt && mode === 'inline' && <span className="cv-tag__note"> · {wasAt}</span>}
      </span>
      {body}
      {entry.kind === 'changed' && (
        // A task's title change is already drawn as the word diff in its row.
        <ChangeDetails fields={entry.text ? entry.fields.filter((f) => f.field !== 'title') : entry.fields} runs={entry.runs} names={names} />
      )}
    </section>
  )
}
