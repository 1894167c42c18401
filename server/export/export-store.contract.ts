import { afterEach, describe, expect, it } from 'vitest'
import type { ManifestApproval } from '#shared/export/manifest'
import type { ExportStore } from './export-store.ts'

/** What a contract store must hold before the first test: a workspace and two documents (rows reference them). */
export const EXPORT_STORE_FIXTURE = { workspaces: ['W1', 'W2'], docs: ['D1', 'D2'] } as const

const signoff = (docId: string, itemId: string, by = 'u1'): ManifestApproval => ({
  kind: 'signoff',
  docId,
  blockId: 'cl-1',
  itemId,
  userId: by,
  at: '2026-03-01T10:00:00.000Z',
  data: JSON.stringify({ text: `item ${itemId}` }),
})

/** What every ExportStore must do; `open` gives a fresh store holding EXPORT_STORE_FIXTURE, and its `close`. */
export function describeExportStore(label: string, open: () => { store: ExportStore; close: () => void }): void {
  describe(`ExportStore contract: ${label}`, () => {
    const closers: (() => void)[] = []
    afterEach(() => closers.splice(0).forEach((fn) => fn()))
    const fresh = (): ExportStore => {
      const { store, close } = open()
      closers.push(close)
      return store
    }

    it('maps source ids per workspace, source project and kind; a second record replaces the first', () => {
      const store = fresh()
      const key = { workspaceId: 'W1', sourceProject: 'P-src' }
      expect(store.target(key, 'doc', 'a')).toBeNull()
      store.record(key, 'doc', 'a', 'a')
      store.record(key, 'project', 'P-src', 'P-here')
      expect(store.target(key, 'doc', 'a')).toBe('a')
      expect(store.target(key, 'project', 'P-src')).toBe('P-here')
      // Another kind, another workspace, another source project: not the same import.
      expect(store.target(key, 'project', 'a')).toBeNull()
      expect(store.target({ workspaceId: 'W2', sourceProject: 'P-src' }, 'doc', 'a')).toBeNull()
      expect(store.target({ workspaceId: 'W1', sourceProject: 'P-other' }, 'doc', 'a')).toBeNull()
      store.record(key, 'doc', 'a', 'a2')
      expect(store.target(key, 'doc', 'a')).toBe('a2')
    })

    it('reads back the approvals it wrote, per document, in a stable order; a put with the same key replaces', () => {
      const store = fresh()
      expect(store.approvalsOf(['D1'])).toEqual([])
      const decision: ManifestApproval = {
        kind: 'decision',
        docId: 'D1',
        blockId: 'cl-1',
        itemId: '',
        userId: 'u2',
        at: '2026-03-02T00:00:00.000Z',
        data: '{}',
      }
      store.putApprovals([signoff('D1', 'i2'), signoff('D1', 'i1'), decision, signoff('D2', 'i1')])
      expect(store.approvalsOf(['D1'])).toEqual([decision, signoff('D1', 'i1'), signoff('D1', 'i2')])
      expect(store.approvalsOf(['D2', 'D1'])[0]).toEqual(signoff('D2', 'i1'))
      store.putApprovals([signoff('D1', 'i1', 'u9')])
      expect(store.approvalsOf(['D1']).find((a) => a.itemId === 'i1')?.userId).toBe('u9')
      expect(store.approvalsOf(['D1'])).toHaveLength(3)
    })
  })
}
