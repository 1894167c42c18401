/**
 * Full-text search benchmark (in process, a real SQLite file): `npx tsx scripts/bench/search.ts [--quick]`.
 *
 * A generated corpus of 10,000 pages / 200,000 blocks (20 per page: prose, tasks, runs) over 10
 * projects is written into the index, then:
 * 1. Query time through SearchService (permissions, plan, SQLite, snippets) for typical
 *    switcher queries: a prefix, a full word, two words, a short word (f1), a typo, a rare word.
 *    Target p95 ≤ 30 ms.
 * 2. Index update: one block changed in a loaded 200-block page, the indexer's time after the
 *    commit (derive the block, diff, write both FTS indexes). Target ≤ 5 ms per changed block.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import * as Y from 'yjs'
import { buildApp } from '../../server/app.ts'
import { testConfig } from '../../server/config.ts'
import { openDatabase } from '../../server/db/open.ts'
import type { DerivedRow } from '../../server/search/extract.ts'
import { Fixture } from '../../server/test/fixtures.ts'
import type { Principal } from '../../server/auth/principal.ts'

const quick = process.argv.includes('--quick')
const PAGES = quick ? 1_000 : 10_000
const BLOCKS_PER_PAGE = 20
const PROJECTS = 10
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!

// A seeded generator, so every run indexes the same corpus.
let seed = 42
const rand = (n: number) => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31
  return Math.floor((seed / 2 ** 31) * n)
}
const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ra', 'to', 'shi', 'vu', 'pe', 'do', 'gri', 'zan', 'tel', 'mor', 'qua', 'bex']
const VOCAB = Array.from({ length: 6_000 }, () => Array.from({ length: 2 + rand(3) }, () => SYLLABLES[rand(SYLLABLES.length)]).join(''))
const ML = [
  'resnet50',
  'transformer',
  'baseline',
  'learning',
  'rate',
  'dropout',
  'f1',
  'recall',
  'precision',
  'holdout',
  'dataset',
  'augmentation',
  'epoch',
  'adamw',
]
// Zipf-like: low indexes far more often, as in prose.
const word = () => (rand(10) === 0 ? ML[rand(ML.length)]! : VOCAB[Math.floor(VOCAB.length * (rand(1000) / 1000) ** 3)]!)
const sentence = (n: number) => Array.from({ length: n }, word).join(' ')

function blockRows(page: number, b: number): DerivedRow {
  const base = { unit: `y:${page}:${b}`, key: `y:${page}:${b}`, blockId: null, status: null, assignee: null, stage: null, pageTypes: '' }
  if (b % 5 === 1)
    return { ...base, kind: 'task', blockId: `t-${page}-${b}`, title: sentence(5), body: 'todo medium training', status: 'todo', stage: 'training' }
  if (b % 10 === 3)
    return { ...base, kind: 'run', blockId: `log-${page}`, title: `run-${b} ${word()}`, body: `lr=0.001 batch=32 optimizer=adamw f1 loss ${word()}` }
  return { ...base, kind: 'text', title: '', body: sentence(8 + rand(20)) }
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keel-search-bench-'))
  const file = path.join(dir, 'keel.db')
  const db = openDatabase(file, { synchronous: 'normal' })
  const app = await buildApp(testConfig({ databaseFile: file }), { db })
  const fixture = new Fixture(db)
  const { index, indexer, service } = app.fullText
  const projects = [fixture.projectId, ...Array.from({ length: PROJECTS - 1 }, (_, i) => fixture.directory.createProject(fixture.workspaceId, `P${i}`).id)]

  const loadStarted = performance.now()
  const now = Date.now()
  for (let p = 0; p < PAGES; p++) {
    const projectId = projects[p % PROJECTS]!
    const docId = fixture.ensureDoc(`page-${p}`, projectId)
    db.prepare('UPDATE documents SET title = ? WHERE id = ?').run(`${word()} ${word()} ${p}`, docId)
    const rows: DerivedRow[] = [
      {
        key: 'page',
        unit: 'page',
        kind: 'page',
        blockId: null,
        title: `${word()} ${word()}`,
        body: '',
        status: null,
        assignee: null,
        stage: null,
        pageTypes: '',
      },
    ]
    for (let b = 0; b < BLOCKS_PER_PAGE; b++) rows.push(blockRows(p, b))
    index.replaceDoc(docId, projectId, rows, fixture.owner.id, now)
  }
  const loadMs = performance.now() - loadStarted
  db.pragma('optimize')
  const bytes = fs.statSync(file).size
  console.log(
    `corpus: ${PAGES} pages, ${PAGES * BLOCKS_PER_PAGE} blocks, ${index.size} rows in ${(loadMs / 1000).toFixed(1)} s; database ${(bytes / 2 ** 20).toFixed(0)} MiB`,
  )

  const principal: Principal = { kind: 'session', user: fixture.accounts.user(fixture.owner.id)!, sessionHash: 'bench' }
  const queries: [string, string][] = [
    ['prefix', 'resn'],
    ['word', 'transformer'],
    ['two words', 'learning rate'],
    ['short word', 'f1'],
    ['typo', 'tranformer'],
    ['rare word', VOCAB[5_999]!],
    ['common prefix', VOCAB[0]!.slice(0, 3)],
  ]
  console.log('\n| query | q | hits | p50 ms | p95 ms |\n|---|---|---|---|---|')
  const rounds = quick ? 30 : 100
  for (const [name, q] of queries) {
    const times: number[] = []
    let hits = 0
    for (let i = 0; i < rounds; i++) {
      const started = performance.now()
      hits = service.search(principal, { q }).hits.length
      times.push(performance.now() - started)
    }
    console.log(`| ${name} | \`${q}\` | ${hits} | ${pct(times, 0.5).toFixed(2)} | ${pct(times, 0.95).toFixed(2)} |`)
  }

  // 2. Index update per changed block, through a loaded document and the real indexer.
  const docId = fixture.ensureDoc('bench-live')
  app.registry.change(docId, fixture.owner.id, (doc) => {
    const fragment = doc.getXmlFragment('default')
    for (let i = 0; i < 200; i++) {
      const p = new Y.XmlElement('paragraph')
      fragment.push([p])
      p.insert(0, [new Y.XmlText(sentence(15))])
    }
  })
  const updates: number[] = []
  for (let i = 0; i < (quick ? 50 : 200); i++) {
    app.registry.change(docId, fixture.owner.id, (doc) => {
      const p = doc.getXmlFragment('default').get(rand(200)) as Y.XmlElement
      ;(p.firstChild as Y.XmlText).insert(0, `${word()} `)
    })
    updates.push(indexer.stats.lastIncrementalMs)
  }
  console.log(`\nindex update, one changed block of a 200-block page: median ${pct(updates, 0.5).toFixed(2)} ms, p95 ${pct(updates, 0.95).toFixed(2)} ms`)
  await app.close()
  fs.rmSync(dir, { recursive: true, force: true })
}

void main()
