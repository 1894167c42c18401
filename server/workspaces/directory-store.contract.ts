import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { DirectoryStore, Invite } from './directory-store.ts'

export interface OpenedDirectoryStore {
  store: DirectoryStore
  /** Creates an account (members are accounts; their email, name and colour show in member lists). */
  addUser(id: string, name: string): void
  /** Creates a document row not yet attached to a project. */
  addDoc(id: string): void
  close(): void
}

/** What every DirectoryStore must do; run by each implementation's test (sqlite-directory-store.test.ts). */
export function describeDirectoryStore(label: string, open: () => OpenedDirectoryStore): void {
  describe(`DirectoryStore contract: ${label}`, () => {
    let opened: OpenedDirectoryStore
    let store: DirectoryStore
    beforeEach(() => {
      opened = open()
      store = opened.store
      for (const [id, name] of [
        ['ana', 'Ana'],
        ['bob', 'bob'],
        ['cy', 'Cy'],
      ])
        opened.addUser(id!, name!)
    })
    afterEach(() => opened.close())

    const project = (id: string, workspaceId = 'w1', createdAt = 10) => ({ id, workspaceId, name: id, treeDocId: `tree-${id}`, createdAt })

    it('a workspace starts with its owner; members are listed by name, case-insensitively', () => {
      store.insertWorkspace({ id: 'w1', name: 'One', createdAt: 5 }, 'ana')
      expect(store.workspace('w1')).toEqual({ id: 'w1', name: 'One', createdAt: 5 })
      expect(store.workspace('nope')).toBeNull()
      expect(store.workspaceRole('w1', 'ana')).toBe('owner')
      store.setMember('w1', 'cy', 'viewer', 6)
      store.setMember('w1', 'bob', 'editor', 6)
      expect(store.members('w1').map((m) => [m.userId, m.role])).toEqual([
        ['ana', 'owner'],
        ['bob', 'editor'],
        ['cy', 'viewer'],
      ])
      expect(store.members('w1')[0]).toMatchObject({ email: 'ana@keel.test', name: 'Ana' })
      store.setMember('w1', 'cy', 'owner', 7)
      expect(store.ownerCount('w1')).toBe(2)
      store.insertWorkspace({ id: 'w0', name: 'Zero', createdAt: 1 }, 'cy')
      expect(store.workspacesOf('cy').map((w) => [w.id, w.role])).toEqual([
        ['w0', 'owner'],
        ['w1', 'owner'],
      ])
    })

    it('removing a member removes their overrides in that workspace only', () => {
      store.insertWorkspace({ id: 'w1', name: 'One', createdAt: 5 }, 'ana')
      store.setMember('w1', 'bob', 'viewer', 6)
      store.insertProject(project('p1'))
      store.setProjectRole('p1', 'bob', 'editor')
      expect(store.removeMember('w1', 'bob')).toBe(true)
      expect(store.removeMember('w1', 'bob')).toBe(false)
      expect(store.projectRoles('p1').size).toBe(0)
      store.setMember('w1', 'bob', 'viewer', 8)
      expect(store.roleInProject('p1', 'bob')).toBe('viewer')
    })

    it('projects come with their tree document; overrides win except over owners and non-members', () => {
      store.insertWorkspace({ id: 'w1', name: 'One', createdAt: 5 }, 'ana')
      store.setMember('w1', 'bob', 'viewer', 6)
      store.insertProject(project('p2', 'w1', 20))
      store.insertProject(project('p1', 'w1', 10))
      expect(store.project('p1')).toEqual({ ...project('p1'), description: '' })
      expect(store.projects('w1').map((p) => p.id)).toEqual(['p1', 'p2'])
      expect(store.docOwner('tree-p1')).toEqual({ projectId: 'p1', workspaceId: 'w1' })
      store.setProjectInfo('p1', 'Renamed', 'about')
      expect(store.project('p1')).toMatchObject({ name: 'Renamed', description: 'about' })

      store.setProjectRole('p1', 'bob', 'editor')
      store.setProjectRole('p1', 'ana', 'viewer')
      store.setProjectRole('p1', 'cy', 'editor')
      expect(store.roleInProject('p1', 'bob')).toBe('editor')
      expect(store.roleInProject('p2', 'bob')).toBe('viewer')
      expect(store.roleInProject('p1', 'ana')).toBe('owner')
      expect(store.roleInProject('p1', 'cy')).toBeNull()
      expect(store.roleInProject('nope', 'ana')).toBeNull()
      expect(store.projectRoles('p1').get('bob')).toBe('editor')
      store.setProjectRole('p1', 'bob', null)
      expect(store.roleInProject('p1', 'bob')).toBe('viewer')
    })

    it('documents: attached to a project with a title, listed oldest first', () => {
      store.insertWorkspace({ id: 'w1', name: 'One', createdAt: 5 }, 'ana')
      store.insertProject(project('p1'))
      opened.addDoc('d1')
      expect(store.docOwner('d1')).toBeNull()
      expect(store.docOwner('unknown')).toBeNull()
      expect(store.docTitle('unknown')).toBe('')
      store.attachDoc('d1', 'p1', 'Notes')
      expect(store.docOwner('d1')).toEqual({ projectId: 'p1', workspaceId: 'w1' })
      expect(store.docTitle('d1')).toBe('Notes')
    })

    it('an invite is redeemed once, before it expires, and never lowers a role', () => {
      store.insertWorkspace({ id: 'w1', name: 'One', createdAt: 5 }, 'ana')
      const invite = (id: string, createdAt: number, role: Invite['role'] = 'editor'): Invite => ({
        id,
        workspaceId: 'w1',
        role,
        createdAt,
        expiresAt: 1000,
        usedAt: null,
      })
      store.insertInvite({ ...invite('i1', 10), hash: 'h1', createdBy: 'ana' })
      store.insertInvite({ ...invite('i2', 20, 'viewer'), hash: 'h2', createdBy: 'ana' })
      store.insertInvite({ ...invite('i3', 30), hash: 'h3', createdBy: 'ana' })
      expect(store.inviteByHash('h1')).toEqual(invite('i1', 10))
      expect(store.inviteByHash('nope')).toBeNull()
      expect(store.invites('w1').map((i) => i.id)).toEqual(['i3', 'i2', 'i1'])

      expect(store.redeemInvite('h1', 'bob', 100)).toMatchObject({ id: 'i1', role: 'editor' })
      expect(store.workspaceRole('w1', 'bob')).toBe('editor')
      expect(store.redeemInvite('h1', 'cy', 100)).toBeNull()
      expect(store.inviteByHash('h1')?.usedAt).toBe(100)
      expect(store.redeemInvite('h2', 'bob', 100)).not.toBeNull()
      expect(store.workspaceRole('w1', 'bob')).toBe('editor')
      expect(store.redeemInvite('h3', 'cy', 1000)).toBeNull()
      expect(store.workspaceRole('w1', 'cy')).toBeNull()

      expect(store.deleteInvite('w1', 'i3')).toBe(true)
      expect(store.deleteInvite('w1', 'i3')).toBe(false)
      expect(store.deleteInvite('w2', 'i2')).toBe(false)
    })
  })
}
