import type { JsonNode } from '#shared/api/docs'
import type { DiffResponse, VersionMeta } from '#shared/api/history'
import type { DiffEntry } from '#shared/history/types'
import { h, p, text, ul } from '#shared/templates/nodes'

/**
 * A realistic diff for the component test and screenshots (not imported by the app): a training
 * spec whose goals, data and tasks changed, with a moved risk note, an added task, a removed
 * paragraph, run changes in its experiment log and long unchanged runs that fold.
 */
const task = (id: string, title: string, attrs: Record<string, unknown>): JsonNode => ({ type: 'task', attrs: { id, ...attrs }, content: [text(title)] })
const quote = (t: string): JsonNode => ({ type: 'blockquote', content: [p(t)] })
const code = (t: string): JsonNode => ({ type: 'codeBlock', attrs: { language: 'bash' }, content: [text(t)] })
const run = (runId: string) => ({ runId, name: runId, metrics: { val_f1: 0.9 }, params: {}, status: 'finished' })
const SCHEMA_ITEM = 'Feature expectations are captured in a schema'
const checklist = (signedBy: string | null) => ({
  items: [
    { id: 'schema', text: SCHEMA_ITEM, required: true, signedBy },
    { id: 'rollback', text: 'Rollback plan written', required: true, signedBy: 'u2' },
    { id: 'canary', text: 'Canary for a week', required: true, signedBy: null },
  ],
  gates: [],
  decision: null,
})
const appendix = [
  'Feature list: see the warehouse catalogue.',
  'Model registry: fraud/v2.',
  'Dashboards: fraud-overview.',
  'On-call: ML platform.',
  'Glossary below.',
]

const before: JsonNode[] = [
  h(1, 'Fraud model v2 — training spec'),
  p('This spec describes the data, training and evaluation plan for the ', text('v2 fraud classifier', 'bold'), '.'),
  h(2, 'Goals'),
  p('Reduce false positives on card-not-present transactions by 15% while keeping recall above 0.92.'),
  ul('Ship before the Q1 freeze', 'No new features from the payments team'),
  h(2, 'Data'),
  p('We train on 18 months of labelled transactions from the warehouse snapshot of 1 March.'),
  p('Labels come from chargebacks; the 60-day window is enforced.'),
  task('audit', 'Label audit', { status: 'in_progress', due: '2026-12-10', deps: ['task-t7'] }),
  task('task-t7', 'Backfill merchant features', { status: 'todo', assignee: 'u2' }),
  h(2, 'Training'),
  p('Gradient boosted trees, 500 rounds, early stopping on val_loss.'),
  { type: 'experimentLog', attrs: { id: 'runs', metric: 'val_loss', lowerIsBetter: true, keelData: { runs: [run('r1'), run('r2')] } } },
  h(2, 'Evaluation'),
  p('Offline metrics on the held-out month; shadow traffic for two weeks.'),
  code('python train.py --config v2.yaml'),
  quote('Risk: the March snapshot misses the new merchant categories.'),
  p('Owner: ', text('ML platform', 'italic'), '.'),
  { type: 'deploymentChecklist', attrs: { id: 'checklist', init: 'ml-test-score', keelData: checklist(null) } },
  h(2, 'Appendix'),
  ...appendix.map((t) => p(t)),
]

const after: JsonNode[] = [
  before[0]!,
  before[1]!,
  before[2]!,
  p('Reduce false positives on card-not-present transactions by 20% while keeping recall above 0.92 and precision above 0.8.'),
  ul('Ship before the Q1 freeze', 'No new features from the payments team', 'Document every feature in the model card'),
  before[16]!,
  before[5]!,
  p('We train on 24 months of labelled transactions from the warehouse snapshot of 1 November.'),
  p('Labels older than 90 days are re-checked against the dispute log.'),
  task('audit', 'Label audit (chargebacks)', { status: 'done', assignee: 'u1', due: '2026-12-08', deps: ['task-t12'] }),
  task('task-t12', 'Dedupe merchant ids', { status: 'todo', assignee: 'u2', priority: 'high' }),
  before[9]!,
  before[10]!,
  p('Gradient boosted trees, 800 rounds, early stopping on val_f1.'),
  { type: 'experimentLog', attrs: { id: 'runs', metric: 'val_f1', lowerIsBetter: false, keelData: { runs: [run('r1'), run('r2'), run('r3')] } } },
  ...before.slice(13, 16),
  before[17]!,
  { type: 'deploymentChecklist', attrs: { id: 'checklist', init: 'ml-test-score', keelData: checklist('u1') } },
  ...before.slice(19),
]

