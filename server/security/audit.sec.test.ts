import { afterEach, describe, expect, it } from 'vitest'
import type { AuditEventView as Row, AuditPage } from '#shared/api/audit'
import { AUDIT_KINDS } from '../audit/kinds.ts'
import { hashPassword } from '../auth/secrets.ts'
import { startServer, type TestServer } from '../test/harness.ts'
import { injectHeaders } from '../test/same-origin.ts'
import { call } from './channels.ts'

const PASSWORD = 'a perfectly fine passphrase'

describe('the audit log', () => {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  async function serve() {
    const server = await startServer()
    cleanups.push(server.close)
    return server
  }
  const audit = async (server: TestServer, workspaceId: string, cookie: string, query = '') => {
    const res = await call(server, 'GET', `/api/workspaces/${workspaceId}/audit${query}`, { cookie })
    return { status: res.status, body: (await res.json()) as AuditPage }
  }

  it('records sign-ins (with address), failures, sign-outs, session revocations, password changes, tokens, roles, removal and invites', async () => {
    const server = await serve()
    const { fixture } = server
    const owner = fixture.owner.cookie
    const ws = fixture.workspaceId
    const pat = fixture.user('Pat', 'editor')
    fixture.accounts.setPassword(pat.id, await hashPassword(PASSWORD))
    const signIn = (password: string, address: string) =>
      server.app.inject({
        method: 'POST',
        url: '/api/auth/sign-in',
        remoteAddress: address,
        headers: { ...injectHeaders(server, 'POST'), 'content-type': 'application/json' },
        payload: JSON.stringify({ email: pat.email, password }),
      })
    expect((await signIn('not the password', '127.0.0.7')).statusCode).toBe(401)
    const ok = await signIn(PASSWORD, '127.0.0.8')
    const cookie = /keel_session=[^;]+/.exec(String(ok.headers['set-cookie']))![0]
    const token = (await (await call(server, 'POST', '/api/tokens', { cookie }, { name: 'ci', workspaceId: ws, scope: 'read' })).json()) as {
      token: { id: string }
    }
    await call(server, 'DELETE', `/api/tokens/${token.token.id}`, { cookie })
    const other = fixture.accounts.sessionsOf(pat.id).find((s) => s.address !== '127.0.0.8')!
    await call(server, 'DELETE', `/api/auth/sessions/${other.id}`, { cookie })
    await call(server, 'PUT', '/api/auth/password', { cookie }, { current: PASSWORD, password: 'another fine passphrase' })
    await call(server, 'POST', '/api/auth/sign-out', { cookie }, {})
    await call(server, 'PUT', `/api/projects/${fixture.projectId}/members/${pat.id}`, { cookie: owner }, { role: 'viewer' })
    await call(server, 'PUT', `/api/workspaces/${ws}/members/${pat.id}`, { cookie: owner }, { role: 'commenter' })
    const { secret } = fixture.directory.createInvite(ws, 'viewer', fixture.owner.id)
    expect(
      (await call(server, 'POST', `/api/invites/${secret}/accept`, {}, { name: 'Ina', email: 'ina@keel.test', password: 'ina has a long password' })).status,
    ).toBe(200)

    const { status, body } = await audit(server, ws, owner)
    expect(status).toBe(200)
    const kinds = body.events.map((e) => e.kind).reverse()
    expect(kinds).toEqual([
      'auth.sign_in_failed',
      'auth.sign_in',
      'token.created',
      'token.revoked',
      'auth.session_revoked',
      'auth.password_changed',
      'auth.sign_out',
      'member.project_role_changed',
      'member.role_changed',
      'invite.accepted',
    ])
    const byKind = Object.fromEntries(body.events.map((e) => [e.kind, e]))
    expect(byKind['auth.sign_in_failed']).toMatchObject({ address: '127.0.0.7', subject: { id: pat.id, email: pat.email }, actor: null })
    expect(byKind['auth.sign_in']).toMatchObject({ address: '127.0.0.8', actor: { id: pat.id } })
    expect(byKind['member.role_changed']).toMatchObject({
      actor: { id: fixture.owner.id },
      subject: { id: pat.id },
      detail: { from: 'editor', to: 'commenter' },
    })
    expect(byKind['invite.accepted']!.workspaceId).toBe(ws)
    // Nothing secret in any row.
    expect(JSON.stringify(body)).not.toMatch(/ks_|kt_|password"?:\s*"/)

    // Removal is recorded; afterwards the removed user's account events are no longer this workspace's business.
    await call(server, 'DELETE', `/api/workspaces/${ws}/members/${pat.id}`, { cookie: owner })
    const after = await audit(server, ws, owner)
    expect(after.body.events[0]).toMatchObject({ kind: 'member.removed', subject: { id: pat.id } })
    expect(after.body.events.some((e) => e.kind === 'auth.sign_in')).toBe(false)
    expect(after.body.events.some((e) => e.kind === 'member.role_changed')).toBe(true)
  })

  it('is for owners only, per workspace: a member cannot read it, another workspace sees only its own members', async () => {
    const server = await serve()
    const { fixture } = server
    const editor = fixture.user('Ed', 'editor')
    expect((await audit(server, fixture.workspaceId, editor.cookie)).status).toBe(403)
    const outsider = fixture.user('Olga', null)
    expect((await audit(server, fixture.workspaceId, outsider.cookie)).status).toBe(404)
    const { secret } = fixture.accounts.createToken({ userId: fixture.owner.id, workspaceId: fixture.workspaceId, name: 'w', scope: 'write' })
    expect((await call(server, 'GET', `/api/workspaces/${fixture.workspaceId}/audit`, { authorization: `Bearer ${secret}` })).status).toBe(403)

    // Olga owns another workspace; Ed's sign-in shows in Ed's workspace, not in Olga's.
    const elsewhere = fixture.directory.createWorkspace('Elsewhere', outsider.id)
    server.app.audit.record({ kind: 'auth.sign_in', actorId: editor.id, subjectId: editor.id, address: '127.0.0.1' })
    server.app.audit.record({ kind: 'member.role_changed', actorId: fixture.owner.id, subjectId: editor.id, workspaceId: fixture.workspaceId })
    expect((await audit(server, fixture.workspaceId, fixture.owner.cookie)).body.events.map((e) => e.kind)).toEqual(['member.role_changed', 'auth.sign_in'])
    expect((await audit(server, elsewhere.id, outsider.cookie)).body.events).toEqual([])
  })

  it('pages, filters by kind, exports as a JSON download, and refuses an unknown kind', async () => {
    const server = await serve()
    const { fixture } = server
    const owner = fixture.owner.cookie
    for (let i = 0; i < 7; i++) server.app.audit.record({ kind: i % 2 ? 'auth.sign_in' : 'auth.sign_out', subjectId: fixture.owner.id, detail: { i } })
    const first = await audit(server, fixture.workspaceId, owner, '?limit=3')
    expect(first.body.events.map((e) => e.detail.i)).toEqual([6, 5, 4])
    const second = await audit(server, fixture.workspaceId, owner, `?limit=3&before=${first.body.next}`)
    expect(second.body.events.map((e) => e.detail.i)).toEqual([3, 2, 1])
    const signIns = await audit(server, fixture.workspaceId, owner, '?kind=auth.sign_in')
    expect(signIns.body.events.map((e) => e.detail.i)).toEqual([5, 3, 1])
    expect(signIns.body.next).toBeNull()
    const exported = await call(server, 'GET', `/api/workspaces/${fixture.workspaceId}/audit?format=json`, { cookie: owner })
    expect(exported.headers.get('content-disposition')).toMatch(/^attachment; filename="keel-audit-/)
    expect(((await exported.json()) as Row[]).length).toBe(7)
    expect((await audit(server, fixture.workspaceId, owner, '?kind=no.such.kind')).status).toBe(400)
    // Every kind is one enum: an unknown one is not stored, and the caller's request is not broken by it.
    server.app.audit.record({ kind: 'made.up' as (typeof AUDIT_KINDS)[number] })
    expect((await audit(server, fixture.workspaceId, owner, '?format=json')).status).toBe(200)
  })
})
