/**
 * In-process reproduction of the cold-load scenario's server side, with the real RoomRegistry,
 * SqliteStore and load hooks (the whole app, built without listening): a 5k-paragraph document is
 * written as the bench writes it (100 paragraphs per update), the app is shut down (compacting),
 * reopened, and each sample times load → sync step 2 for an empty state vector (total), split into
 * phases; buildAfter = building the Y.Doc afterwards if the room served step 2 from the snapshot.
 *
 *   node --import tsx scripts/bench/profile/cold-load-inproc.ts [blocks] [samples]
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx scripts/bench/profile/cold-load-inproc.ts
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import * as Y from 'yjs'
import { buildApp } from '../../../server/app.ts'
import { testConfig } from '../../../server/config.ts'
import { openDatabase } from '../../../server/db/open.ts'
import { Fixture } from '../../../server/test/fixtures.ts'
import type { Peer } from '../../../server/collab/peer.ts'
import { median } from '../lib/stats.ts'

const BLOCKS = Number(process.argv[2] ?? 5000)
const SAMPLES = Number(process.argv[3] ?? 21)
const WORDS = ['model', 'training', 'dataset', 'the', 'loss', 'curve', 'flattens', 'after', 'warmup', 'and', 'eval', 'improves']
const text = (i: number): string => `${i}. ` + Array.from({ length: 12 }, (_, k) => WORDS[(i * 7 + k * 3) % WORDS.length]).join(' ')

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keel-prof-cold-'))
const config = testConfig({ databaseFile: path.join(dir, 'keel.db'), unloadDelayMs: 0, sync: 'full' })
const docId = 'cold-prof'
{
  const fx = new Fixture(openDatabase(config.databaseFile, { synchronous: 'normal' }))
  fx.ensureDoc(docId)
  fx.close()
}
const peer = (): Peer => ({ id: Math.random(), userId: 'u', identity: { id: 'u', name: 'u', color: '#000' }, send() {}, ack() {}, close() {} })

// Write as a client would: one Y.Doc on the side, each chunk's update enqueued as a peer's.
{
  const app = await buildApp(config)
  const client = new Y.Doc()
  const p = peer()
  const room = app.registry.join(docId, p)
  let seq = 0
  client.on('update', (u: Uint8Array) => app.registry.enqueue(room, p, ++seq, u))
  const frag = client.getXmlFragment('default')
  for (let i = 0; i < BLOCKS; i += 100) {
    client.transact(() => {
      frag.insert(
        frag.length,
        Array.from({ length: Math.min(100, BLOCKS - i) }, (_, k) => {
          const el = new Y.XmlElement('paragraph')
          el.insert(0, [new Y.XmlText(text(i + k))])
          return el
        }),
      )
    })
    app.registry.committer.flush()
  }
  app.registry.leave(room, p)
  app.registry.shutdown(() => {})
  await app.close()
}

const app = await buildApp(config)
const store = app.store
const t = {
  storeLoad: [] as number[],
  applyOnly: [] as number[],
  join: [] as number[],
  indexerFull: [] as number[],
  step2: [] as number[],
  total: [] as number[],
  buildAfter: [] as number[],
}
const sv = new Uint8Array([0])
for (let s = 0; s < SAMPLES; s++) {
  const t0 = performance.now()
  store.load(docId)
  const t1 = performance.now()
  t.storeLoad.push(t1 - t0)
  {
    const st = store.load(docId)!
    const a0 = performance.now()
    const d = new Y.Doc()
    d.transact(() => Y.applyUpdate(d, st.snapshot!))
    t.applyOnly.push(performance.now() - a0)
    d.destroy()
  }
  const p = peer()
  const j0 = performance.now()
  const room = app.registry.join(docId, p)
  const j1 = performance.now()
  room.answerStep1(p, sv)
  const j2 = performance.now()
  void room.doc // builds the Y.Doc if it was served from the snapshot (and runs the load hooks)
  const j3 = performance.now()
  t.join.push(j1 - j0)
  t.step2.push(j2 - j1)
  t.total.push(j2 - j0)
  t.buildAfter.push(j3 - j2)
  t.indexerFull.push(app.indexer.stats.lastFullMs)
  app.registry.leave(room, p)
  await new Promise((r) => setTimeout(r, 5))
  if (app.registry.size !== 0) throw new Error('room not unloaded')
}
const stored = store.load(docId)!
console.log(`blocks=${BLOCKS} snapshot=${stored.snapshot?.byteLength} bytes, log rows=${stored.updates.length}`)
for (const [k, v] of Object.entries(t)) console.log(`${k.padEnd(10)} median ${median(v).toFixed(2)} ms  (min ${Math.min(...v).toFixed(2)})`)
await app.close()
fs.rmSync(dir, { recursive: true, force: true })
