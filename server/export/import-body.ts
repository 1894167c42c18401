import { unzipSync } from 'fflate'
import { ErrorCode } from '#shared/api/errors'
import { MANIFEST_ENTRY } from '#shared/export/manifest'
import { EXPORT_LIMITS } from '#shared/limits'
import { HttpError } from '../http/errors.ts'

const invalid = (message: string) => new HttpError(422, ErrorCode.InvalidImport, message)

/**
 * The export an import request carries: the JSON manifest itself (parsed by the JSON body
 * parser), or a `.keel.zip` (raw bytes) holding it as `keel-export.json`. Only that entry is
 * inflated, and only if its declared size is within EXPORT_LIMITS.maxImportBytes (fflate inflates
 * into a buffer of the declared size, so a lying header cannot make it grow: a zip bomb ends as
 * a truncated entry, which then fails to parse).
 */
export function readImportBody(body: unknown): unknown {
  if (!Buffer.isBuffer(body)) return body
  let entries: Record<string, Uint8Array>
  let tooLarge = false
  try {
    entries = unzipSync(new Uint8Array(body.buffer, body.byteOffset, body.byteLength), {
      filter: (f) => {
        if (f.name !== MANIFEST_ENTRY) return false
        if (f.originalSize > EXPORT_LIMITS.maxImportBytes) tooLarge = true
        return !tooLarge
      },
    })
  } catch (err) {
    throw invalid(`not a zip file (${(err as Error).message})`)
  }
  if (tooLarge) throw invalid(`${MANIFEST_ENTRY} is larger than an import takes (${EXPORT_LIMITS.maxImportBytes} bytes)`)
  const manifest = entries[MANIFEST_ENTRY]
  if (!manifest) throw invalid(`the zip holds no ${MANIFEST_ENTRY}: not a Keel export`)
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(manifest)) as unknown
  } catch {
    throw invalid(`${MANIFEST_ENTRY} is not valid JSON`)
  }
}
