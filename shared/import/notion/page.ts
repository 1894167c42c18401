import type { Properties } from '../markdown/front-matter.ts'

/** A property line of Notion's block under the title: a short plain key, a colon, a value (`Status: Done`). */
const PROPERTY = /^([^:*#>|`[\]\-\s][^:*#>|`[\]]{0,39}):[ \t]+(\S.{0,3999})$/
const TITLE = /^#[ \t]+(.+?)[ \t#]*$/

export interface NotionPage {
  /** The page as Markdown without the property block (its `# Title` line is kept: it is the page's title heading). */
  body: string
  title: string | null
  properties: Properties
}

/**
 * Notion writes a page as `# Title`, then (for pages with properties, always for database rows) a
 * paragraph of `Key: Value` lines, then the body. The property lines become page properties, the
 * way front matter does for Markdown; a paragraph with any line that is not `Key: Value` is body.
 */
export function splitNotionPage(text: string): NotionPage {
  const lines = text.replace(/\r\n?/g, '\n').split('\n')
  let i = 0
  while (i < lines.length && lines[i]!.trim() === '') i++
  const title = TITLE.exec(lines[i] ?? '')
  if (!title) return { body: lines.join('\n'), title: null, properties: {} }
  let j = i + 1
  while (j < lines.length && lines[j]!.trim() === '') j++
  let k = j
  const properties: Properties = {}
  while (k < lines.length && PROPERTY.test(lines[k]!)) {
    const [, key, value] = PROPERTY.exec(lines[k]!)!
    properties[key!.trim()] = value!.trim()
    k++
  }
  // Only a whole paragraph of property lines is the property block.
  if (k === j || (k < lines.length && lines[k]!.trim() !== '')) return { body: lines.join('\n'), title: title[1]!, properties: {} }
  return { body: [...lines.slice(0, i + 1), ...lines.slice(k)].join('\n'), title: title[1]!, properties }
}
