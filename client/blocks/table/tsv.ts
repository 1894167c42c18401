import { TABLE_PASTE_LIMITS } from '#shared/limits'

/**
 * Tab-separated text as a spreadsheet puts it on the clipboard: rows by newline, cells by tab, a
 * cell holding a tab, newline or quote wrapped in double quotes (quotes doubled inside). Pure, so
 * the paste rules are tested without an editor.
 */
export function parseTsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let i = 0
  const s = text.replace(/\r\n?/g, '\n')
  let atCellStart = true
  while (i < s.length) {
    const c = s[i]!
    if (atCellStart && c === '"') {
      // A quoted cell: up to the closing quote that a tab, newline or the end follows.
      const close = quotedEnd(s, i)
      if (close !== -1) {
        cell = s.slice(i + 1, close).replace(/""/g, '"')
        i = close + 1
        atCellStart = false
        continue
      }
    }
    atCellStart = false
    if (c === '\t') {
      row.push(cell)
      cell = ''
      atCellStart = true
    } else if (c === '\n') {
      row.push(cell)
      rows.push(row)
      row = []
      cell = ''
      atCellStart = true
    } else cell += c
    i++
  }
  // A trailing newline ends the last row; it does not start an empty one.
  if (!atCellStart || cell !== '' || row.length > 0) {
    row.push(cell)
    rows.push(row)
  }
  return rows
}

/** The index of the quote closing a quoted cell opened at `open`, or -1 when it is not one. */
function quotedEnd(s: string, open: number): number {
  let j = open + 1
  while (j < s.length) {
    if (s[j] === '"') {
      if (s[j + 1] === '"') {
        j += 2
        continue
      }
      const next = s[j + 1]
      return next === undefined || next === '\t' || next === '\n' ? j : -1
    }
    j++
  }
  return -1
}

/**
 * The rows a paste should become, or null to paste the text as text. Only text with a tab is
 * cells (lines without one are a paragraph pasted into a cell). Inside a table any such text fills
 * cells; elsewhere only a rectangle of at least two columns is a table (one tab in a sentence, or
 * code indented with tabs, is not). Pastes past TABLE_PASTE_LIMITS stay text.
 */
export function tsvRows(text: string, inTable: boolean): string[][] | null {
  if (!text.includes('\t')) return null
  const rows = parseTsv(text)
  if (rows.length === 0 || rows.length > TABLE_PASTE_LIMITS.maxRows) return null
  const width = Math.max(...rows.map((r) => r.length))
  if (width > TABLE_PASTE_LIMITS.maxColumns) return null
  if (inTable) return rows
  if (width < 2 || rows.some((r) => r.length !== width)) return null
  // Code indented with tabs: every row's first cell empty.
  if (rows.every((r) => r[0]!.trim() === '')) return null
  return rows
}
