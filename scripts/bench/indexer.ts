/**
 * Task-index benchmark (in process, no network): `npm run bench:index [-- --quick]`.
 *
 * 1. Full index: 10,000 task blocks over 100 documents, each document loaded and indexed from
 *    scratch (what a restart or a rebuild does). Target ≤ 10 ms per 1,000 blocks.
 * 2. Incremental: one task block changed in a 5,000-block document; the indexer's own time after
 *    the commit (and, for context, the whole server-side edit: apply, SQLite commit, broadcast,
 *    index). Target ≤ 0.2 ms per changed block.
 * Medians over repeated runs.
 */
import * as Y from 'yjs'
import { TASK_NODE } from '#shared/blocks/task'
import { buildApp } from '../../server/app.ts'
import { testConfig } from '../../server/config.ts'
import { openDatabase } from '../../server/db/open.ts'
import { Fixture } from '../../server/test/fixtures.ts'

const quick = process.argv.includes('--quick')
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

function fillDoc(doc: Y.Doc, prefix: string, tasks: number, paragraphs: number): void {
  const fragment = doc.getXmlFragment('default')
  for (let i = 0; i < tasks + paragraphs; i++) {
    const isTask = i % Math.ceil((tasks + paragraphs) / tasks) === 0 && fragment.length < tasks * 10
    const el = new Y.XmlElement(isTask ? TASK_NODE : 'paragraph')
    fragment.push([el])
    if (isTask) {
      el.setAttribute('id', `${prefix}-${i}`)
      el.setAttribute('status', 'todo')
      el.setAttribute('stage', 'training')
      if (i > 0) el.setAttribute('deps', [`${prefix}-0`] as unknown as string)
    }
    el.insert(0, [new Y.XmlText(isTask ? `Task number ${i} of ${prefix}` : `Paragraph ${i} with some ordinary prose in it.`)])
  }
}

async function main(): Promise<void> {
  const db = openDatabase(':memory:', { synchronous: 'normal' })
  const app = await buildApp(testConfig({ databaseFile: ':memory:' }), { db })
  const fixture = new Fixture(db)
  const { registry, indexer, tasks } = app
  const docCount = quick ? 20 : 100
  const perDoc = 100

  // 1. Full index.
  const docIds: string[] = []
  for (let d = 0; d < docCount; d++) {
    const id = fixture.ensureDoc(`bench-doc-${d}`)
    docIds.push(id)
    registry.change(id, fixture.owner.id, (doc) => fillDoc(doc, `d${d}`, perDoc, 0))
  }
  const fullRuns: number[] = []
  for (let round = 0; round < (quick ? 3 : 5); round++) {
    const started = performance.now()
    indexer.rebuildProject(fixture.projectId)
    fullRuns.push(performance.now() - started)
  }
  const blocks = docCount * perDoc
  if (tasks.ofProject(fixture.projectId).length !== blocks) throw new Error('index incomplete')
  const fullMs = median(fullRuns)

  // 2. Incremental: one changed block in a 5,000-block document (2,500 tasks, 2,500 paragraphs).
  const bigId = fixture.ensureDoc('bench-big')
  registry.change(bigId, fixture.owner.id, (doc) => fillDoc(doc, 'big', 2500, 2500))
  const room = registry.get(bigId)!
  const target = room.doc
    .getXmlFragment('default')
    .toArray()
    .filter((e): e is Y.XmlElement => e instanceof Y.XmlElement && e.nodeName === TASK_NODE)[2000]!
  const indexOnly: number[] = []
  const wholeEdit: number[] = []
  for (let i = 0; i < (quick ? 50 : 300); i++) {
    const started = performance.now()
    registry.change(bigId, fixture.owner.id, () => target.setAttribute('status', i % 2 ? 'in_progress' : 'todo'))
    wholeEdit.push(performance.now() - started)
    indexOnly.push(indexer.stats.lastIncrementalMs)
  }
  if (tasks.get(target.getAttribute('id') as string)?.status !== (((quick ? 50 : 300) - 1) % 2 ? 'in_progress' : 'todo'))
    throw new Error('index did not follow')

  const rows = [
    [
      'full index, 10k blocks / 100 docs' + (quick ? ' (quick: 2k / 20)' : ''),
      `${fullMs.toFixed(1)} ms`,
      `${(fullMs / (blocks / 1000)).toFixed(2)} ms per 1,000 blocks`,
      '≤ 10 ms per 1,000',
    ],
    ['re-index one changed block, 5k-block doc', `${median(indexOnly).toFixed(3)} ms`, 'indexer time after commit', '≤ 0.2 ms'],
    ['whole server-side edit of that block', `${median(wholeEdit).toFixed(3)} ms`, 'apply + SQLite commit + broadcast + index', '(context)'],
  ]
  console.log('| case | median | what | target |\n|---|---:|---|---|')
  for (const r of rows) console.log(`| ${r.join(' | ')} |`)
  await app.close()
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
