import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import type { BackupChecks } from '#shared/api/backup'

/**
 * SQLite and hashing work of a backup, in a worker thread with its own connection, so the server's
 * event loop (every socket, every commit) never waits for a copy, an integrity check of a large
 * file or its checksum. The worker is plain JavaScript in a string: it runs without a TypeScript
 * loader, in the server and in the CLI alike.
 */
const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const fs = require('node:fs')
const crypto = require('node:crypto')
const Database = require(workerData.driver)
const job = workerData.job

function open(file, readonly) {
  const db = new Database(file, { readonly, fileMustExist: true })
  db.pragma('busy_timeout = 5000')
  return db
}

const ops = {
  // A consistent copy: VACUUM INTO reads inside one read transaction (WAL: writers go on).
  vacuum() {
    const db = open(job.source, true)
    try { db.prepare('VACUUM INTO ?').run(job.target) } finally { db.close() }
  },
  // A copy stands alone: rollback journal, so it opens read-only with no -wal/-shm beside it.
  seal() {
    const db = open(job.file, false)
    try { db.pragma('journal_mode = DELETE') } finally { db.close() }
  },
  check() {
    const db = open(job.file, true)
    try {
      const integrity = db.pragma('integrity_check(20)').map((r) => r.integrity_check).join('; ')
      const documents = db.prepare('SELECT count(*) AS n FROM documents').get().n
      const schemaVersion = db.pragma('user_version', { simple: true })
      return { integrity, documents, schemaVersion }
    } finally { db.close() }
  },
  hash() {
    const hash = crypto.createHash('sha256')
    const fd = fs.openSync(job.file, 'r')
    const buf = Buffer.allocUnsafe(1 << 20)
    let bytes = 0
    try {
      for (;;) {
        const n = fs.readSync(fd, buf, 0, buf.length, null)
        if (n === 0) break
        hash.update(n === buf.length ? buf : buf.subarray(0, n))
        bytes += n
      }
    } finally { fs.closeSync(fd) }
    return { sha256: hash.digest('hex'), bytes }
  },
}

try {
  parentPort.postMessage({ ok: true, value: ops[job.op]() ?? null })
} catch (err) {
  parentPort.postMessage({ ok: false, error: String((err && err.message) || err) })
}
`

const driver = createRequire(import.meta.url).resolve('better-sqlite3')

type Job = { op: 'vacuum'; source: string; target: string } | { op: 'seal'; file: string } | { op: 'check'; file: string } | { op: 'hash'; file: string }

function runJob<T>(job: Job): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const worker = new Worker(SOURCE, { eval: true, workerData: { driver, job } })
    let settled = false
    worker.once('message', (m: { ok: true; value: T } | { ok: false; error: string }) => {
      settled = true
      if (m.ok) resolve(m.value)
      else reject(new Error(m.error))
    })
    worker.once('error', (err) => {
      settled = true
      reject(err)
    })
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`backup worker exited with code ${code}`))
    })
  })
}

/** `VACUUM INTO target` from a read-only connection of its own. */
export const vacuumInto = (source: string, target: string): Promise<void> => runJob({ op: 'vacuum', source, target })
/** Switch a copy to a rollback journal, so it is one self-contained file. */
export const seal = (file: string): Promise<void> => runJob({ op: 'seal', file })
/** Integrity check, document count and schema version of a database file, opened read-only. */
export async function checkDatabase(file: string): Promise<BackupChecks> {
  try {
    return await runJob<BackupChecks>({ op: 'check', file })
  } catch (err) {
    // A file that does not even open as a database ("file is not a database"): that is its check.
    return { integrity: err instanceof Error ? err.message : String(err), documents: 0, schemaVersion: 0 }
  }
}
export const hashFile = (file: string): Promise<{ sha256: string; bytes: number }> => runJob({ op: 'hash', file })
