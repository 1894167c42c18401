import path from 'node:path'

/**
 * Where attachments live on disk, shared by the store, backup and restore (without the feature):
 * `<data folder>/attachments/<sha[0:2]>/<sha>`, beside the SQLite file; a backup folder uses the
 * same layout under its own `attachments/`.
 */
export const ATTACHMENTS_DIR = 'attachments'

export const SHA256 = /^[0-9a-f]{64}$/

/** The attachments folder of a data folder, given its SQLite file. */
export const attachmentsDirOf = (databaseFile: string): string => path.join(path.dirname(databaseFile), ATTACHMENTS_DIR)

/** A blob's path inside an attachments folder, '/' separated (a manifest's form too). */
export const blobRelPath = (sha256: string): string => `${sha256.slice(0, 2)}/${sha256}`
