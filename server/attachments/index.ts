import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type Database from 'better-sqlite3'
import type { FastifyBaseLogger } from 'fastify'
import type { Feature } from '../feature.ts'
import { BlobStore } from './blob-store.ts'
import { attachmentsDirOf } from './layout.ts'
import { attachmentRoutes } from './routes.ts'
import { setAsideBlobs } from './set-aside.ts'
import { Attachments } from './service.ts'
import { SqliteAttachmentStore } from './sqlite-attachment-store.ts'

export interface AttachmentsDeps {
  db: Database.Database
  /** The SQLite file; blobs live in `attachments/` beside it (a temporary folder for ':memory:'). */
  databaseFile: string
  log: FastifyBaseLogger
}

const SWEEP_EVERY_MS = 60 * 60 * 1000

/**
 * Attachments (docs/decisions/0008-attachments.md): uploads and downloads of files in a
 * project's documents, and the AttachmentWriter/Reader importers, export and backup use.
 * Start sweeps unreferenced blobs at once and hourly.
 */
export function attachmentsFeature(deps: AttachmentsDeps): Feature & { service: Attachments } {
  const memory = deps.databaseFile === ':memory:'
  const root = memory ? fs.mkdtempSync(path.join(os.tmpdir(), 'keel-attachments-')) : attachmentsDirOf(deps.databaseFile)
  const rows = new SqliteAttachmentStore(deps.db)
  const service = new Attachments(rows, new BlobStore(root), Date.now, () => setAsideBlobs(deps.databaseFile))
  let timer: NodeJS.Timeout | null = null
  const sweep = () => {
    try {
      const removed = service.sweep()
      if (removed > 0) deps.log.info({ removed }, 'attachments sweep removed unreferenced files')
    } catch (err) {
      deps.log.error({ err }, 'attachments sweep failed')
    }
  }
  return {
    name: 'attachments',
    service,
    routes: async (app) => attachmentRoutes(app, { attachments: service }),
    start() {
      sweep()
      timer = setInterval(sweep, SWEEP_EVERY_MS)
      timer.unref()
    },
    close() {
      if (timer) clearInterval(timer)
      if (memory) fs.rmSync(root, { recursive: true, force: true })
    },
  }
}
