import { Inflate } from 'fflate'
import { IMPORT_LIMITS } from '../limits.ts'
import { decodeUtf8 } from './text.ts'
import { safeEntryPath } from './paths.ts'

/** One file taken out of an archive (folders are implied by the paths). */
export interface ArchiveFile {
  /** Normalised relative path, `/`-separated, never with `..` or a leading `/`. */
  path: string
  bytes: Uint8Array
}

/** Why an archive or an entry of it was refused, in words a person running a migration reads. */
export interface Refusal {
  path: string
  reason: string
}

export type ZipResult = { ok: true; files: ArchiveFile[]; refused: Refusal[] } | { ok: false; error: string; refused: Refusal[] }

export type ZipLimits = Pick<typeof IMPORT_LIMITS, 'maxEntries' | 'maxTotalBytes' | 'maxEntryBytes' | 'maxRatio' | 'maxPathLength' | 'maxDepth'>

const EOCD = 0x06054b50
const CENTRAL = 0x02014b50
const LOCAL = 0x04034b50
/** Compressed bytes handed to the inflater at a time: deflate expands ~1032× at most, so one push stays bounded. */
const CHUNK = 16 * 1024

interface CentralEntry {
  name: string
  flags: number
  method: number
  compressedSize: number
  size: number
  localOffset: number
}

class Refused extends Error {}

/**
 * Reads a .zip without trusting it. Everything the central directory declares is checked before
 * anything is inflated: entry count, total and per-entry sizes, compression ratio, and every path
 * (`..`, absolute paths, drive letters and NUL refuse the whole archive: a real export never has
 * them, and half an archive is worse than none). Then each entry is inflated in small chunks with
 * its output counted, so a header that lies about its size stops at the same bounds. Encrypted
 * entries and unknown compression methods are refused one by one and reported. Zip64 is not read.
 */
export function readZip(data: Uint8Array, limits: ZipLimits = IMPORT_LIMITS): ZipResult {
  const refused: Refusal[] = []
  try {
    const entries = centralDirectory(data, limits)
    for (const e of entries) {
      const path = safeEntryPath(e.name, limits)
      if (typeof path !== 'string') refused.push({ path: e.name, reason: path.reason })
    }
    if (refused.length > 0)
      return { ok: false, error: `the archive has ${refused.length} unsafe path(s) (${refused[0]!.reason}); nothing was imported`, refused }
    const files: ArchiveFile[] = []
    let total = 0
    for (const e of entries) {
      if (e.name.endsWith('/')) continue
      const path = safeEntryPath(e.name, limits) as string
      if (e.flags & 1) {
        refused.push({ path, reason: 'encrypted entries are not supported' })
        continue
      }
      if (e.method !== 0 && e.method !== 8) {
        refused.push({ path, reason: `compression method ${e.method} is not supported (only stored and deflate)` })
        continue
      }
      const bytes = inflateEntry(data, e, Math.min(e.size, limits.maxTotalBytes - total))
      total += bytes.length
      files.push({ path, bytes })
    }
    return { ok: true, files, refused }
  } catch (err) {
    if (err instanceof Refused) return { ok: false, error: err.message, refused }
    return { ok: false, error: `the archive is corrupt or not a zip (${err instanceof Error ? err.message : String(err)}); nothing was imported`, refused }
  }
}

