import type { ChildNode, Element } from 'domhandler'
import { DomUtils, parseDocument } from 'htmlparser2'

export type { ChildNode, Element }

/**
 * The little DOM vocabulary the Confluence adapter needs, over htmlparser2's tree (a pure parser:
 * no DOM, nothing runs, entities decoded in text and attributes, so `javascript&colon;` arrives as
 * `javascript:` and meets safeHref as the browser would see it).
 */
export const parseHtml = (html: string): ChildNode[] =>
  parseDocument(html, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true }).children

/** Script and style elements have their own node types in htmlparser2's tree: they are elements too. */
export const isElement = (n: ChildNode): n is Element => n.type === 'tag' || n.type === 'script' || n.type === 'style'

export const classes = (el: Element): string[] => (el.attribs.class ?? '').split(/\s+/).filter(Boolean)
export const hasClass = (el: Element, name: string): boolean => classes(el).includes(name)

/** The first element (depth-first, document order) that `test` accepts. */
export function findFirst(nodes: ChildNode[], test: (el: Element) => boolean): Element | null {
  return DomUtils.findOne(test, nodes, true)
}

export function findAll(nodes: ChildNode[], test: (el: Element) => boolean): Element[] {
  return DomUtils.findAll(test, nodes)
}

export const byId = (nodes: ChildNode[], id: string): Element | null => findFirst(nodes, (el) => el.attribs.id === id)

/** Never imported, content and all: they run code, load things or are not text. */
export const REMOVED = new Set(['script', 'style', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'noscript', 'template', 'form', 'input'])
// xmp, plaintext, listing, noembed and noframes are raw-text elements: what they hold is markup written as text, never content.
for (const tag of [
  'button',
  'select',
  'textarea',
  'link',
  'meta',
  'base',
  'svg',
  'math',
  'video',
  'audio',
  'canvas',
  'head',
  'xmp',
  'plaintext',
  'listing',
  'noembed',
  'noframes',
])
  REMOVED.add(tag)

/** The text of a node as a person reads it: whitespace runs collapsed, nothing from the REMOVED elements (a script's source is not text). */
export function textOf(node: ChildNode | ChildNode[]): string {
  const parts: string[] = []
  const walk = (nodes: ChildNode[]) => {
    for (const n of nodes) {
      if (n.type === 'text') parts.push(n.data)
      else if (isElement(n) && !REMOVED.has(n.name)) walk(n.children)
    }
  }
  walk(Array.isArray(node) ? node : [node])
  return parts.join('').replace(/\s+/g, ' ').trim()
}

export const childElements = (el: Element): Element[] => el.children.filter(isElement)
