/**
 * Uploads not yet accepted by the server, kept in IndexedDB by uploadId, so a file picked while
 * offline survives a reload or a closed tab: when the document opens again in this browser and
 * its placeholder is still uploading, the upload starts again from here (uploads.ts). Entries are
 * removed when the upload settles, and dropped after MAX_AGE_MS whatever happened.
 */
export interface PendingUpload {
  uploadId: string
  projectId: string
  name: string
  file: Blob
  createdAt: number
}

const DB = 'keel-attachment-uploads'
const STORE = 'pending'
const MAX_AGE_MS = 7 * 24 * 3600 * 1000

let opening: Promise<IDBDatabase | null> | null = null

function open(): Promise<IDBDatabase | null> {
  opening ??= new Promise((resolve) => {
    if (typeof indexedDB === 'undefined') return resolve(null)
    const request = indexedDB.open(DB, 1)
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'uploadId' })
    request.onsuccess = () => resolve(request.result)
    // Private mode or storage disabled: uploads still work, they just do not survive a reload.
    request.onerror = () => resolve(null)
  })
  return opening
}

async function run<T>(mode: IDBTransactionMode, op: (store: IDBObjectStore) => IDBRequest<T>): Promise<T | null> {
  const db = await open()
  if (!db) return null
  return new Promise((resolve) => {
    try {
      const request = op(db.transaction(STORE, mode).objectStore(STORE))
      request.onsuccess = () => resolve(request.result)
      request.onerror = () => resolve(null)
    } catch {
      resolve(null)
    }
  })
}

export const keepPending = (entry: PendingUpload): Promise<unknown> => run('readwrite', (s) => s.put(entry))
export const forgetPending = (uploadId: string): Promise<unknown> => run('readwrite', (s) => s.delete(uploadId))

/** Every kept upload young enough to resume; older ones are deleted on the way. */
export async function pendingUploads(now = Date.now()): Promise<PendingUpload[]> {
  const all = ((await run('readonly', (s) => s.getAll())) ?? []) as PendingUpload[]
  const stale = all.filter((e) => now - e.createdAt > MAX_AGE_MS)
  await Promise.all(stale.map((e) => forgetPending(e.uploadId)))
  return all.filter((e) => now - e.createdAt <= MAX_AGE_MS)
}
