import { IMPORT_LIMITS } from '../limits.ts'
import type { ImportSource } from './adapter.ts'
import { safeEntryPath } from './paths.ts'
import { readZip, type Refusal, type ZipLimits } from './zip.ts'

export type ReadSource = { ok: true; source: ImportSource; refused: Refusal[] } | { ok: false; error: string; refused: Refusal[] }

const isZip = (bytes: Uint8Array) => bytes[0] === 0x50 && bytes[1] === 0x4b

/**
 * An upload as an import source: a .zip (by its signature) of folders, or one Markdown (or, for Jira,
 * CSV) file named `fileName`. The source's name (what idempotency is keyed on with the adapter) is the file name
 * without its extension.
 */
export function readSource(fileName: string, bytes: Uint8Array, limits: ZipLimits = IMPORT_LIMITS): ReadSource {
  const base = fileName.replace(/\\/g, '/').split('/').pop() ?? ''
  const name = base.replace(/\.[^.]*$/, '').slice(0, 200) || 'import'
  if (isZip(bytes) || /\.zip$/i.test(base)) {
    const zip = readZip(bytes, limits)
    return zip.ok ? { ok: true, source: { name, files: zip.files }, refused: zip.refused } : zip
  }
  if (bytes.length > limits.maxEntryBytes)
    return { ok: false, error: `${base} is larger than ${limits.maxEntryBytes} bytes; nothing was imported`, refused: [] }
  const path = safeEntryPath(base || 'import.md', limits)
  if (typeof path !== 'string' || path === '') return { ok: false, error: 'the file name is not usable', refused: [] }
  return { ok: true, source: { name, files: [{ path: /\.(md|markdown|csv)$/i.test(path) ? path : `${path}.md`, bytes }] }, refused: [] }
}
