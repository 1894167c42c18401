import * as Y from 'yjs'
import type { JsonNode } from '../api/docs.ts'
import { buildDocUpdate } from './build.ts'
import { EDITOR_FRAGMENT, fragmentToJson } from './fragment.ts'

/** Test helpers for the restore engine: documents from JSON, a normal form to compare, captured updates. */

export function docOf(nodes: JsonNode[]): Y.Doc {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, buildDocUpdate(nodes))
  return doc
}

export const frag = (doc: Y.Doc): Y.XmlFragment => doc.getXmlFragment(EDITOR_FRAGMENT)

export const read = (doc: Y.Doc): JsonNode => fragmentToJson(frag(doc))

const stable = (v: unknown): string =>
  Array.isArray(v)
    ? `[${v.map(stable).join(',')}]`
    : v && typeof v === 'object'
      ? `{${Object.keys(v)
          .sort()
          .map((k) => `${k}:${stable((v as Record<string, unknown>)[k])}`)
          .join(',')}}`
      : JSON.stringify(v)

/** The JSON with each text node's marks sorted (ProseMirror ignores their order); toEqual ignores key order. */
export function norm(node: JsonNode): JsonNode {
  const out: JsonNode = { ...node }
  if (node.marks) out.marks = [...node.marks].sort((a, b) => stable(a).localeCompare(stable(b)))
  if (node.content) out.content = node.content.map(norm)
  return out
}

/** Runs `fn` in one transaction and returns its update (null when it changed nothing). */
export function captureUpdate(doc: Y.Doc, fn: () => void): Uint8Array | null {
  let update: Uint8Array | null = null
  const on = (u: Uint8Array): void => {
    update = u
  }
  doc.on('update', on)
  doc.transact(fn)
  doc.off('update', on)
  return update
}

export function sync(a: Y.Doc, b: Y.Doc): void {
  const toB = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b))
  const toA = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a))
  Y.applyUpdate(b, toB)
  Y.applyUpdate(a, toA)
}

export const p = (...content: JsonNode[]): JsonNode => (content.length ? { type: 'paragraph', content } : { type: 'paragraph' })
export const t = (text: string, ...marks: string[]): JsonNode =>
  marks.length
    ? { type: 'text', text, marks: marks.map((m) => (m === 'link' ? { type: 'link', attrs: { href: 'https://keel.dev' } } : { type: m })) }
    : { type: 'text', text }
export const h = (level: number, text: string): JsonNode => ({ type: 'heading', attrs: { level }, content: [t(text)] })
