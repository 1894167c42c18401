import { unzipSync } from 'fflate'
import { ErrorCode } from '#shared/api/errors'
import { MANIFEST_ENTRY } from '#shared/export/manifest'
import { EXPORT_LIMITS } from '#shared/limits'
import { HttpError } from '../http/errors.ts'

const invalid = (message: string) => new HttpError(422, ErrorCode.InvalidImport, message)

/**
 * The export an import request carries: the JSON manifest itself (parsed by the JSON body
 * parser), or a `.keel.zip` (raw bytes) holding it as `keel-export.json`. A zip of more than
 * EXPORT_LIMITS.maxImportZipEntries entries, or naming one twice, is refused. Only that entry is
 * inflated, once, and only if its declared size is within EXPORT_LIMITS.maxImportBytes (fflate inflates
 * into a buffer of the declared size, so a lying header cannot make it grow: a zip bomb ends as
 * a truncated entry, which then fails to parse).
 */
export function readImportBody(body: unknown): unknown {
  if (!Buffer.isBuffer(body)) return body
  let entries: Record<string, Uint8Array>
  // The filter sees each central directory record before anything is inflated: a zip repeating
  // the manifest's record thousands of times (each inflated on its own, synchronously) stops at
  // the first duplicate, and one with many entries at the count bound.
  const names = new Set<string>()
  let matched = false
  try {
    entries = unzipSync(new Uint8Array(body.buffer, body.byteOffset, body.byteLength), {
      filter: (f) => {
        if (names.has(f.name)) throw invalid(`the zip holds ${f.name} twice: not a Keel export`)
        names.add(f.name)
        if (names.size > EXPORT_LIMITS.maxImportZipEntries)
          throw invalid(`the zip holds more than ${EXPORT_LIMITS.maxImportZipEntries} entries: not a Keel export (which holds one, ${MANIFEST_ENTRY})`)
        if (f.name !== MANIFEST_ENTRY || matched) return false
        if (f.originalSize > EXPORT_LIMITS.maxImportBytes)
          throw invalid(`${MANIFEST_ENTRY} is larger than an import takes (${EXPORT_LIMITS.maxImportBytes} bytes)`)
        matched = true
        return true
      },
    })
  } catch (err) {
    if (err instanceof HttpError) throw err
    throw invalid(`not a zip file (${(err as Error).message})`)
  }
  const manifest = entries[MANIFEST_ENTRY]
  if (!manifest) throw invalid(`the zip holds no ${MANIFEST_ENTRY}: not a Keel export`)
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(manifest)) as unknown
  } catch {
    throw invalid(`${MANIFEST_ENTRY} is not valid JSON`)
  }
}
