import type { JsonNode } from '../api/docs.ts'
import { TABLE_NODES } from './rich-nodes.ts'

/** One slot of a table's grid: the cell that starts there, or a slot a spanning cell covers. */
export type GridSlot = { cell: JsonNode; header: boolean } | { covered: true }

/** A span attr from untrusted JSON: a whole number 1..64, else 1. */
export const span = (v: unknown): number => {
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN
  return Number.isInteger(n) && n >= 1 ? Math.min(n, 64) : 1
}

/**
 * A table node as a rectangle of slots, placing each cell after the slots earlier cells' colspan
 * and rowspan cover (ProseMirror's table model). For writers that have no spans (GFM Markdown),
 * so a merged cell does not shift the columns after it. Rows that are not tableRow, and cells
 * that are not cells, are skipped. Pure.
 */
export function tableGrid(table: JsonNode): GridSlot[][] {
  const rows = (table.content ?? []).filter((r) => r.type === TABLE_NODES.row)
  const grid: GridSlot[][] = rows.map(() => [])
  rows.forEach((row, r) => {
    let c = 0
    for (const cell of row.content ?? []) {
      if (cell.type !== TABLE_NODES.cell && cell.type !== TABLE_NODES.header) continue
      while (grid[r]![c] !== undefined) c++
      const colspan = span(cell.attrs?.colspan)
      const rowspan = Math.min(span(cell.attrs?.rowspan), rows.length - r)
      for (let dr = 0; dr < rowspan; dr++)
        for (let dc = 0; dc < colspan; dc++)
          grid[r + dr]![c + dc] = dr === 0 && dc === 0 ? { cell, header: cell.type === TABLE_NODES.header } : { covered: true }
      c += colspan
    }
  })
  const width = Math.max(0, ...grid.map((r) => r.length))
  // Holes (a short row, or a gap a span left) are covered slots: written as empty cells.
  return grid.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? { covered: true as const }))
}
