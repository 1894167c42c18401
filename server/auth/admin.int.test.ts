import { afterEach, describe, expect, it } from 'vitest'
import { loadConfig } from '../config.ts'
import { startServer } from '../test/harness.ts'

/**
 * Instance administrators over real HTTP: who am I says whether you are one, and the backup
 * routes (the only admin routes) let through an admin who owns the workspace and nobody else.
 */
describe('instance administrators', () => {
  const cleanups: (() => Promise<void>)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  async function server(env: NodeJS.ProcessEnv) {
    const s = await startServer({ adminEmails: loadConfig(env).adminEmails })
    cleanups.push(s.close)
    const get = async (path: string, headers: Record<string, string>) => {
      const res = await fetch(`${s.url}${path}`, { headers })
      return { status: res.status, body: (await res.json()) as Record<string, unknown> }
    }
    const backups = (workspaceId: string, headers: Record<string, string>) => get(`/api/workspaces/${workspaceId}/backups`, headers)
    const me = async (headers: Record<string, string>) => (await get('/api/auth/me', headers)).body['admin']
    return { s, backups, me }
  }

  it('unset KEEL_ADMIN_EMAILS: the first-start owner is the admin; another workspace owner is refused with 403', async () => {
    const { s, backups, me } = await server({})
    // buildApp created owner@keel.local and its demo workspace on the empty database.
    const first = s.fixture.accounts.credentials('owner@keel.local')!.user
    const firstWs = s.fixture.directory.workspacesOf(first.id)[0]!.id
    const admin = { cookie: s.fixture.sessionCookie(first.id) }
    expect(await me(admin)).toBe(true)
    expect((await backups(firstWs, admin)).status).toBe(200)

    // The fixture's owner owns its own workspace, as any user can: not an admin.
    const owner = { cookie: s.fixture.owner.cookie }
    expect(await me(owner)).toBe(false)
    const refused = await backups(s.fixture.workspaceId, owner)
    expect(refused).toEqual({ status: 403, body: { error: { code: 'forbidden', message: 'this is for instance administrators only' } } })
    expect((await fetch(`${s.url}/api/workspaces/${s.fixture.workspaceId}/backups`, { method: 'POST', headers: { ...owner, origin: s.url } })).status).toBe(403)
    // The admin is no one's owner elsewhere: another workspace stays "not found" to them.
    expect((await backups(s.fixture.workspaceId, admin)).status).toBe(404)
  })

  it('KEEL_ADMIN_EMAILS names the admins (any case); the first-start owner is then not one; a token never is', async () => {
    const { s, backups, me } = await server({ KEEL_ADMIN_EMAILS: 'Owner@Fixture.Keel.Test' })
    const admin = { cookie: s.fixture.owner.cookie }
    expect(await me(admin)).toBe(true)
    expect((await backups(s.fixture.workspaceId, admin)).body).toMatchObject({ backups: [] })

    const first = s.fixture.accounts.credentials('owner@keel.local')!.user
    const firstWs = s.fixture.directory.workspacesOf(first.id)[0]!.id
    const firstOwner = { cookie: s.fixture.sessionCookie(first.id) }
    expect(await me(firstOwner)).toBe(false)
    expect((await backups(firstWs, firstOwner)).status).toBe(403)

    // A second owner of the admin's own workspace: an owner, not an admin.
    const coOwner = { cookie: s.fixture.user('Nora', 'owner').cookie }
    expect(await me(coOwner)).toBe(false)
    expect((await backups(s.fixture.workspaceId, coOwner)).status).toBe(403)

    const { secret } = s.fixture.accounts.createToken({ userId: s.fixture.owner.id, workspaceId: s.fixture.workspaceId, name: 'script', scope: 'write' })
    const bearer = { authorization: `Bearer ${secret}` }
    expect(await me(bearer)).toBe(false)
    expect((await backups(s.fixture.workspaceId, bearer)).status).toBe(403)
  })
})
