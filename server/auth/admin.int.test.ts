import { afterEach, describe, expect, it } from 'vitest'
import { loadConfig } from '../config.ts'
import { startServer, tempDir } from '../test/harness.ts'

/**
 * Instance administrators over real HTTP: who am I says whether you are one, and the backup
 * routes (the only admin routes) let through an admin who owns the workspace and nobody else.
 */
describe('instance administrators', () => {
  const cleanups: (() => Promise<void>)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  async function server(env: NodeJS.ProcessEnv, dir?: string) {
    const config = loadConfig(env)
    const s = await startServer({ adminEmails: config.adminEmails, ownerEmail: config.ownerEmail }, dir)
    cleanups.push(s.close)
    const get = async (path: string, headers: Record<string, string>) => {
      const res = await fetch(`${s.url}${path}`, { headers })
      return { status: res.status, body: (await res.json()) as Record<string, unknown> }
    }
    const backups = (workspaceId: string, headers: Record<string, string>) => get(`/api/workspaces/${workspaceId}/backups`, headers)
    const me = async (headers: Record<string, string>) => (await get('/api/auth/me', headers)).body['admin']
    // Accepting an invite signed out, as a stranger: creates an account with the typed email.
    const accept = async (email: string) => {
      const { secret } = s.fixture.directory.createInvite(s.fixture.workspaceId, 'editor', s.fixture.owner.id)
      const res = await fetch(`${s.url}/api/invites/${secret}/accept`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: s.url },
        body: JSON.stringify({ name: 'Mallory', email, password: 'a long password indeed' }),
      })
      return { status: res.status, body: (await res.json()) as Record<string, unknown>, cookie: res.headers.get('set-cookie')?.split(';')[0] }
    }
    return { s, backups, me, accept }
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

  it('an invite cannot create an account with an admin-listed email; others still can', async () => {
    const { s, accept, me } = await server({ KEEL_ADMIN_EMAILS: 'ops@keel.test' })
    for (const email of ['ops@keel.test', 'OPS@Keel.Test']) {
      const refused = await accept(email)
      expect(refused.status).toBe(403)
      expect(refused.body).toMatchObject({ error: { code: 'forbidden' } })
      expect(refused.cookie).toBeUndefined()
    }
    expect(s.fixture.accounts.credentials('ops@keel.test')).toBeNull()
    const ok = await accept('nora@keel.test')
    expect(ok.status).toBe(200)
    expect(await me({ cookie: ok.cookie! })).toBe(false)
  })

  it('the first-start owner stays the admin, by id, when KEEL_OWNER_EMAIL changes or goes; a squatter on the old default is not', async () => {
    const { dir, cleanup } = tempDir()
    cleanups.push(async () => cleanup())
    const first = await server({ KEEL_OWNER_EMAIL: 'root@example.com' }, dir)
    const root = first.s.fixture.accounts.credentials('root@example.com')!.user
    expect(await first.me({ cookie: first.s.fixture.sessionCookie(root.id) })).toBe(true)
    await first.s.close()

    // Restarted with KEEL_OWNER_EMAIL removed: the default owner@keel.local names no one.
    const again = await server({}, dir)
    expect(await again.me({ cookie: again.s.fixture.sessionCookie(root.id) })).toBe(true)
    expect((await again.accept('owner@keel.local')).status).toBe(403)
    // Even an account that has that email some other way (not through an invite) is no admin.
    const squatter = again.s.fixture.accounts.createUser({ email: 'owner@keel.local', name: 'Squatter', passwordHash: null })
    expect(await again.me({ cookie: again.s.fixture.sessionCookie(squatter.id) })).toBe(false)
    await again.s.close()

    // And with another KEEL_OWNER_EMAIL still: the recorded owner, nobody else.
    const third = await server({ KEEL_OWNER_EMAIL: 'new@example.com' }, dir)
    expect(await third.me({ cookie: third.s.fixture.sessionCookie(root.id) })).toBe(true)
    expect(await third.me({ cookie: third.s.fixture.sessionCookie(squatter.id) })).toBe(false)
  })
})
