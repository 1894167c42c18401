import { createRequire } from 'node:module'
import path from 'node:path'
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

function open(file, readonly) {
  const db = new Database(file, { readonly, fileMustExist: true })
  db.pragma('busy_timeout = 5000')
  return db
}

function fsync(file) {
  const fd = fs.openSync(file, 'r')
  try { fs.fsyncSync(fd) } finally { fs.closeSync(fd) }
}

const ops = {
  // A consistent copy: VACUUM INTO reads inside one read transaction (WAL: writers go on).
  vacuum(job) {
    const db = open(job.source, true)
    try { db.prepare('VACUUM INTO ?').run(job.target) } finally { db.close() }
  },
  // A copy stands alone: rollback journal, so it opens read-only with no -wal/-shm beside it.
  seal(job) {
    const db = open(job.file, false)
    try { db.pragma('journal_mode = DELETE') } finally { db.close() }
  },
  check(job) {
    const db = open(job.file, true)
    try {
      const integrity = db.pragma('integrity_check(20)').map((r) => r.integrity_check).join('; ')
      const documents = db.prepare('SELECT count(*) AS n FROM documents').get().n
      const schemaVersion = db.pragma('user_version', { simple: true })
      return { integrity, documents, schemaVersion }
    } finally { db.close() }
  },
  // VACUUM INTO and the seal write without fsync: the copy is made durable under its final name,
  // and so is the folder entry, before a manifest may call it ok.
  publish(job) {
    fs.renameSync(job.from, job.to)
    fsync(job.to)
    try { fsync(job.folder) } catch { /* not every platform opens folders for fsync */ }
  },
  // The blobs a database's attachment rows name (none before migration 16).
  shas(job) {
    const db = open(job.file, true)
    try {
      const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'attachments'").get()
      return table ? db.prepare('SELECT DISTINCT sha256 FROM attachments ORDER BY sha256').pluck().all() : []
    } finally { db.close() }
  },
  hash(job) {
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

// Jobs run in order in one worker (one thread start per backup, not one per step); the first
// failure stops the rest.
try {
  parentPort.postMessage({ ok: true, value: workerData.jobs.map((job) => ops[job.op](job) ?? null) })
} catch (err) {
  parentPort.postMessage({ ok: false, error: String((err && err.message) || err) })
}
`

const driver = createRequire(import.meta.url).resolve('better-sqlite3')

type Job =
  | { op: 'vacuum'; source: string; target: string }
  | { op: 'seal'; file: string }
  | { op: 'check'; file: string }
  | { op: 'hash'; file: string }
  | { op: 'shas'; file: string }
  | { op: 'publish'; from: string; to: string; folder: string }

function runJobs(jobs: Job[]): Promise<unknown[]> {
  return new Promise<unknown[]>((resolve, reject) => {
    const worker = new Worker(SOURCE, { eval: true, workerData: { driver, jobs } })
    let settled = false
    worker.once('message', (m: { ok: true; value: unknown[] } | { ok: false; error: string }) => {
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

export interface Hashed {
  sha256: string
  bytes: number
}

/**
 * A backup's copy, in one worker: `VACUUM INTO partial` from a read-only connection of its own
 * (when `source` is given; else the copy is already there), then the copy switched to a rollback
 * journal (one self-contained file), checked and hashed.
 */
export async function copyAndVerify(partial: string, source: string | null): Promise<{ checks: BackupChecks; hash: Hashed; blobs: string[] }> {
  const jobs: Job[] = [
    ...(source ? [{ op: 'vacuum' as const, source, target: partial }] : []),
    { op: 'seal', file: partial },
    { op: 'check', file: partial },
    { op: 'hash', file: partial },
    // The attachments of exactly this copy: what the backup then copies beside it.
    { op: 'shas', file: partial },
  ]
  const results = await runJobs(jobs)
  return { checks: results.at(-3) as BackupChecks, hash: results.at(-2) as Hashed, blobs: results.at(-1) as string[] }
}

/** The sha256 of every attachment a database's rows name. */
export const referencedBlobs = async (file: string): Promise<string[]> => (await runJobs([{ op: 'shas', file }]))[0] as string[]

/** Checksums of many files in one worker (a backup's attachments). */
export const hashFiles = async (files: readonly string[]): Promise<Hashed[]> =>
  files.length === 0 ? [] : ((await runJobs(files.map((file) => ({ op: 'hash' as const, file })))) as Hashed[])

/** Integrity check, document count and schema version of a database file, opened read-only. */
export async function checkDatabase(file: string): Promise<BackupChecks> {
  try {
    return (await runJobs([{ op: 'check', file }]))[0] as BackupChecks
  } catch (err) {
    // A file that does not even open as a database ("file is not a database"): that is its check.
    return { integrity: err instanceof Error ? err.message : String(err), documents: 0, schemaVersion: 0 }
  }
}

/** Renames a verified copy to its final name and fsyncs it and its folder, in the worker (fsync can wait long). */
export async function publishCopy(from: string, to: string): Promise<void> {
  await runJobs([{ op: 'publish', from, to, folder: path.dirname(to) }])
}

export const hashFile = async (file: string): Promise<Hashed> => (await runJobs([{ op: 'hash', file }]))[0] as Hashed
