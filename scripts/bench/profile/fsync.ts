/** How long one durable SQLite commit takes on this disk (WAL, synchronous=FULL): the floor of Keel's commit-before-broadcast latency. */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keel-fsync-'))
const db = new Database(path.join(dir, 'x.db'))
db.pragma('journal_mode = WAL')
db.pragma(`synchronous = ${process.argv[2] ?? 'FULL'}`)
db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, data BLOB)')
const ins = db.prepare('INSERT INTO t (data) VALUES (?)')
const tx = db.transaction((n: number) => {
  for (let i = 0; i < n; i++) ins.run(Buffer.alloc(40))
})
for (const n of [1, 10, 100]) {
  const ts: number[] = []
  for (let i = 0; i < 200; i++) {
    const t = performance.now()
    tx(n)
    ts.push(performance.now() - t)
  }
  ts.sort((a, b) => a - b)
  console.log(`rows/commit=${n} p50 ${ts[100]!.toFixed(3)} ms p90 ${ts[180]!.toFixed(3)} p99 ${ts[198]!.toFixed(3)} max ${ts[199]!.toFixed(2)}`)
}
db.close()
fs.rmSync(dir, { recursive: true })
