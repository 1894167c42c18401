import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type TestServer } from '../test/harness.ts'

/**
 * Workspace-level writes follow the workspace role only (docs/ROLES.md); a project override
 * changes what a member may do in that one project. Reported: a member shown as "viewer" (an
 * override on the one project they saw) created a new project in the workspace (201).
 */
describe('workspace roles', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startServer()
  })
  afterAll(async () => server.close())

  const post = (cookie: string, path: string, body: unknown) =>
    fetch(`${server.url}${path}`, { method: 'POST', headers: { cookie, origin: server.url, 'content-type': 'application/json' }, body: JSON.stringify(body) })
  const projectCount = () => server.fixture.directory.projects(server.fixture.workspaceId).length

  it('the reported case: a workspace editor who is a viewer in the project cannot create projects', async () => {
    const member = server.fixture.user('Pat', 'editor')
    server.fixture.directory.setProjectRole(server.fixture.projectId, member.id, 'viewer')
    const listed = (await (
      await fetch(`${server.url}/api/workspaces/${server.fixture.workspaceId}/projects`, { headers: { cookie: member.cookie } })
    ).json()) as { role: string }[]
    expect(listed.map((p) => p.role)).toEqual(['viewer'])
    const before = projectCount()
    const res = await post(member.cookie, `/api/workspaces/${server.fixture.workspaceId}/projects`, { name: 'Sneaky' })
    expect(res.status).toBe(403)
    expect(projectCount()).toBe(before)
  })

  it('creating projects, inviting and managing members are owner actions; an owner override on a project grants none of them', async () => {
    const ws = server.fixture.workspaceId
    for (const role of ['editor', 'commenter', 'viewer'] as const) {
      const u = server.fixture.user(`As-${role}`, role)
      server.fixture.directory.setProjectRole(server.fixture.projectId, u.id, 'owner')
      expect((await post(u.cookie, `/api/workspaces/${ws}/projects`, { name: 'P' })).status, role).toBe(403)
      expect((await post(u.cookie, `/api/workspaces/${ws}/invites`, { role: 'owner' })).status, role).toBe(403)
    }
    const before = projectCount()
    expect((await post(server.fixture.owner.cookie, `/api/workspaces/${ws}/projects`, { name: 'By the owner' })).status).toBe(201)
    expect(projectCount()).toBe(before + 1)
  })

  it('a project owner by override cannot demote the workspace owner in that project; a stale override on an owner is ignored', async () => {
    const { fixture } = server
    const climber = fixture.user('Climber', 'viewer')
    fixture.directory.setProjectRole(fixture.projectId, climber.id, 'owner')
    const res = await fetch(`${server.url}/api/projects/${fixture.projectId}/members/${fixture.owner.id}`, {
      method: 'PUT',
      headers: { cookie: climber.cookie, origin: server.url, 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'viewer' }),
    })
    expect(res.status).toBe(409)
    expect(fixture.directory.roleInProject(fixture.projectId, fixture.owner.id)).toBe('owner')
    // An override row on an owner (written before this rule) changes nothing.
    fixture.directory.setProjectRole(fixture.projectId, fixture.owner.id, 'viewer')
    const project = (await (await fetch(`${server.url}/api/projects/${fixture.projectId}`, { headers: { cookie: fixture.owner.cookie } })).json()) as {
      role: string
    }
    expect(project.role).toBe('owner')
    const members = fixture.directory.projectMembers(fixture.projectId)
    expect(members.find((m) => m.userId === fixture.owner.id)).toMatchObject({ role: 'owner', projectRole: null })
  })
})
