import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { tempDir } from '../test/harness.ts'
import { claimFolder, markRunning, PID_FILE, runningServer } from './running.ts'

const cleanups: (() => void)[] = []
afterEach(() => cleanups.splice(0).forEach((fn) => fn()))
const folder = () => {
  const t = tempDir()
  cleanups.push(t.cleanup)
  return t.dir
}
/** A pid that was a process a moment ago and is no more. */
const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid!

describe('the data folder mark (keel.pid)', () => {
  it('a second server on a folder with a live mark refuses to start, and leaves the mark alone', () => {
    const dir = folder()
    const release = markRunning(path.join(dir, 'keel.db'))
    const before = fs.readFileSync(path.join(dir, PID_FILE), 'utf8')
    expect(() => markRunning(path.join(dir, 'keel.db'))).toThrow(/not starting a second one on the same data folder/)
    expect(() => markRunning(path.join(dir, 'keel.db'))).toThrow(new RegExp(`A Keel server \\(pid ${process.pid}, .*\\) is running on ${dir}`))
    expect(fs.readFileSync(path.join(dir, PID_FILE), 'utf8')).toBe(before)
    release()
    expect(fs.existsSync(path.join(dir, PID_FILE))).toBe(false)
    markRunning(path.join(dir, 'keel.db'))()
  })

  it('servers on different folders do not meet; an in-memory database takes no mark', () => {
    const releases = [folder(), folder(), folder()].map((d) => markRunning(path.join(d, 'keel.db')))
    releases.forEach((r) => r())
    markRunning(':memory:')()
    markRunning(':memory:')()
  })

  it('a stale mark (its process is gone) is taken over', () => {
    const dir = folder()
    fs.writeFileSync(path.join(dir, PID_FILE), JSON.stringify({ pid: deadPid(), startedAt: '2026-01-01T00:00:00.000Z' }))
    expect(runningServer(dir)).toBeNull()
    const claim = claimFolder(dir, 'restore')
    expect(claim.held()).toBe(true)
    expect(runningServer(dir)).toMatchObject({ pid: process.pid, holder: 'restore' })
    expect(() => markRunning(path.join(dir, 'keel.db'))).toThrow(/A keel restore \(pid/)
    claim.release()
    expect(runningServer(dir)).toBeNull()
  })

  it('a claim whose mark was replaced is no longer held, and its release leaves the new mark', () => {
    const dir = folder()
    const claim = claimFolder(dir, 'restore')
    fs.rmSync(path.join(dir, PID_FILE))
    const other = claimFolder(dir, 'server')
    expect(claim.held()).toBe(false)
    claim.release()
    expect(other.held()).toBe(true)
    other.release()
  })
})
