import { afterEach, describe, expect, it } from 'vitest'
import type { DeletedPages } from './deleted-pages.ts'

/** What a backend gives the contract besides the store: projects and page rows, and a look at them. */
export interface DeletedPagesFixture {
  project(name: string, workspaceId?: string): { workspaceId: string; projectId: string }
  page(projectId: string, docId: string, title: string): void
  /** The page's project: null when it belongs to none (deleted), undefined when the document is gone. */
  projectOf(docId: string): string | null | undefined
}

export interface OpenedDeletedPages {
  store: DeletedPages
  fixture: DeletedPagesFixture
  close(): void
}

/** The behaviour every DeletedPages must show; one `describeDeletedPages` call per backend. */
export function describeDeletedPages(label: string, open: () => OpenedDeletedPages): void {
  describe(`DeletedPages contract: ${label}`, () => {
    const closers: (() => void)[] = []
    afterEach(() => closers.splice(0).forEach((c) => c()))
    const setup = () => {
      const opened = open()
      closers.push(() => opened.close())
      return { ...opened, ...opened.fixture.project('Alpha') }
    }

    it('detaches a deleted page from its project and lists it for its workspace, most recent first', () => {
      const { store, fixture, projectId, workspaceId } = setup()
      fixture.page(projectId, 'p1', 'One')
      fixture.page(projectId, 'p2', 'Two')
      store.markDeleted({ docId: 'p1', projectId, title: 'One', parentId: 'root' }, 'user-1', 1000)
      store.markDeleted({ docId: 'p2', projectId, title: 'Two', parentId: null }, 'user-2', 2000)
      expect(fixture.projectOf('p1')).toBeNull()
      expect(store.ofWorkspace(workspaceId).map((d) => d.docId)).toEqual(['p2', 'p1'])
      expect(store.get(workspaceId, 'p1')).toEqual({
        docId: 'p1',
        projectId,
        projectName: 'Alpha',
        title: 'One',
        parentId: 'root',
        deletedAt: 1000,
        deletedBy: 'user-1',
      })
    })

    it("answers only within the page's workspace", () => {
      const { store, fixture, projectId } = setup()
      const other = fixture.project('Beta')
      fixture.page(projectId, 'p1', 'One')
      store.markDeleted({ docId: 'p1', projectId, title: 'One', parentId: null }, 'u', 1000)
      expect(store.get(other.workspaceId, 'p1')).toBeNull()
      expect(store.ofWorkspace(other.workspaceId)).toEqual([])
    })

    it('restores a page into its project and forgets it was deleted', () => {
      const { store, fixture, projectId, workspaceId } = setup()
      fixture.page(projectId, 'p1', 'One')
      store.markDeleted({ docId: 'p1', projectId, title: 'One', parentId: null }, 'u', 1000)
      store.restore(store.get(workspaceId, 'p1')!)
      expect(fixture.projectOf('p1')).toBe(projectId)
      expect(store.get(workspaceId, 'p1')).toBeNull()
      expect(store.due(Number.MAX_SAFE_INTEGER)).toEqual([])
    })

    it('names the pages due for erasing, oldest first, and erases the document', () => {
      const { store, fixture, projectId, workspaceId } = setup()
      for (const [id, at] of [
        ['late', 3000],
        ['early', 1000],
        ['mid', 2000],
      ] as const) {
        fixture.page(projectId, id, id)
        store.markDeleted({ docId: id, projectId, title: id, parentId: null }, 'u', at)
      }
      expect(store.due(2000)).toEqual(['early', 'mid'])
      expect(store.due(999)).toEqual([])
      store.erase('early')
      expect(fixture.projectOf('early')).toBeUndefined()
      expect(store.due(2000)).toEqual(['mid'])
      expect(store.ofWorkspace(workspaceId).map((d) => d.docId)).toEqual(['late', 'mid'])
    })
  })
}
