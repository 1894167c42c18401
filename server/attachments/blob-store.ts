import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { SNIFF_BYTES } from '#shared/attachments/sniff'
import { blobRelPath, SHA256 as SHA } from './layout.ts'

/** Where uploads are written before they are whole and fsynced (same file system: rename is atomic). */
const TMP = 'tmp'

/** Thrown for an empty upload (nothing is stored). */
export class BlobEmpty extends Error {
  constructor() {
    super('the file is empty')
  }
}

/** Thrown while storing when the bytes pass `maxBytes` (the partial file is removed first). */
export class BlobTooLarge extends Error {
  constructor(readonly maxBytes: number) {
    super(`the file is larger than ${maxBytes} bytes`)
  }
}

export interface StoredBlob {
  sha256: string
  size: number
  /** The first SNIFF_BYTES bytes (what the content type is sniffed from). */
  head: Uint8Array
}

function fsyncDir(dir: string): void {
  const fd = fs.openSync(dir, 'r')
  try {
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
}

/**
 * Content-addressed files on disk (docs/decisions/0008-attachments.md): bytes are streamed to a
 * temporary file while hashed, fsynced, and renamed to their sha256 (the shard folder fsynced
 * too), so a blob that exists under its name is whole and durable, and equal bytes are stored once.
 */
export class BlobStore {
  constructor(readonly root: string) {
    fs.mkdirSync(path.join(root, TMP), { recursive: true })
  }

  path(sha256: string): string {
    if (!SHA.test(sha256)) throw new Error('not a sha256')
    return path.join(this.root, ...blobRelPath(sha256).split('/'))
  }

  /** Streams `source` into the store; rejects with BlobTooLarge past `maxBytes`. */
  async write(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, maxBytes: number): Promise<StoredBlob> {
    const tmp = path.join(this.root, TMP, `${Date.now()}-${randomBytes(8).toString('hex')}`)
    const file = await fs.promises.open(tmp, 'wx')
    const hash = createHash('sha256')
    const head: Buffer[] = []
    let headBytes = 0
    let size = 0
    try {
      for await (const chunk of source) {
        size += chunk.byteLength
        if (size > maxBytes) throw new BlobTooLarge(maxBytes)
        hash.update(chunk)
        if (headBytes < SNIFF_BYTES) {
          const part = Buffer.from(chunk.buffer, chunk.byteOffset, Math.min(chunk.byteLength, SNIFF_BYTES - headBytes))
          head.push(Buffer.from(part))
          headBytes += part.byteLength
        }
        await file.write(chunk)
      }
      if (size === 0) throw new BlobEmpty()
      await file.sync()
    } catch (err) {
      await file.close()
      await fs.promises.rm(tmp, { force: true })
      throw err
    }
    await file.close()
    const sha256 = hash.digest('hex')
    const final = this.path(sha256)
    // Always a rename, also when the same bytes are stored already: it is atomic, replaces the
    // blob with identical bytes and a fresh mtime, so a sweep running now keeps it until the new row
    // (committed right after) names it; a sweep that removed it a moment before is undone.
    const shard = path.dirname(final)
    await fs.promises.mkdir(shard, { recursive: true })
    await fs.promises.rename(tmp, final)
    fsyncDir(shard)
    return { sha256, size, head: new Uint8Array(Buffer.concat(head)) }
  }

  exists(sha256: string): boolean {
    return fs.existsSync(this.path(sha256))
  }

  stream(sha256: string): fs.ReadStream {
    return fs.createReadStream(this.path(sha256))
  }

  async read(sha256: string): Promise<Uint8Array> {
    return new Uint8Array(await fs.promises.readFile(this.path(sha256)))
  }

  /**
   * Removes what no row names: blobs for which `referenced` is false, and abandoned temporary
   * files, each only when untouched for `graceMs` (an upload in flight has its temporary file or
   * its freshly touched blob, and its row follows within moments). Returns the count removed.
   */
  sweep(referenced: (sha256: string) => boolean, now: number, graceMs: number): number {
    let removed = 0
    const old = (file: string): boolean => {
      try {
        return now - fs.statSync(file).mtimeMs > graceMs
      } catch {
        return false
      }
    }
    for (const shard of fs.readdirSync(this.root)) {
      const dir = path.join(this.root, shard)
      if (shard === TMP) {
        for (const f of fs.readdirSync(dir)) {
          if (!old(path.join(dir, f))) continue
          fs.rmSync(path.join(dir, f), { force: true })
          removed++
        }
        continue
      }
      if (!/^[0-9a-f]{2}$/.test(shard)) continue
      for (const f of fs.readdirSync(dir)) {
        if (!SHA.test(f) || referenced(f) || !old(path.join(dir, f))) continue
        fs.rmSync(path.join(dir, f), { force: true })
        removed++
      }
    }
    return removed
  }
}
