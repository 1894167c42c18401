import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { tempDir } from '../test/harness.ts'
import { BlobEmpty, BlobStore, BlobTooLarge } from './blob-store.ts'

describe('BlobStore', () => {
  const cleanups: (() => void)[] = []
  afterEach(() => cleanups.splice(0).forEach((fn) => fn()))
  const store = () => {
    const { dir, cleanup } = tempDir('keel-blobs-')
    cleanups.push(cleanup)
    return new BlobStore(dir)
  }
  const age = (file: string, ms: number) => {
    const then = new Date(Date.now() - ms)
    fs.utimesSync(file, then, then)
  }

  it('stores bytes under their sha256 once, from any number of chunks', async () => {
    const blobs = store()
    const a = await blobs.write([Buffer.from('hello '), Buffer.from('world')], 100)
    const b = await blobs.write([Buffer.from('hello world')], 100)
    expect(a.sha256).toBe('b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9')
    expect(b).toEqual(a)
    expect(a.size).toBe(11)
    expect(Buffer.from(a.head).toString()).toBe('hello world')
    expect(fs.readdirSync(path.join(blobs.root, 'b9'))).toEqual([a.sha256])
    expect(fs.readdirSync(path.join(blobs.root, 'tmp'))).toEqual([])
  })

  it('refuses past the limit and an empty file, leaving no temporary file', async () => {
    const blobs = store()
    await expect(blobs.write([Buffer.alloc(60), Buffer.alloc(60)], 100)).rejects.toBeInstanceOf(BlobTooLarge)
    await expect(blobs.write([], 100)).rejects.toBeInstanceOf(BlobEmpty)
    expect(fs.readdirSync(path.join(blobs.root, 'tmp'))).toEqual([])
    expect(fs.readdirSync(blobs.root)).toEqual(['tmp'])
  })

  it('sweeps blobs no row names and stale temporary files, once untouched for the grace period', async () => {
    const blobs = store()
    const kept = await blobs.write([Buffer.from('named by a row')], 100)
    const orphan = await blobs.write([Buffer.from('named by nothing')], 100)
    const fresh = await blobs.write([Buffer.from('just uploaded')], 100)
    const stale = path.join(blobs.root, 'tmp', 'left-by-a-crash')
    fs.writeFileSync(stale, 'partial')
    for (const f of [blobs.path(kept.sha256), blobs.path(orphan.sha256), stale]) age(f, 2 * 3600_000)
    const referenced = (sha: string) => sha === kept.sha256
    expect(blobs.sweep(referenced, Date.now(), 3600_000)).toBe(2)
    expect(blobs.exists(kept.sha256)).toBe(true)
    expect(blobs.exists(orphan.sha256)).toBe(false)
    // Unreferenced but recent: an upload whose row is being committed.
    expect(blobs.exists(fresh.sha256)).toBe(true)
    expect(fs.existsSync(stale)).toBe(false)
  })

  it('touches an existing blob when the same bytes come again, so a sweep keeps it for the new row', async () => {
    const blobs = store()
    const first = await blobs.write([Buffer.from('again')], 100)
    age(blobs.path(first.sha256), 2 * 3600_000)
    await blobs.write([Buffer.from('again')], 100)
    expect(blobs.sweep(() => false, Date.now(), 3600_000)).toBe(0)
    expect(blobs.exists(first.sha256)).toBe(true)
  })
})
