/**
 * history-cpu (Keel only, in process): server CPU per committed update with the 'history'
 * extension registered and without, through the real commit path (RoomRegistry: apply, one SQLite
 * transaction per update, broadcast, afterCommit hooks, compactions) on a temp file, with the
 * default burst options: the versions closed every 2,000 updates are counted in. The updates type
 * paragraphs into the editor fragment (scripts/traces/paragraphs.ts), so each close renders the
 * page's JSON and diffs it, as on a real page. Alternates the
 * two variants in rounds and prints medians of µs per update.
 *
 *   node --import tsx scripts/bench/history-cpu.ts [updates per round]
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pino from 'pino'
import * as Y from 'yjs'
import { EDITOR_FRAGMENT } from '../../shared/doc/fragment.ts'
import { limits } from '../../shared/limits.ts'
import { ParagraphText } from '../traces/paragraphs.ts'
import { RoomRegistry } from '../../server/collab/registry.ts'
import type { Peer } from '../../server/collab/peer.ts'
import { openDatabase } from '../../server/db/open.ts'
import { Contents } from '../../server/history/contents.ts'
import { VersionRecorder } from '../../server/history/recorder.ts'
import { SqliteHistoryStore } from '../../server/history/sqlite-history-store.ts'
import { VersionTracker } from '../../server/history/tracker.ts'
import { SqliteStore } from '../../server/store/sqlite-store.ts'

const N = Number(process.argv[2] ?? 5000)
const log = pino({ level: 'silent' })

async function round(withHistory: boolean): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keel-history-cpu-'))
  const db = openDatabase(path.join(dir, 'keel.db'), { synchronous: 'normal' })
  const store = new SqliteStore(db)
  const registry = new RoomRegistry(store, log, { unloadDelayMs: 60_000, compactEveryUpdates: 500, compactEveryBytes: 4 << 20, commitWindowMs: 0, limits })
  if (withHistory) {
    const history = new SqliteHistoryStore(db)
    registry.use(
      new VersionTracker(history, new VersionRecorder(store, history, new Contents(store)), log, {
        idleMs: 5 * 60_000,
        maxSpanMs: 60 * 60_000,
        maxUpdates: 2000,
      }),
    )
  }
  const peer: Peer = { id: 1, userId: 'u', identity: { id: 'u', name: 'u', color: '#000' }, send() {}, ack() {}, close() {} }
  const other: Peer = { ...peer, id: 2 }
  const room = registry.join('d', peer)
  registry.join('d', other)
  const writer = new Y.Doc()
  const updates: Uint8Array[] = []
  writer.on('update', (u: Uint8Array) => updates.push(u))
  // Typed into the editor fragment as paragraphs (a newline every 60 characters), so a closing
  // version renders real JSON and diffs real blocks: the closes are in the figure.
  const text = new ParagraphText(writer.getXmlFragment(EDITOR_FRAGMENT))
  for (let i = 0; i < N; i++) text.apply([i, 0, i % 60 === 59 ? '\n' : 'x'])
  const started = process.cpuUsage()
  for (let i = 0; i < N; i++) {
    registry.enqueue(room, peer, i + 1, updates[i]!)
    registry.committer.flush()
    // Let compaction and a burst closing (both setImmediate, off the commit path) run, and count them.
    if (i % 50 === 49) await new Promise((r) => setImmediate(r))
  }
  const used = process.cpuUsage(started)
  registry.shutdown(() => {})
  store.close()
  fs.rmSync(dir, { recursive: true, force: true })
  return (used.user + used.system) / N
}

const on: number[] = []
const off: number[] = []
for (let r = 0; r < 7; r++) {
  off.push(await round(false))
  on.push(await round(true))
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
console.log(
  JSON.stringify({
    updatesPerRound: N,
    rounds: 7,
    offUsPerUpdate: +median(off).toFixed(1),
    onUsPerUpdate: +median(on).toFixed(1),
    ratio: +(median(on) / median(off)).toFixed(3),
  }),
)
