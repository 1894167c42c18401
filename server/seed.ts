import * as Y from 'yjs'
import type { JsonNode } from '#shared/api/docs'
import { EDITOR_FRAGMENT } from '#shared/doc/fragment'
import type { Store } from './store/store.ts'
import type { Directory } from './workspaces/directory.ts'

export const DEMO_DOC_ID = 'welcome'

const text = (t: string, ...marks: string[]): JsonNode =>
  marks.length ? { type: 'text', text: t, marks: marks.map((type) => ({ type })) } : { type: 'text', text: t }
const p = (...content: JsonNode[]): JsonNode => ({ type: 'paragraph', content })
const h = (level: number, t: string): JsonNode => ({ type: 'heading', attrs: { level }, content: [text(t)] })
const ul = (...items: string[]): JsonNode => ({
  type: 'bulletList',
  content: items.map((i) => ({ type: 'listItem', content: [p(text(i))] })),
})

/** The demo document: a short spec an ML team would recognise. */
const DEMO: JsonNode[] = [
  h(1, 'Churn model v2 — spec'),
  p(
    text('Welcome to Keel. '),
    text('Everyone who opens this page edits it live', 'bold'),
    text(': open it in a second window to see their caret. Edits made offline sync when you are back.'),
  ),
  h(2, 'Problem'),
  p(text('Support cannot tell which accounts are about to churn until they do. We want a weekly score per account.')),
  h(2, 'Success metrics'),
  ul('val F1 ≥ 0.92 on the March holdout (dataset v3)', 'p95 scoring latency under 50 ms', 'Weekly batch finishes before 06:00 UTC'),
  h(2, 'Data requirements'),
  p(text('Twelve months of product events, billing history and support tickets, joined per account.')),
  h(2, 'Risks'),
  ul('Label leakage from cancellation tickets', 'Seasonality in the December cohort'),
]

/** Writes `nodes` into a fresh Y.Doc's editor fragment the way y-prosemirror would. */
export function buildDocUpdate(nodes: JsonNode[]): Uint8Array {
  const doc = new Y.Doc()
  const fragment = doc.getXmlFragment(EDITOR_FRAGMENT)
  doc.transact(() => appendChildren(fragment, nodes))
  const update = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return update
}

const marksOf = (node: JsonNode): Record<string, unknown> =>
  Object.fromEntries((node.marks ?? []).map((m) => [m.type, m.attrs ?? {}]))

/**
 * Appends nodes to an integrated parent. Each child is inserted first and filled after, because
 * Yjs types cannot be read (or appended to by length) before they belong to a document.
 * Adjacent text nodes share one Y.XmlText, each run carrying its marks, as in y-prosemirror.
 */
function appendChildren(parent: Y.XmlFragment | Y.XmlElement, nodes: JsonNode[]): void {
  let run: Y.XmlText | null = null
  for (const node of nodes) {
    if (node.type === 'text') {
      if (!run) {
        run = new Y.XmlText()
        parent.insert(parent.length, [run])
      }
      run.insert(run.length, node.text ?? '', marksOf(node))
      continue
    }
    run = null
    const el = new Y.XmlElement(node.type)
    parent.insert(parent.length, [el])
    for (const [k, v] of Object.entries(node.attrs ?? {})) el.setAttribute(k, v as string)
    appendChildren(el, node.content ?? [])
  }
}

/** Seeds the demo document into a project; an existing one is only moved there, never rewritten. */
export function seedDemo(store: Store, directory: Directory, projectId: string): void {
  if (!store.meta(DEMO_DOC_ID)) {
    store.ensure(DEMO_DOC_ID, Date.now())
    store.append([{ docId: DEMO_DOC_ID, data: buildDocUpdate(DEMO), userId: 'keel-seed', at: Date.now() }])
  }
  directory.attachDoc(DEMO_DOC_ID, projectId, 'Churn model v2 — spec')
}
