/**
 * Where a whole-document restore spends its time, without the server: `npx tsx scripts/bench/restore-reconcile.ts`.
 *
 * The automerge-paper trace is replayed into paragraphs (scripts/traces/paragraphs.ts) to its
 * end; the document is then reconciled to its JSON at 50 % (reconcileFragment, what a restore of
 * that version does), and back, timing each. Prints medians of 5.
 */
import * as Y from 'yjs'
import { reconcileFragment } from '../../shared/doc/reconcile.ts'
import { EDITOR_FRAGMENT, fragmentToJson } from '../../shared/doc/fragment.ts'
import { hasTraces, loadSequentialTrace, MISSING_TRACES_MESSAGE } from '../traces/load.ts'
import { ParagraphText, replayIntoParagraphs } from '../traces/paragraphs.ts'

if (!hasTraces()) {
  console.log(MISSING_TRACES_MESSAGE)
  process.exit(0)
}
const trace = loadSequentialTrace('automerge-paper')
const doc = new Y.Doc()
const text = new ParagraphText(doc.getXmlFragment(EDITOR_FRAGMENT))
const half = Math.floor(trace.txns.length / 2)
replayIntoParagraphs(text, trace.txns, 0, half, 256)
const middle = fragmentToJson(doc.getXmlFragment(EDITOR_FRAGMENT))
replayIntoParagraphs(text, trace.txns, half, trace.txns.length, 256)
const end = fragmentToJson(doc.getXmlFragment(EDITOR_FRAGMENT))
console.log(`paragraphs: 50 % ${middle.content?.length}, end ${end.content?.length}`)
const times: Record<string, number[]> = { 'end → 50 %': [], '50 % → end': [] }
for (let r = 0; r < 5; r++) {
  for (const [name, target] of [
    ['end → 50 %', middle],
    ['50 % → end', end],
  ] as const) {
    const t = performance.now()
    doc.transact(() => reconcileFragment(doc.getXmlFragment(EDITOR_FRAGMENT), target))
    times[name]!.push(performance.now() - t)
  }
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
for (const [k, xs] of Object.entries(times)) console.log(`${k}: ${median(xs).toFixed(1)} ms`)
if (JSON.stringify(fragmentToJson(doc.getXmlFragment(EDITOR_FRAGMENT))) !== JSON.stringify(end)) throw new Error('reconcile did not reach the target')
