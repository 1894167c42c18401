/**
 * Replaying sequential editing traces: onto a `Y.Text` (one `doc.transact` per trace txn) and onto a
 * plain code-point buffer (to verify the trace itself).
 *
 * Trace positions count Unicode code points; `Y.Text` indexes UTF-16 code units. When neither the
 * current text nor any inserted string contains a surrogate (true for every shipped sequential trace,
 * which are ASCII) the two coincide and patches are applied directly; otherwise each position is
 * converted through the current string (correct, but O(length) per patch).
 */
import type * as Y from 'yjs'
import type { TracePatch } from './load.ts'

/** Anything with trace patches (a `SequentialTxn` or `ConcurrentTxn`). */
export type PatchTxn = { readonly patches: readonly TracePatch[] }

const SURROGATE = /[\uD800-\uDFFF]/

/** True when `s` contains a UTF-16 surrogate (i.e. a code point outside the BMP). */
export function hasAstral(s: string): boolean {
  return SURROGATE.test(s)
}

/** True when no inserted string in `txns[from, to)` contains a non-BMP code point. */
export function txnsAreBmp(txns: readonly PatchTxn[], from = 0, to = txns.length): boolean {
  for (let i = from; i < to; i++) {
    for (const p of txns[i]!.patches) if (hasAstral(p[2])) return false
  }
  return true
}

/** UTF-16 offset of code point `cp` in `s` (clamped to `s.length`). */
export function codePointToUtf16(s: string, cp: number): number {
  let u = 0
  for (let c = 0; c < cp && u < s.length; c++) {
    const code = s.charCodeAt(u)
    u += code >= 0xd800 && code <= 0xdbff && u + 1 < s.length ? 2 : 1
  }
  return u
}

/**
 * Apply one patch `[pos, numDeleted, inserted]` (code points) to `ytext` inside the caller's
 * transaction. `bmp` = caller guarantees text and insert are BMP-only (positions == UTF-16 indexes).
 */
export function applyPatchToYText(ytext: Y.Text, patch: TracePatch, bmp: boolean): void {
  const [pos, del, ins] = patch
  if (bmp) {
    if (del > 0) ytext.delete(pos, del)
    if (ins.length > 0) ytext.insert(pos, ins)
    return
  }
  const s = ytext.toString()
  const start = codePointToUtf16(s, pos)
  if (del > 0) {
    const end = start + codePointToUtf16(s.slice(start), del)
    ytext.delete(start, end - start)
  }
  if (ins.length > 0) ytext.insert(start, ins)
}

/**
 * Replay `txns[from, to)` onto `ytext` (which must be attached to a doc), one `doc.transact` per
 * trace txn, with the given transaction origin. Returns the elapsed milliseconds.
 */
export function applySequentialTxns(ytext: Y.Text, txns: readonly PatchTxn[], from = 0, to = txns.length, origin: unknown = 'trace'): number {
  const doc = ytext.doc
  if (!doc) throw new Error('applySequentialTxns: Y.Text is not attached to a Y.Doc')
  if (from < 0 || to > txns.length || from > to) throw new Error(`applySequentialTxns: bad range [${from}, ${to})`)
  const t0 = performance.now()
  const bmp = txnsAreBmp(txns, from, to) && !hasAstral(ytext.toString())
  for (let i = from; i < to; i++) {
    const txn = txns[i]!
    doc.transact(() => {
      for (const p of txn.patches) applyPatchToYText(ytext, p, bmp)
    }, origin)
  }
  return performance.now() - t0
}

/**
 * A gap buffer of code points: `splice` near the previous edit is O(distance), which is how people
 * type, so replaying a 260k-patch trace takes milliseconds instead of an O(length) string copy per patch.
 */
export class CodePointBuffer {
  private buf: Uint32Array
  private gapStart: number
  private gapEnd: number

  constructor(initial = '') {
    const cps = Array.from(initial, (ch) => ch.codePointAt(0)!)
    this.buf = new Uint32Array(Math.max(1024, cps.length * 2))
    this.buf.set(cps, 0)
    this.gapStart = cps.length
    this.gapEnd = this.buf.length
  }

  /** Length in code points. */
  get length(): number {
    return this.buf.length - (this.gapEnd - this.gapStart)
  }

  private moveGap(pos: number): void {
    if (pos < this.gapStart) {
      const n = this.gapStart - pos
      this.buf.copyWithin(this.gapEnd - n, pos, this.gapStart)
      this.gapStart = pos
      this.gapEnd -= n
    } else if (pos > this.gapStart) {
      const n = pos - this.gapStart
      this.buf.copyWithin(this.gapStart, this.gapEnd, this.gapEnd + n)
      this.gapStart += n
      this.gapEnd += n
    }
  }

  private ensureGap(n: number): void {
    if (this.gapEnd - this.gapStart >= n) return
    const len = this.length
    const next = new Uint32Array(Math.max(this.buf.length * 2, len + n + 1024))
    next.set(this.buf.subarray(0, this.gapStart), 0)
    const tail = this.buf.length - this.gapEnd
    next.set(this.buf.subarray(this.gapEnd), next.length - tail)
    this.gapEnd = next.length - tail
    this.buf = next
  }

  /** Like `Array.prototype.splice(pos, del, ...codePoints(ins))`; throws when out of range. */
  splice(pos: number, del: number, ins: string): void {
    if (pos < 0 || del < 0 || pos + del > this.length) {
      throw new RangeError(`splice(${pos}, ${del}) out of range (length ${this.length})`)
    }
    this.moveGap(pos)
    this.gapEnd += del
    if (ins.length === 0) return
    this.ensureGap(ins.length)
    for (const ch of ins) this.buf[this.gapStart++] = ch.codePointAt(0)!
  }

  toString(): string {
    let out = ''
    const CHUNK = 8192
    const parts = [this.buf.subarray(0, this.gapStart), this.buf.subarray(this.gapEnd)]
    for (const part of parts) {
      for (let i = 0; i < part.length; i += CHUNK) out += String.fromCodePoint(...part.subarray(i, i + CHUNK))
    }
    return out
  }
}

/** Replay a sequential trace onto a plain code-point buffer and return the resulting text. */
export function replaySequentialPlain(trace: { startContent: string; txns: readonly PatchTxn[] }): string {
  const b = new CodePointBuffer(trace.startContent)
  for (const txn of trace.txns) for (const [pos, del, ins] of txn.patches) b.splice(pos, del, ins)
  return b.toString()
}
