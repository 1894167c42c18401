import { afterEach, describe, expect, it } from 'vitest'
import type { TreeNodeData } from '#shared/hub/tree'
import type { HubStore } from './hub-store.ts'

/**
 * What a backend gives the contract besides the store: the rows of other stores the hub's
 * queries join (workspaces, projects, members, users, the update log), written however that
 * backend writes them.
 */
export interface HubFixture {
  /** A new workspace (or `workspaceId`) with a new project in it. */
  project(name: string, workspaceId?: string): { workspaceId: string; projectId: string }
  /** A new user, a member of `workspaceId` when given. */
  user(name: string, workspaceId?: string): string
  /** A project's tree document (kind 'tree'). */
  tree(projectId: string, docId: string): void
  /** One update of `docId` by `userId` at `at` in the documents' log. */
  edit(docId: string, userId: string, at: number): void
}

export interface OpenedHubStore {
  store: HubStore
  fixture: HubFixture
  close(): void
}

const node = (id: string, over: Partial<TreeNodeData> = {}): TreeNodeData => ({ id, title: id, parentId: null, order: 'a0', archivedAt: null, ...over })

/** The behaviour every HubStore must show; one `describeHubStore` call per backend. */
export function describeHubStore(label: string, open: () => OpenedHubStore): void {
  describe(`HubStore contract: ${label}`, () => {
    const closers: (() => void)[] = []
    afterEach(() => closers.splice(0).forEach((c) => c()))
    const setup = () => {
      const opened = open()
      closers.push(() => opened.close())
      return { ...opened, ...opened.fixture.project('Alpha') }
    }

    it('creates several page rows at once, leaving an existing id as it is', () => {
      const { store, projectId } = setup()
      store.createDoc('d1', projectId, 'One', 1000)
      store.createDocs(
        [
          { id: 'd1', title: 'Renamed' },
          { id: 'd2', title: 'Two' },
        ],
        projectId,
        2000,
      )
      expect([store.doc('d1')?.title, store.doc('d2')?.title, store.doc('d2')?.createdAt]).toEqual(['One', 'Two', 2000])
    })

    it("creates page rows and lists a project's pages in tree order; an existing id is left as it is", () => {
      const { store, projectId } = setup()
      expect(store.doc('nope')).toBeNull()
      store.createDoc('d1', projectId, 'One', 1000)
      store.createDoc('d1', projectId, 'Renamed', 2000)
      expect(store.doc('d1')).toEqual({
        id: 'd1',
        projectId,
        kind: 'doc',
        title: 'One',
        parentId: null,
        position: '',
        archivedAt: null,
        isTemplate: false,
        createdAt: 1000,
        updatedAt: 1000,
      })
      store.createDoc('d2', projectId, 'Two')
      store.mirrorTree(projectId, [node('d1', { order: 'b0' }), node('d2', { order: 'a0' })])
      expect(store.docsOf(projectId).map((d) => d.id)).toEqual(['d2', 'd1'])
    })

    it("mirrors a tree as differences, creates pages made offline, and ignores what is not this project's page", () => {
      const { store, fixture, projectId, workspaceId } = setup()
      const other = fixture.project('Beta', workspaceId).projectId
      store.createDoc('mine', projectId, 'Mine')
      store.createDoc('theirs', other, 'Theirs')
      fixture.tree(projectId, 'tree-1')
      const nodes = [
        node('mine', { title: 'Mine, renamed', parentId: 'x', order: 'a1', archivedAt: 5 }),
        node('offline'),
        node('theirs'),
        node('tree-1'),
        node('bad id!'),
      ]
      expect(store.mirrorTree(projectId, nodes).sort()).toEqual(['mine', 'offline'])
      expect(store.doc('mine')).toMatchObject({ title: 'Mine, renamed', parentId: 'x', position: 'a1', archivedAt: 5 })
      expect(store.doc('offline')).toMatchObject({ projectId, kind: 'doc', title: 'offline' })
      expect(store.doc('theirs')).toMatchObject({ projectId: other, title: 'Theirs' })
      expect(store.doc('bad id!')).toBeNull()
      expect(store.mirrorTree(projectId, nodes)).toEqual([])
      store.mirrorTree(projectId, [node('mine', { title: 'x'.repeat(300) })])
      expect(store.doc('mine')!.title).toHaveLength(200)
    })

    it("lists a workspace's live templates by title, with their project's name", () => {
      const { store, fixture, projectId, workspaceId } = setup()
      const elsewhere = fixture.project('Elsewhere').projectId
      for (const [id, p, title] of [
        ['t2', projectId, 'Zed'],
        ['t1', projectId, 'Alpha spec'],
        ['gone', projectId, 'Gone'],
        ['far', elsewhere, 'Far'],
        ['plain', projectId, 'Plain'],
      ] as const) {
        store.createDoc(id, p, title)
        if (id !== 'plain') store.setTemplate(id, true)
      }
      store.mirrorTree(projectId, [node('gone', { title: 'Gone', archivedAt: 1 })])
      expect(store.templatesOf(workspaceId).map((d) => [d.id, d.projectName, d.isTemplate])).toEqual([
        ['t1', 'Alpha', true],
        ['t2', 'Alpha', true],
      ])
      store.setTemplate('t1', false)
      expect(store.templatesOf(workspaceId).map((d) => d.id)).toEqual(['t2'])
    })

    it('writes links as differences, never to the page itself, and answers backlinks by title', () => {
      const { store, projectId } = setup()
      for (const [id, title] of [
        ['a', 'B page'],
        ['b', 'A page'],
        ['c', 'C page'],
      ])
        store.createDoc(id!, projectId, title!)
      expect(store.setLinks('a', new Set(['c', 'a', 'elsewhere']))).toEqual({ added: 2, removed: 0 })
      expect(store.setLinks('a', new Set(['c', 'elsewhere']))).toEqual({ added: 0, removed: 0 })
      store.setLinks('b', new Set(['c']))
      expect(store.backlinks('c').map((d) => d.id)).toEqual(['b', 'a'])
      expect(store.setLinks('a', new Set())).toEqual({ added: 0, removed: 2 })
      expect(store.backlinks('c').map((d) => d.id)).toEqual(['b'])
    })

    it("writes several pages' rows in one transaction, all or nothing", () => {
      const { store, projectId } = setup()
      for (const id of ['a', 'b', 'c']) store.createDoc(id, projectId, id)
      expect(
        store.transaction(() => {
          store.setLinks('a', new Set(['c']))
          store.setLinks('b', new Set(['c']))
          return 'done'
        }),
      ).toBe('done')
      expect(store.backlinks('c').map((d) => d.id)).toEqual(['a', 'b'])
      expect(() =>
        store.transaction(() => {
          store.setLinks('a', new Set())
          throw new Error('half-way')
        }),
      ).toThrow('half-way')
      expect(store.backlinks('c').map((d) => d.id)).toEqual(['a', 'b'])
    })

    it('indexes blocks per kind; the first page to claim an id keeps it', () => {
      const { store, projectId } = setup()
      store.createDoc('p1', projectId, 'P1')
      store.createDoc('p2', projectId, 'P2')
      store.setBlocks('p1', 'experiment', new Set(['e1', 'e2']))
      store.setBlocks('p2', 'experiment', new Set(['e2', 'e3']))
      store.setBlocks('p1', 'checklist', new Set(['c1']))
      expect(store.blockDoc('e2', 'experiment')).toBe('p1')
      expect(store.blockDoc('e3', 'experiment')).toBe('p2')
      expect(store.blockDoc('c1', 'checklist')).toBe('p1')
      expect(store.blockDoc('c1', 'experiment')).toBeNull()
      expect(store.blocksOfProject(projectId, 'experiment').sort((x, y) => x.blockId.localeCompare(y.blockId))).toEqual([
        { blockId: 'e1', docId: 'p1' },
        { blockId: 'e2', docId: 'p1' },
        { blockId: 'e3', docId: 'p2' },
      ])
      store.setBlocks('p1', 'experiment', new Set(['e1']))
      expect(store.blockDoc('e2', 'experiment')).toBeNull()
      // A page in the trash keeps its blocks, but the project's live listing leaves them out.
      store.mirrorTree(projectId, [node('p2', { title: 'P2', archivedAt: 1 })])
      expect(store.blocksOfProject(projectId, 'experiment')).toEqual([{ blockId: 'e1', docId: 'p1' }])
      expect(store.blockDoc('e3', 'experiment')).toBe('p2')
    })

    it('folds consecutive edits by one person to one page into bursts, newest first', () => {
      const { store, fixture, projectId, workspaceId } = setup()
      const ada = fixture.user('Ada', workspaceId)
      store.createDoc('spec', projectId, 'Spec')
      store.createDoc('plan', projectId, 'Plan')
      const t = 1_000_000_000
      const min = 60_000
      fixture.edit('spec', ada, t)
      fixture.edit('spec', ada, t + 5 * min)
      fixture.edit('spec', ada, t + 10 * min)
      fixture.edit('plan', ada, t + 11 * min)
      fixture.edit('spec', ada, t + 40 * min)
      fixture.edit('spec', 'keel-done-gate', t + 41 * min)
      expect(store.activity(projectId, t, 10)).toEqual([
        { docId: 'spec', title: 'Spec', userId: 'keel-done-gate', userName: 'Keel', updates: 1, from: t + 41 * min, to: t + 41 * min },
        { docId: 'spec', title: 'Spec', userId: ada, userName: 'Ada', updates: 1, from: t + 40 * min, to: t + 40 * min },
        { docId: 'plan', title: 'Plan', userId: ada, userName: 'Ada', updates: 1, from: t + 11 * min, to: t + 11 * min },
        { docId: 'spec', title: 'Spec', userId: ada, userName: 'Ada', updates: 3, from: t, to: t + 10 * min },
      ])
      expect(store.activity(projectId, t + 6 * min, 2).map((a) => a.updates)).toEqual([1, 1])
      expect(
        store
          .activity(projectId, t, 10, 4 * min)
          .filter((a) => a.docId === 'spec')
          .map((a) => a.updates),
      ).toEqual([1, 1, 1, 1, 1])
    })

    it('searches live page titles of a workspace for its members, with LIKE wildcards taken literally', () => {
      const { store, fixture, projectId, workspaceId } = setup()
      const member = fixture.user('Member', workspaceId)
      const stranger = fixture.user('Stranger')
      for (const [id, title] of [
        ['a', 'Roadmap 100%'],
        ['b', 'Road_map'],
        ['c', 'Roadmap old'],
      ])
        store.createDoc(id!, projectId, title!)
      store.mirrorTree(projectId, [node('a', { title: 'Roadmap 100%' }), node('b', { title: 'Road_map' }), node('c', { title: 'Roadmap old', archivedAt: 1 })])
      expect(
        store
          .search(workspaceId, member, 'road')
          .map((d) => d.id)
          .sort(),
      ).toEqual(['a', 'b'])
      expect(store.search(workspaceId, member, '%').map((d) => d.id)).toEqual(['a'])
      expect(store.search(workspaceId, member, '_').map((d) => d.id)).toEqual(['b'])
      expect(store.search(workspaceId, member, 'road')[0]!.projectName).toBe('Alpha')
      expect(store.search(workspaceId, stranger, 'road')).toEqual([])
    })
  })
}
