/**
 * Replaying a sequential trace into the editor's shape: an XmlFragment of `paragraph` elements,
 * one per line of the trace's text (a '\n' typed splits a paragraph, deleting one merges two), so
 * history benchmarks diff, preview and restore a real document instead of one 100k-character
 * paragraph. Positions are code points; the shipped sequential traces are BMP-only, so they are
 * UTF-16 offsets too (`replayIntoParagraphs` refuses a trace that is not).
 */
import * as Y from 'yjs'
import type { PatchTxn } from './sequential.ts'
import { txnsAreBmp } from './sequential.ts'

/** The paragraphs of a fragment and their lengths, kept beside it so a position is found without reading Yjs. */
export class ParagraphText {
  private readonly lengths: number[] = []

  constructor(readonly fragment: Y.XmlFragment) {
    if (fragment.length > 0) throw new Error('ParagraphText needs an empty fragment')
    this.insertParagraph(0, '')
  }

  /** The text as the trace sees it: paragraphs joined by newlines. */
  toString(): string {
    return this.fragment
      .toArray()
      .map((p) => ((p as Y.XmlElement).get(0) as Y.XmlText).toString())
      .join('\n')
  }

  get paragraphs(): number {
    return this.lengths.length
  }

  apply([pos, del, ins]: readonly [number, number, string]): void {
    if (del > 0) this.delete(pos, del)
    if (ins.length > 0) this.insert(pos, ins)
  }

  private text(i: number): Y.XmlText {
    return (this.fragment.get(i) as Y.XmlElement).get(0) as Y.XmlText
  }

  /** Paragraph index and offset of text position `pos` (a newline belongs to the paragraph before it). */
  private locate(pos: number): [number, number] {
    let i = 0
    while (pos > this.lengths[i]! && i < this.lengths.length - 1) {
      pos -= this.lengths[i]! + 1
      i++
    }
    return [i, pos]
  }

  private insertParagraph(index: number, content: string): void {
    const p = new Y.XmlElement('paragraph')
    const t = new Y.XmlText()
    if (content) t.insert(0, content)
    p.insert(0, [t])
    this.fragment.insert(index, [p])
    this.lengths.splice(index, 0, content.length)
  }

  private insert(pos: number, s: string): void {
    const [i, off] = this.locate(pos)
    const lines = s.split('\n')
    const text = this.text(i)
    if (lines.length === 1) {
      text.insert(off, s)
      this.lengths[i]! += s.length
      return
    }
    // Split paragraph i at the cursor: its tail moves behind the last inserted line.
    const tail = text.toString().slice(off)
    if (tail) text.delete(off, tail.length)
    if (lines[0]) text.insert(off, lines[0])
    this.lengths[i] = off + lines[0]!.length
    for (let k = 1; k < lines.length; k++) this.insertParagraph(i + k, k === lines.length - 1 ? lines[k]! + tail : lines[k]!)
  }

  private delete(pos: number, count: number): void {
    const [i, off] = this.locate(pos)
    while (count > 0) {
      const here = Math.min(count, this.lengths[i]! - off)
      if (here > 0) {
        this.text(i).delete(off, here)
        this.lengths[i]! -= here
        count -= here
      }
      if (count === 0) break
      // The newline after paragraph i: merge the next paragraph into it.
      if (i + 1 >= this.lengths.length) throw new Error('trace deletes past the end of the text')
      const next = this.text(i + 1).toString()
      if (next) this.text(i).insert(this.lengths[i]!, next)
      this.lengths[i]! += next.length
      this.fragment.delete(i + 1, 1)
      this.lengths.splice(i + 1, 1)
      count--
    }
  }
}

/** Replays `txns[from, to)` onto `target`, one transaction per trace txn (or per `batch` txns). */
export function replayIntoParagraphs(target: ParagraphText, txns: readonly PatchTxn[], from = 0, to = txns.length, batch = 1, origin: unknown = 'trace'): void {
  if (!txnsAreBmp(txns, from, to)) throw new Error('replayIntoParagraphs: only BMP-only traces are supported')
  const doc = target.fragment.doc
  if (!doc) throw new Error('replayIntoParagraphs: the fragment is not attached to a Y.Doc')
  for (let i = from; i < to; i += batch)
    doc.transact(() => {
      for (let k = i; k < Math.min(to, i + batch); k++) for (const p of txns[k]!.patches) target.apply(p)
    }, origin)
}
