import type { JsonNode } from '#shared/api/docs'
import { buildDocUpdate } from '#shared/doc/build'
import type { Store } from './store/store.ts'
import type { Directory } from './workspaces/directory.ts'
import type { RoomRegistry } from './collab/registry.ts'
import { SEED_USER_ID } from './collab/system-users.ts'
import type { HubStore } from './hub/hub-store.ts'
import type { Pages } from './hub/pages.ts'
import * as Y from 'yjs'
import { EDITOR_FRAGMENT } from '#shared/doc/fragment'
import { linkRun, MODEL_CARD_BLOCK } from '#shared/ml/model-card'
import { writeRun } from '#shared/ml/runs'
import { EXPERIMENT_KIND } from './ml/block-kinds.ts'

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
  h(2, 'Work plan'),
  p(text('Type '), text('[] ', 'code'), text(" to add a task. Each one is on the project's board and dependency graph.")),
  task('demo-collect', 'Collect twelve months of events and billing data', { status: 'done', stage: 'data', estimate: 3 }),
  task('demo-labels', 'Define churn labels and audit them for leakage', { status: 'in_progress', stage: 'preprocessing', estimate: 2, deps: ['demo-collect'] }),
  task('demo-baseline', 'Train a gradient-boosted baseline', { stage: 'training', estimate: 3, deps: ['demo-labels'] }),
  task('demo-eval', 'Evaluate on the March holdout, per segment', { stage: 'evaluation', estimate: 2, deps: ['demo-baseline'] }),
  task('demo-ship', 'Canary the weekly batch scoring', { stage: 'deployment', estimate: 1, deps: ['demo-eval'] }),
]

function task(id: string, title: string, attrs: Record<string, unknown>): JsonNode {
  return { type: 'task', attrs: { id, ...attrs }, content: [text(title)] }
}

/** Seeds the demo document into a project; an existing one is only moved there, never rewritten. */
export function seedDemo(store: Store, directory: Directory, projectId: string): void {
  if (!store.meta(DEMO_DOC_ID)) {
    store.ensure(DEMO_DOC_ID, Date.now())
    store.append([{ docId: DEMO_DOC_ID, data: buildDocUpdate(DEMO), userId: SEED_USER_ID, at: Date.now() }])
  }
  directory.attachDoc(DEMO_DOC_ID, projectId, 'Churn model v2 — spec')
}

/** The id of the first block named `nodeName` in a document's content. */
function firstBlockId(doc: Y.Doc, nodeName: string): string | null {
  const walk = (parent: Y.XmlFragment | Y.XmlElement): string | null => {
    for (const child of parent.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue
      const id = child.getAttribute('id')
      if (child.nodeName === nodeName && typeof id === 'string') return id
      const inner = walk(child)
      if (inner) return inner
    }
    return null
  }
  return walk(doc.getXmlFragment(EDITOR_FRAGMENT))
}

/**
 * The demo's ML pages: an experiment log with a few runs, a deployment checklist, and a model card
 * linked to the log's best run (so its metrics and data sections show prefilled from runs).
 */
export function seedMlPages(pages: Pages, projectId: string, userId: string, registry: RoomRegistry, hub: HubStore): void {
  const log = pages.fromBuiltIn(projectId, userId, 'experiment-log', 'Churn experiments')
  const [blockId] = [...hub.blocksOfProject(projectId, EXPERIMENT_KIND)].filter((b) => b.docId === log.id).map((b) => b.blockId)
  let best: string | null = null
  if (blockId) {
    const runs: { runId: string; name: string; params: Record<string, string | number>; val_f1: number; tags: string[] }[] = [
      { runId: 'baseline-lr', name: 'logistic regression', params: { model: 'logreg', C: 1 }, val_f1: 0.842, tags: ['baseline'] },
      { runId: 'gbm-300', name: 'GBM 300 trees', params: { model: 'gbm', trees: 300, lr: 0.05 }, val_f1: 0.897, tags: ['gbm'] },
      { runId: 'gbm-800', name: 'GBM 800 trees', params: { model: 'gbm', trees: 800, lr: 0.03 }, val_f1: 0.913, tags: ['gbm'] },
    ]
    registry.change(log.id, SEED_USER_ID, (doc) => {
      for (const r of runs) {
        writeRun(
          doc,
          blockId,
          r.runId,
          {
            name: r.name,
            params: r.params,
            metrics: { val_f1: r.val_f1, loss: [1, 2, 3, 4].map((step) => ({ step, value: Number((0.9 / step + (1 - r.val_f1)).toFixed(3)) })) },
            dataset: { name: 'churn', version: 'v3' },
            tags: r.tags,
            status: 'finished',
          },
          'patch',
        )
      }
    })
    best = runs.reduce((a, b) => (b.val_f1 > a.val_f1 ? b : a)).runId
  }
  pages.fromBuiltIn(projectId, userId, 'deployment-checklist', 'Ship checklist: churn v2')
  const card = pages.fromBuiltIn(projectId, userId, 'model-card', 'Model card: churn v2')
  const cardId = firstBlockId(registry.readCommitted(card.id), MODEL_CARD_BLOCK)
  if (blockId && best && cardId) {
    const link = { blockId, runId: best }
    registry.change(card.id, SEED_USER_ID, (doc) => linkRun(doc, cardId, link))
  }
}
