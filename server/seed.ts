import type { JsonNode } from '#shared/api/docs'
import { buildDocUpdate } from '#shared/doc/build'
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

/** Seeds the demo document into a project; an existing one is only moved there, never rewritten. */
export function seedDemo(store: Store, directory: Directory, projectId: string): void {
  if (!store.meta(DEMO_DOC_ID)) {
    store.ensure(DEMO_DOC_ID, Date.now())
    store.append([{ docId: DEMO_DOC_ID, data: buildDocUpdate(DEMO), userId: 'keel-seed', at: Date.now() }])
  }
  directory.attachDoc(DEMO_DOC_ID, projectId, 'Churn model v2 — spec')
}
