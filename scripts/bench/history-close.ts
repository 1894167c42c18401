/**
 * What closing a version costs on a 20,000-paragraph page: `npx tsx scripts/bench/history-close.ts`.
 * The JSON of the document (versionJson) and the summary diff against the previous version, after
 * a burst that edited 50 paragraphs spread over it; "full" is the diff with word-level detail (what
 * GET /diff computes), "summary" the limits the recorder uses at close.
 */
import * as Y from 'yjs'
import { diffDocs } from '../../shared/history/diff.ts'
import { HISTORY_LIMITS } from '../../shared/limits.ts'
import { versionJson } from '../../server/history/version-json.ts'
const doc = new Y.Doc()
const f = doc.getXmlFragment('default')
doc.transact(() => {
  for (let i = 0; i < 20000; i++) {
    const p = new Y.XmlElement('paragraph')
    f.insert(f.length, [p])
    p.insert(0, [new Y.XmlText(`paragraph ${i} lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt`)])
  }
})
const before = versionJson(doc)
// a burst: edits in 50 paragraphs spread over the doc
doc.transact(() => {
  for (let k = 0; k < 50; k++) {
    const t = (f.get(k * 400) as Y.XmlElement).get(0) as Y.XmlText
    t.insert(10, ' edited words here')
  }
})
for (const [name, limits] of [
  ['full', HISTORY_LIMITS],
  ['summary', { ...HISTORY_LIMITS, maxInlineDiffChars: 0, maxDiffTextChars: 0 }],
] as const) {
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now()
    const after = versionJson(doc)
    const t1 = performance.now()
    const d = diffDocs(before, after, limits as typeof HISTORY_LIMITS)
    const t2 = performance.now()
    console.log(name, 'versionJson', (t1 - t0).toFixed(1), 'diff', (t2 - t1).toFixed(1), d.summary)
  }
}
