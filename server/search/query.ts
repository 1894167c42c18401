import { SEARCH_LIMITS } from '#shared/limits'

/**
 * A query as words, and the FTS5 expressions built from them. Users type anything (quotes, `*`,
 * `AND`, `-`, parentheses, 200 characters of punctuation): none of it is FTS syntax here. Each
 * word is trimmed of surrounding punctuation and quoted as an FTS5 string (an inner `"` doubled),
 * so every expression built below parses, and a word like `NOT` or `col:x` is only text.
 */
export function queryTerms(q: string): string[] {
  return (
    q
      .normalize('NFKC')
      // The highlight markers and other control characters are never text.
      .replace(/\p{Cc}/gu, ' ')
      .split(/\s+/)
      .map((t) => t.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
      .filter((t) => t !== '')
      .slice(0, SEARCH_LIMITS.maxTerms)
  )
}

/** An FTS5 string: whatever is inside is matched as text. */
export const ftsString = (t: string): string => `"${t.replace(/"/g, '""')}"`

/** Trigrams match three characters or more; shorter words go to the word index as prefixes. */
export const TRIGRAM = 3
export const isLong = (t: string): boolean => [...t].length >= TRIGRAM

export interface FtsPlan {
  /** All long words as substrings (trigram index), or null when every word is short. */
  trigram: string | null
  /** Short words as word prefixes (unicode61 index), or null when there are none. */
  words: string | null
}

export function planOf(terms: readonly string[]): FtsPlan {
  const long = terms.filter(isLong)
  const short = terms.filter((t) => !isLong(t))
  return {
    trigram: long.length > 0 ? long.map(ftsString).join(' AND ') : null,
    words: short.length > 0 ? short.map((t) => `${ftsString(t)}*`).join(' AND ') : null,
  }
}

/** Edit distance (insertions, deletions, substitutions, adjacent swaps), stopping early past `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)]
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    let best = i
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let v = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, rows[i - 2]![j - 2]! + 1)
      row.push(v)
      best = Math.min(best, v)
    }
    if (best > max) return max + 1
    rows.push(row)
  }
  return rows[a.length]![b.length]!
}

/** How many typos a word may have: none below four characters, one up to six, two beyond. */
export const typosAllowed = (t: string): number => (t.length < 4 ? 0 : t.length <= 6 ? 1 : 2)
