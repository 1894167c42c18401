// @vitest-environment happy-dom
import { act } from 'react'
import { createRoot, type Root } from 'react-dom/client'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { BackupList, BackupManifest } from '#shared/api/backup'
import { BackupsSection } from './BackupsSection.tsx'

declare global {
  var IS_REACT_ACT_ENVIRONMENT: boolean
}
globalThis.IS_REACT_ACT_ENVIRONMENT = true

const ok = (id: string, createdAt: string): BackupManifest => ({
  format: 1,
  id,
  createdAt,
  durationMs: 1250,
  trigger: 'schedule',
  method: 'vacuum-into',
  status: 'ok',
  error: null,
  bytes: 42 * 1024 * 1024,
  files: [{ path: 'keel.db', bytes: 42 * 1024 * 1024, sha256: 'a'.repeat(64) }],
  checks: { integrity: 'ok', documents: 1204, schemaVersion: 11 },
  keelVersion: '0.1.0',
})

let root: Root
let host: HTMLElement
let listed: BackupList
let nextRun: BackupManifest
const posts: string[] = []

const settle = () => act(async () => new Promise((r) => setTimeout(r, 0)))

beforeEach(async () => {
  posts.length = 0
  listed = {
    enabled: true,
    intervalMinutes: 60,
    keep: { hourly: 24, daily: 7, weekly: 4 },
    running: false,
    backups: [ok('2026-12-04T17-00-00-000Z', '2026-12-04T17:00:00.000Z')],
  }
  nextRun = ok('2026-12-04T18-00-00-000Z', '2026-12-04T18:00:00.000Z')
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      if (init?.method === 'POST') {
        posts.push(url)
        listed = { ...listed, backups: [nextRun, ...listed.backups] }
        return new Response(JSON.stringify(nextRun), { status: 201, headers: { 'content-type': 'application/json' } })
      }
      return new Response(JSON.stringify(listed), { status: 200, headers: { 'content-type': 'application/json' } })
    }),
  )
  host = document.createElement('div')
  document.body.append(host)
  root = createRoot(host)
  await act(async () => root.render(<BackupsSection workspaceId="w1" />))
  await settle()
})

afterEach(() => {
  act(() => root.unmount())
  host.remove()
  vi.unstubAllGlobals()
})

const rows = () => [...host.querySelectorAll('[data-testid=backup-row]')]
const button = () => host.querySelector<HTMLButtonElement>('[data-testid=backup-now]')!

// Who sees this section at all (instance administrators only): WorkspacePage.test.tsx.
describe('the backups section of the workspace settings', () => {
  it('shows the schedule, retention and each backup with its size, duration and checks', () => {
    expect(host.textContent).toContain(
      'The whole server, every workspace, taken every hour; kept: the newest of each of the last 24 hours, 7 days and 4 weeks.',
    )
    expect(rows()).toHaveLength(1)
    expect(rows()[0]!.textContent).toContain('verified')
    expect(rows()[0]!.textContent).toContain('42.0 MB · took 1.3 s · integrity ok · 1,204 documents · schema 11')
    expect(button().disabled).toBe(false)
  })

  it('"Back up now" posts, says the result and lists the new backup first', async () => {
    await act(async () => button().click())
    await settle()
    expect(posts).toEqual(['/api/workspaces/w1/backups'])
    expect(host.textContent).toContain('Backed up and verified: 42.0 MB.')
    expect(rows()).toHaveLength(2)
    expect(rows()[0]!.textContent).toContain(new Date('2026-12-04T18:00:00.000Z').toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }))
  })

  it('shows a failed backup as failed, with its reason', async () => {
    nextRun = { ...nextRun, status: 'failed', error: 'ENOTDIR: not a directory, mkdir /srv/backups', bytes: 0, files: [], checks: null }
    await act(async () => button().click())
    await settle()
    expect(host.textContent).toContain('The backup failed: ENOTDIR')
    const failed = rows()[0]!
    expect(failed.querySelector('.pill--failed')?.textContent).toBe('failed')
    expect(failed.textContent).toContain('ENOTDIR: not a directory, mkdir /srv/backups')
    expect(failed.textContent).not.toContain('integrity')
  })

  it('while a scheduled backup runs, says so and shows it once it is done', async () => {
    listed = { ...listed, running: true }
    act(() => root.unmount())
    root = createRoot(host)
    await act(async () => root.render(<BackupsSection workspaceId="w1" pollMs={20} />))
    await settle()
    expect(button().textContent).toBe('Backing up…')
    expect(button().disabled).toBe(true)
    listed = { ...listed, running: false, backups: [nextRun, ...listed.backups] }
    await act(async () => new Promise((r) => setTimeout(r, 60)))
    expect(button().textContent).toBe('Back up now')
    expect(rows()).toHaveLength(2)
  })

  it('says when the server has nothing to back up, and offers no button', async () => {
    listed = { ...listed, enabled: false, intervalMinutes: 0, backups: [] }
    act(() => root.unmount())
    root = createRoot(host)
    await act(async () => root.render(<BackupsSection workspaceId="w1" />))
    await settle()
    expect(host.textContent).toContain('keeps its data in memory')
    expect(host.textContent).toContain('No backup yet.')
    expect(button().disabled).toBe(true)
  })
})