const eq = (t: string) => ({ op: 'equal' as const, text: t })
const ins = (t: string) => ({ op: 'insert' as const, text: t })
const del = (t: string) => ({ op: 'delete' as const, text: t })

const entries: DiffEntry[] = [
  { kind: 'same', before: 0, after: 0 },
  { kind: 'same', before: 1, after: 1 },
  { kind: 'same', before: 2, after: 2 },
  {
    kind: 'changed',
    before: 3,
    after: 3,
    text: [
      eq('Reduce false positives on card-not-present transactions by '),
      del('15%'),
      ins('20%'),
      eq(' while keeping recall above 0.92'),
      ins(' and precision above 0.8'),
      eq('.'),
    ],
    fields: [],
    runs: [],
  },
  {
    kind: 'changed',
    before: 4,
    after: 4,
    text: [eq('Ship before the Q1 freeze\nNo new features from the payments team'), ins('\nDocument every feature in the model card')],
    fields: [],
    runs: [],
  },
  { kind: 'moved', before: 16, after: 5 },
  { kind: 'same', before: 5, after: 6 },
  {
    kind: 'changed',
    before: 6,
    after: 7,
    text: [
      eq('We train on '),
      del('18'),
      ins('24'),
      eq(' months of labelled transactions from the warehouse snapshot of 1 '),
      del('March'),
      ins('November'),
      eq('.'),
    ],
    fields: [],
    runs: [],
  },
  { kind: 'removed', before: 7 },
  { kind: 'added', after: 8 },
  {
    kind: 'changed',
    before: 8,
    after: 9,
    text: [eq('Label audit'), ins(' (chargebacks)')],
    fields: [
      { field: 'title', from: 'Label audit', to: 'Label audit (chargebacks)' },
      { field: 'status', from: 'in_progress', to: 'done' },
      { field: 'assignee', from: null, to: 'u1' },
      { field: 'due', from: '2026-12-10', to: '2026-12-08' },
      { field: 'deps', from: ['task-t7'], to: ['task-t12'] },
    ],
    runs: [],
  },
  { kind: 'added', after: 10 },
  { kind: 'same', before: 9, after: 11 },
  { kind: 'same', before: 10, after: 12 },
  {
    kind: 'changed',
    before: 11,
    after: 13,
    text: [eq('Gradient boosted trees, '), del('500'), ins('800'), eq(' rounds, early stopping on '), del('val_loss'), ins('val_f1'), eq('.')],
    fields: [],
    runs: [],
  },
  {
    kind: 'changed',
    before: 12,
    after: 14,
    fields: [
      { field: 'metric', from: 'val_loss', to: 'val_f1' },
      { field: 'lowerIsBetter', from: true, to: false },
    ],
    runs: [
      { runId: 'r3', name: 'r3', change: 'added', keys: [] },
      { runId: 'r1', name: 'r1', change: 'changed', keys: ['val_f1', 'loss'] },
    ],
  },
  { kind: 'same', before: 13, after: 15 },
  { kind: 'same', before: 14, after: 16 },
  { kind: 'same', before: 15, after: 17 },
  { kind: 'same', before: 17, after: 18 },
  {
    kind: 'changed',
    before: 18,
    after: 19,
    fields: [{ field: 'items.schema', from: { text: SCHEMA_ITEM, signedBy: null }, to: { text: SCHEMA_ITEM, signedBy: 'u1' } }],
    runs: [],
  },
  ...before.slice(19).map((_, i): DiffEntry => ({ kind: 'same', before: 19 + i, after: 20 + i })),
]

const version = (over: Partial<VersionMeta>): VersionMeta => ({
  id: 12,
  docId: 'doc1',
  kind: 'named',
  name: 'Spec frozen for v1 review',
  fromSeq: 100,
  toSeq: 180,
  startedAt: '2026-12-01T09:12:00Z',
  endedAt: '2026-12-01T10:41:00Z',
  authors: [
    { userId: 'u1', name: 'Priya' },
    { userId: 'u2', name: 'Sam' },
  ],
  summary: '',
  open: false,
  restoredFrom: null,
  createdBy: { userId: 'u1', name: 'Priya' },
  offline: null,
  ...over,
})

export const fixtureDiff: DiffResponse = {
  from: version({}),
  to: null,
  before: { type: 'doc', content: before },
  after: { type: 'doc', content: after },
  diff: {
    entries,
    counts: { added: 2, removed: 1, changed: 7, moved: 1 },
    summary: "2 paragraphs changed, task 'Label audit' → done, 1 task added, run r3 added",
    truncated: false,
  },
}
