import type * as Y from 'yjs'
import { sameValue } from './canonical.ts'
import { CHECKLISTS_MAP } from '../ml/checklist.ts'
import { MODEL_CARDS_MAP } from '../ml/model-card.ts'
import { EXPERIMENTS_MAP } from '../ml/runs.ts'

/**
 * The root maps where ML blocks keep their data (runs, checklist items and decisions, card text
 * and run links), every key `<block id>␁…`. A restore that brought back only the XmlFragment would
 * show a version's experiment log with today's runs; these are restored beside it.
 */
export const BLOCK_DATA_MAPS = [EXPERIMENTS_MAP, CHECKLISTS_MAP, MODEL_CARDS_MAP] as const
const SEP = '\u0001'

/**
 * Makes `doc`'s block-data maps equal `version`'s, key by key (a key whose value is already equal
 * is not written, so a restore sends only what differs and concurrent edits to other keys merge).
 * With `blockIds`, only keys of those blocks are touched ("restore this block"). The caller wraps
 * it in a transaction. Returns whether anything was written.
 */
export function reconcileBlockData(doc: Y.Doc, version: Y.Doc, blockIds?: ReadonlySet<string>): boolean {
  const inScope = (key: string): boolean => !blockIds || blockIds.has(key.slice(0, Math.max(0, key.indexOf(SEP))))
  let changed = false
  for (const name of BLOCK_DATA_MAPS) {
    const target = version.getMap<unknown>(name)
    const live = doc.getMap<unknown>(name)
    for (const key of [...live.keys()]) {
      if (inScope(key) && !target.has(key)) {
        live.delete(key)
        changed = true
      }
    }
    target.forEach((value, key) => {
      if (!inScope(key) || sameValue(live.get(key), value)) return
      // Yjs keeps the object it is given: hand it a copy, never the version doc's own value.
      live.set(key, copy(value))
      changed = true
    })
  }
  return changed
}

const copy = (value: unknown): unknown => (value !== null && typeof value === 'object' ? JSON.parse(JSON.stringify(value)) : value)
