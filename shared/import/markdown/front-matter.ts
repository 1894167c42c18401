import { parse } from 'yaml'

/** Page properties: flat JSON values from the front matter (see docs/ARCHITECTURE.md, "Import"). */
export type Properties = Record<string, unknown>

const MAX_KEYS = 100
const MAX_VALUE_CHARS = 4000
const FENCE = /^---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/

/**
 * Splits YAML front matter (`---` … `---` at the very top) from the body. Values are kept as JSON
 * (dates stay the strings they were written as: yaml's core schema); a key whose value is too
 * large, or front matter that is not a mapping, is a warning and not a failure.
 */
export function splitFrontMatter(text: string): { body: string; properties: Properties; warnings: string[] } {
  const m = FENCE.exec(text)
  if (!m) return { body: text, properties: {}, warnings: [] }
  const body = text.slice(m[0].length)
  let value: unknown
  try {
    value = parse(m[1]!, { schema: 'core', maxAliasCount: 20 })
  } catch (err) {
    return {
      body,
      properties: {},
      warnings: [`front matter is not valid YAML (${err instanceof Error ? err.message.split('\n')[0] : 'parse error'}): dropped`],
    }
  }
  if (value === null || value === undefined) return { body, properties: {}, warnings: [] }
  if (typeof value !== 'object' || Array.isArray(value)) return { body, properties: {}, warnings: ['front matter is not a mapping of keys to values: dropped'] }
  const properties: Properties = {}
  const warnings: string[] = []
  for (const [key, v] of Object.entries(value as Record<string, unknown>).slice(0, MAX_KEYS)) {
    const json = JSON.stringify(v ?? null)
    if (json === undefined || json.length > MAX_VALUE_CHARS) {
      warnings.push(`front matter key "${key}" is too large to keep as a property: dropped`)
      continue
    }
    properties[key] = JSON.parse(json)
  }
  if (Object.keys(value).length > MAX_KEYS) warnings.push(`front matter has more than ${MAX_KEYS} keys: the rest were dropped`)
  return { body, properties, warnings }
}