function centralDirectory(data: Uint8Array, limits: ZipLimits): CentralEntry[] {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength)
  let eocd = -1
  // The end record is the last 22 bytes plus a comment of at most 65,535.
  for (let i = data.length - 22; i >= Math.max(0, data.length - 22 - 65_535); i--) {
    if (view.getUint32(i, true) === EOCD) {
      eocd = i
      break
    }
  }
  if (eocd < 0) throw new Refused('not a zip archive (no end of central directory); nothing was imported')
  const count = view.getUint16(eocd + 10, true)
  const cdSize = view.getUint32(eocd + 12, true)
  const cdOffset = view.getUint32(eocd + 16, true)
  if (count === 0xffff || cdOffset === 0xffffffff) throw new Refused('zip64 archives are not supported; nothing was imported')
  if (count > limits.maxEntries) throw new Refused(`the archive has ${count} entries, more than the ${limits.maxEntries} allowed; nothing was imported`)
  if (cdOffset + cdSize > eocd) throw new Refused('the archive is corrupt (central directory out of range); nothing was imported')
  const out: CentralEntry[] = []
  let declared = 0
  let p = cdOffset
  for (let i = 0; i < count; i++) {
    if (p + 46 > eocd || view.getUint32(p, true) !== CENTRAL) throw new Refused('the archive is corrupt (bad central directory entry); nothing was imported')
    const flags = view.getUint16(p + 8, true)
    const method = view.getUint16(p + 10, true)
    const compressedSize = view.getUint32(p + 20, true)
    const size = view.getUint32(p + 24, true)
    const nameLen = view.getUint16(p + 28, true)
    const extraLen = view.getUint16(p + 30, true)
    const commentLen = view.getUint16(p + 32, true)
    const localOffset = view.getUint32(p + 42, true)
    const raw = data.subarray(p + 46, p + 46 + nameLen)
    // Bit 11: the name is UTF-8; otherwise CP437, read as Latin-1 when it is not valid UTF-8.
    const name = decodeUtf8(raw) ?? String.fromCharCode(...raw)
    if (size === 0xffffffff || compressedSize === 0xffffffff) throw new Refused('zip64 archives are not supported; nothing was imported')
    if (size > limits.maxEntryBytes)
      throw new Refused(`${name} declares ${size} bytes, more than the ${limits.maxEntryBytes} allowed per file; nothing was imported`)
    if (size > 1024 * 1024 && size > compressedSize * limits.maxRatio)
      throw new Refused(`${name} declares a compression ratio over ${limits.maxRatio}:1 (a zip bomb?); nothing was imported`)
    declared += size
    if (declared > limits.maxTotalBytes) throw new Refused(`the archive declares more than ${limits.maxTotalBytes} bytes uncompressed; nothing was imported`)
    out.push({ name, flags, method, compressedSize, size, localOffset })
    p += 46 + nameLen + extraLen + commentLen
  }
  return out
}

/** One entry's bytes, stopping as soon as more than `budget` (its declared size, within the total) come out. */
function inflateEntry(data: Uint8Array, e: CentralEntry, budget: number): Uint8Array {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength)
  if (e.localOffset + 30 > data.length || view.getUint32(e.localOffset, true) !== LOCAL) throw new Error(`bad local header for ${e.name}`)
  const start = e.localOffset + 30 + view.getUint16(e.localOffset + 26, true) + view.getUint16(e.localOffset + 28, true)
  if (start + e.compressedSize > data.length) throw new Error(`${e.name} runs past the end of the archive`)
  const body = data.subarray(start, start + e.compressedSize)
  if (e.method === 0) {
    if (body.length > budget) throw new Refused(`${e.name} holds more bytes than it declares; nothing was imported`)
    return body.slice()
  }
  const chunks: Uint8Array[] = []
  let produced = 0
  let ended = false
  const inflater = new Inflate((chunk, final) => {
    produced += chunk.length
    if (produced > budget) throw new Refused(`${e.name} inflates past its declared ${e.size} bytes (a zip bomb?); nothing was imported`)
    chunks.push(chunk)
    if (final) ended = true
  })
  for (let i = 0; i < body.length; i += CHUNK) inflater.push(body.subarray(i, i + CHUNK), i + CHUNK >= body.length)
  if (body.length === 0) inflater.push(new Uint8Array(0), true)
  if (!ended && produced !== e.size) throw new Error(`${e.name} ends early`)
  const out = new Uint8Array(produced)
  let at = 0
  for (const c of chunks) {
    out.set(c, at)
    at += c.length
  }
  return out
}
