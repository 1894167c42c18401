import type { Properties } from '../markdown/front-matter.ts'
import { byId, type ChildNode, findAll, findFirst, hasClass, textOf } from './html.ts'

export interface PageMeta {
  /** The page's own title (without the "Space : " prefix the export writes), or null. */
  title: string | null
  /** Authors and dates from the page-metadata line, kept as page properties. */
  properties: Properties
  /** The breadcrumb trail's page links, top first (the space home, then each ancestor). */
  breadcrumbs: string[]
  /** `#main-content`, the page's body (the whole document when an export lacks it). */
  body: ChildNode[]
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']

/** "Mar 12, 2024" (how the export writes dates) as 2024-03-12; anything else as written. */
export function confluenceDate(text: string): string {
  const m = /^([A-Za-z]{3})[a-z]*\.? (\d{1,2}), (\d{4})$/.exec(text.trim())
  const month = m ? MONTHS.indexOf(m[1]!.toLowerCase()) : -1
  if (!m || month < 0) return text.trim()
  return `${m[3]}-${String(month + 1).padStart(2, '0')}-${m[2]!.padStart(2, '0')}`
}

/** What a page file says about itself besides its body: title, breadcrumbs, and "Created by … last modified by … on …". */
export function readMeta(doc: ChildNode[]): PageMeta {
  const heading = byId(doc, 'title-text') ?? findFirst(doc, (e) => e.name === 'title')
  const full = heading ? textOf(heading) : ''
  // The export titles every page "<Space> : <Page>".
  const title = full.includes(' : ') ? full.slice(full.indexOf(' : ') + 3).trim() : full
  const crumbs = byId(doc, 'breadcrumbs')
  const breadcrumbs = crumbs ? findAll([crumbs], (e) => e.name === 'a' && e.attribs.href !== undefined).map((a) => a.attribs.href!) : []
  const main = byId(doc, 'main-content')
  return { title: title || null, properties: metadata(doc), breadcrumbs, body: main ? main.children : doc }
}

function metadata(doc: ChildNode[]): Properties {
  const line = findFirst(doc, (e) => hasClass(e, 'page-metadata'))
  if (!line) return {}
  const text = textOf(line)
  const author = findFirst([line], (e) => hasClass(e, 'author'))
  const editor = findFirst([line], (e) => hasClass(e, 'editor'))
  const on = /\bon ([A-Za-z]{3,9}\.? \d{1,2}, \d{4})/.exec(text)?.[1]
  const properties: Properties = {}
  if (author && textOf(author)) properties.author = textOf(author).slice(0, 200)
  if (editor && textOf(editor)) properties.last_modified_by = textOf(editor).slice(0, 200)
  // The export writes one date: the last modification's when there is one, else the creation's.
  if (on) properties[/last modified/i.test(text) ? 'last_modified' : 'created'] = confluenceDate(on)
  return properties
}
