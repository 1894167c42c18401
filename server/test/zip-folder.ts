import fs from 'node:fs'
import path from 'node:path'
import { zipSync } from 'fflate'

/** A folder on disk as zip bytes, its own name the top folder of the archive (as a desktop zips it). */
export function zipFolder(folder: string, files: Record<string, Uint8Array | string> = {}): Uint8Array {
  const entries: Record<string, Uint8Array> = {}
  const root = path.basename(folder)
  const walk = (dir: string) => {
    for (const name of fs.readdirSync(dir).sort()) {
      const full = path.join(dir, name)
      if (fs.statSync(full).isDirectory()) walk(full)
      else entries[`${root}/${path.relative(folder, full).split(path.sep).join('/')}`] = fs.readFileSync(full)
    }
  }
  walk(folder)
  for (const [name, data] of Object.entries(files)) entries[name] = typeof data === 'string' ? Buffer.from(data) : data
  return zipSync(entries)
}

/** The Markdown import fixture: a small ML team's docs (test/fixtures/import/markdown/). */
export const MARKDOWN_FIXTURE = path.resolve(import.meta.dirname, '../../test/fixtures/import/markdown/ml-team-docs')
