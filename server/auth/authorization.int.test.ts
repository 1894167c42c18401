import type { FastifyInstance } from 'fastify'
import { afterAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { writeRun } from '#shared/ml/runs'
import { putItem } from '#shared/ml/checklist'
import { type Role, atLeast, scopeCap, weaker } from '#shared/auth/roles'
import { buildApp } from '../app.ts'
import { testConfig } from '../config.ts'
import { openDatabase } from '../db/open.ts'
import { Fixture } from '../test/fixtures.ts'
import type { Access, RouteEntry } from './access.ts'
import { CHECKLIST_KIND, EXPERIMENT_KIND } from '../ml/block-kinds.ts'

/**
 * The authorisation matrix, generated from the server's own route table: every REST route ×
 * every kind of caller. A new route without a row here fails the "every route is covered" test.
 */

type Caller =
  | { name: string; kind: 'anonymous' }
  /**
   * `projectRole`: an override on the fixture's project (its documents and tasks inherit it).
   * `admin`: an instance administrator (server/auth/admin.ts); the fixture's owner is not one.
   */
  | { name: string; kind: 'session'; role: Role | null; projectRole?: Role; admin?: boolean }
  | { name: string; kind: 'token'; role: Role; scope: 'read' | 'write'; otherWorkspace?: boolean }

const CALLERS: Caller[] = [
  { name: 'anonymous', kind: 'anonymous' },
  { name: 'non-member', kind: 'session', role: null },
  { name: 'token of another workspace', kind: 'token', role: 'owner', scope: 'write', otherWorkspace: true },
  { name: 'viewer', kind: 'session', role: 'viewer' },
  { name: 'commenter', kind: 'session', role: 'commenter' },
  { name: 'read token (owner)', kind: 'token', role: 'owner', scope: 'read' },
  { name: 'editor', kind: 'session', role: 'editor' },
  { name: 'write token (owner)', kind: 'token', role: 'owner', scope: 'write' },
  { name: 'owner', kind: 'session', role: 'owner' },
  // A project-only override changes the role in that project, never in the workspace
  // (docs/ROLES.md): the first may edit nothing in the project and still not manage the
  // workspace; the second manages the project but not the workspace.
  { name: 'editor, viewer in the project', kind: 'session', role: 'editor', projectRole: 'viewer' },
  { name: 'viewer, owner of the project', kind: 'session', role: 'viewer', projectRole: 'owner' },
  // A second owner of the workspace who also runs the instance: the one caller the backup routes
  // let through ('owner' above owns the workspace as any user can their own, and is refused).
  { name: 'owner and instance admin', kind: 'session', role: 'owner', admin: true },
]

const ADMIN_EMAIL = 'admin@matrix.keel.test'

interface World {
  app: FastifyInstance
  fixture: Fixture
  docId: string
  params: Record<string, string>
  headers: Map<string, Record<string, string>>
  /** The session user behind each caller (for routes about "your own" things). */
  userOf: Map<string, string>
}

function adminUser(fixture: Fixture, role: Role | null) {
  const u = fixture.accounts.createUser({ email: ADMIN_EMAIL, name: 'Admin', passwordHash: null })
  if (role) fixture.directory.setMember(fixture.workspaceId, u.id, role)
  return { id: u.id, cookie: fixture.sessionCookie(u.id) }
}

/** A fresh server per route, so one route's writes (a removed member) cannot skew another's. */
async function world(): Promise<World> {
  const db = openDatabase(':memory:', { synchronous: 'normal' })
  const app = await buildApp(testConfig({ databaseFile: ':memory:', adminEmails: [ADMIN_EMAIL] }), { db })
  await app.ready()
  const fixture = new Fixture(db)
  const docId = fixture.ensureDoc('matrix-doc')
  const other = fixture.user('Olga', null)
  const otherWs = fixture.directory.createWorkspace('Elsewhere', other.id)
  const headers = new Map<string, Record<string, string>>()
  const userOf = new Map<string, string>()
  const owner = fixture.owner
  for (const c of CALLERS) {
    if (c.kind === 'anonymous') headers.set(c.name, {})
    else if (c.kind === 'session') {
      const u = c.admin ? adminUser(fixture, c.role) : c.role === 'owner' && !c.projectRole ? owner : fixture.user(c.name, c.role)
      if (c.projectRole) fixture.directory.setProjectRole(fixture.projectId, u.id, c.projectRole)
      headers.set(c.name, { cookie: u.cookie })
      userOf.set(c.name, u.id)
    } else {
      const { secret } = fixture.accounts.createToken({
        userId: c.otherWorkspace ? other.id : owner.id,
        workspaceId: c.otherWorkspace ? otherWs.id : fixture.workspaceId,
        name: c.name,
        scope: c.scope,
      })
      headers.set(c.name, { authorization: `Bearer ${secret}` })
    }
  }
  const editorId = userOf.get('editor')!
  const invite = fixture.directory.createInvite(fixture.workspaceId, 'viewer', owner.id)
  const ownerToken = fixture.accounts.createToken({ userId: owner.id, workspaceId: fixture.workspaceId, name: 'spare', scope: 'read' })
  const spareSession = fixture.accounts.createSession(owner.id, { userAgent: 'spare' })
  const spareSessionId = fixture.accounts.sessionsOf(owner.id).find((s) => s.hash === spareSession.hash)!.id
  app.registry.change(docId, owner.id, (doc) => {
    const el = new Y.XmlElement('task')
    doc.getXmlFragment('default').push([el])
    el.setAttribute('id', 'task-matrix')
    writeRun(doc, 'block-matrix', 'run-matrix', { name: 'baseline' }, 'create')
    putItem(doc, 'checklist-matrix', 'item-matrix', { text: 'Rollback plan reviewed', required: true })
  })
  // A version of the matrix document (history routes take its id).
  const named = await app.inject({
    method: 'POST',
    url: `/api/docs/${docId}/versions`,
    headers: { origin: 'http://localhost', cookie: owner.cookie, 'content-type': 'application/json' },
    payload: JSON.stringify({ name: 'matrix version' }),
  })
  const vid = String((named.json() as { id: number }).id)
  // A planned import of one Markdown file (the import routes take its id).
  const planned = await app.inject({
    method: 'POST',
    url: `/api/projects/${fixture.projectId}/imports?name=matrix.md`,
    headers: { origin: 'http://localhost', cookie: owner.cookie, 'content-type': 'text/markdown' },
    payload: '# Matrix import\n\n- [ ] a task\n',
  })
  const jobId = (planned.json() as { id: string }).id
  // An attachment of the fixture's project (the attachment routes take its id).
  const attachmentId = (await app.attachments.put({ projectId: fixture.projectId, name: 'matrix.txt', bytes: Buffer.from('matrix'), createdBy: owner.id })).id
  // A comment thread of the matrix document, started by the owner (edit is the author's).
  await app.inject({
    method: 'POST',
    url: `/api/docs/${docId}/comments`,
    headers: { origin: 'http://localhost', cookie: owner.cookie, 'content-type': 'application/json' },
    payload: JSON.stringify({ ...COMMENT_BODY, id: 'thread-matrix', commentId: 'comment-matrix' }),
  })
  app.hub.setBlocks(docId, EXPERIMENT_KIND, new Set(['block-matrix']))
  app.hub.setBlocks(docId, CHECKLIST_KIND, new Set(['checklist-matrix']))
  const params: Record<string, string> = {
    workspaceId: fixture.workspaceId,
    projectId: fixture.projectId,
    id: docId,
    docId,
    userId: editorId,
    inviteId: invite.invite.id,
    tokenId: ownerToken.token.id,
    sessionId: spareSessionId,
    secret: invite.secret,
    taskId: 'task-matrix',
    blockId: 'block-matrix',
    runId: 'run-matrix',
    checklistId: 'checklist-matrix',
    itemId: 'item-matrix',
    vid,
    jobId,
    attachmentId,
    // Any id: marking an entry read answers the same whether or not it is the caller's.
    entryId: 'matrix-entry',
    threadId: 'thread-matrix',
    commentId: 'comment-matrix',
    webhookId: app.webhooks.create({ projectId: fixture.projectId, url: 'http://127.0.0.1:9/x', events: ['task.created'], createdBy: owner.id }).webhook.id,
  }
  return { app, fixture, docId, params, headers, userOf }
}

/** The fixture's owner, whose spare token and session the matrix revokes. */
const isFixtureOwner = (c: Caller): boolean => c.kind === 'session' && c.role === 'owner' && !c.projectRole && !c.admin

/** The matrix thread's author: the fixture's owner, by session or write token. */
const isCommentAuthor = (c: Caller): boolean => isFixtureOwner(c) || (c.kind === 'token' && !c.otherWorkspace && c.scope === 'write')

/** The role a caller has on the fixture's workspace, or on its project/document/task. */
function roleOf(c: Caller, on: 'workspace' | 'project' = 'project'): Role | null {
  if (c.kind === 'anonymous') return null
  if (c.kind === 'session') return on === 'project' && c.projectRole ? c.projectRole : c.role
  if (c.otherWorkspace) return null
  return weaker(c.role, scopeCap[c.scope])
}

const COMMENT_BODY = {
  anchor: { start: { type: null, tname: 'default', item: null, assoc: 0 }, end: { type: null, tname: 'default', item: null, assoc: -1 } },
  quote: 'Rollback plan',
  body: 'Who signs this off?',
}

/** A plausible body per route, so allowed callers reach the handler with valid input. */
const BODIES: Record<string, unknown> = {
  'POST /api/auth/sign-in': { email: 'nobody@keel.test', password: 'wrong password' },
  'POST /api/auth/sign-out': {},
  'PATCH /api/auth/me': { name: 'Renamed' },
  'PUT /api/auth/password': { password: 'a new long password' },
  'POST /api/auth/password-reset': { email: 'nobody@keel.test' },
  'POST /api/auth/password-reset/inspect': { secret: 'kr_not-a-real-link' },
  'POST /api/auth/password-reset/complete': { secret: 'kr_not-a-real-link', password: 'a new long password' },
  'POST /api/workspaces/:workspaceId/members/:userId/password-reset': {},
  'POST /api/auth/sign-out-everywhere': {},
  'POST /api/workspaces': { name: 'New one' },
  'PUT /api/workspaces/:workspaceId/members/:userId': { role: 'viewer' },
  'POST /api/workspaces/:workspaceId/invites': { role: 'viewer' },
  'POST /api/workspaces/:workspaceId/projects': { name: 'P2' },
  'PUT /api/projects/:projectId/members/:userId': { role: 'viewer' },
  'POST /api/projects/:projectId/docs': { title: 'New doc' },
  'PATCH /api/projects/:projectId': { description: 'Updated' },
  'POST /api/docs/:id/duplicate': {},
  'POST /api/docs/:id/archive': {},
  'POST /api/docs/:id/restore': {},
  'PUT /api/docs/:id/template': { isTemplate: true },
  'PATCH /api/tasks/:taskId': { status: 'in_progress' },
  'POST /api/docs/:id/tasks': { title: 'Label the holdout' },
  'POST /api/projects/:projectId/webhooks': { url: 'http://127.0.0.1:9/hook' },
  'POST /api/projects/:projectId/experiments/:blockId/runs': { runId: 'run-2', metrics: { val_f1: 0.9 } },
  'PATCH /api/projects/:projectId/experiments/:blockId/runs/:runId': { metrics: { loss: [{ step: 1, value: 0.5 }] } },
  'POST /api/projects/:projectId/checklists/:checklistId/ship': {},
  'POST /api/projects/:projectId/checklists/:checklistId/ml-test-score': {},
  'POST /api/projects/:projectId/checklists/:checklistId/items/:itemId/signoff': {},
  'POST /api/invites/:secret/accept': { name: 'New', email: 'new@keel.test', password: 'a long password' },
  'POST /api/tokens': { name: 't', workspaceId: '{workspaceId}', scope: 'read' },
  'POST /api/collab/tickets': { docId: '{docId}' },
  'POST /api/workspaces/:workspaceId/deleted/:docId/restore': {},
  'POST /api/docs/:id/versions': { name: 'Spec frozen' },
  'PATCH /api/docs/:id/versions/:vid': { name: 'Renamed version' },
  'POST /api/docs/:id/versions/:vid/restore': {},
  'POST /api/docs/:id/visit': {},
  'POST /api/docs/:id/edit-times': { spans: [{ client: 1, clockStart: 0, clockEnd: 1, editedFrom: 1_000, editedTo: 2_000 }] },
  'PUT /api/workspaces/:workspaceId/history-retention': { thinAfterDays: 30 },
  // The matrix's database is in memory: an owner gets through and is told there is nothing to back up (409).
  'POST /api/workspaces/:workspaceId/backups': {},
  // Not a Keel export: an owner gets through to the 422 that says so.
  'POST /api/workspaces/:workspaceId/import/keel-json': { format: 'keel-export' },
  'POST /api/projects/:projectId/import/keel-json': { format: 'keel-export' },
  // The upload's body is the raw file: a JSON body reaches the handler (415) only past the access check.
  'POST /api/projects/:projectId/imports': {},
  'POST /api/projects/:projectId/imports/:jobId/run': {},
  'PATCH /api/projects/:projectId/imports/:jobId': { settings: { groupBy: 'sprint', statusMap: {} } },
  'POST /api/projects/:projectId/imports/:jobId/undo': {},
  // Any body is the file's bytes (the declared type is ignored); without ?name= an editor gets the 400 that asks for it.
  'POST /api/projects/:projectId/attachments': {},
  'POST /api/inbox/read-all': {},
  'POST /api/inbox/:entryId/read': {},
  'PUT /api/inbox/settings': { digest: false },
  'PUT /api/docs/:id/follow': {},
  'PUT /api/tasks/:taskId/follow': {},
  'POST /api/docs/:docId/comments': COMMENT_BODY,
  'POST /api/docs/:docId/comments/:threadId/replies': { body: 'Me.' },
  'PATCH /api/docs/:docId/comments/:threadId/comments/:commentId': { body: 'Who signs this off, and when?' },
  'POST /api/docs/:docId/comments/:threadId/resolve': {},
  'POST /api/docs/:docId/comments/:threadId/reopen': {},
}

/**
 * Routes whose handler narrows access further than the table says: "your own" things.
 * Each returns whether the caller must be let through.
 */
const OWN: Record<string, (c: Caller) => boolean> = {
  // The spare token belongs to the owner: nobody else can see it exists.
  'DELETE /api/tokens/:tokenId': isFixtureOwner,
  // Likewise the owner's spare session: another user's session is "not found".
  'DELETE /api/auth/sessions/:sessionId': isFixtureOwner,
  // A ticket needs access to the document, whatever kind of caller.
  'POST /api/collab/tickets': (c) => atLeast(roleOf(c), 'viewer'),
  // Tokens are created for a workspace the caller belongs to.
  'POST /api/tokens': (c) => c.kind === 'session' && c.role !== null,
  // Load figures are the whole instance's: an instance administrator's session only, owner or not.
  'GET /api/health/details': (c) => c.kind === 'session' && c.admin === true,
  // Commenter and up write comments (the table), but a comment is edited by its author only (the
  // fixture's owner, in a session or with their write token)…
  'PATCH /api/docs/:docId/comments/:threadId/comments/:commentId': (c) => isCommentAuthor(c),
  // …and deleted by its author or an owner of the document.
  'DELETE /api/docs/:docId/comments/:threadId/comments/:commentId': (c) => isCommentAuthor(c) || roleOf(c) === 'owner',
}

function expectedAllowed(route: RouteEntry, c: Caller): boolean {
  const key = `${route.method} ${route.url}`
  if (OWN[key]) return OWN[key](c)
  const a: Access = route.access
  if ('who' in a) {
    if (a.who === 'public') return true
    if (c.kind === 'anonymous') return false
    return !(a.who === 'user' && a.session && c.kind !== 'session')
  }
  if (a.session && c.kind !== 'session') return false
  if (a.admin && !(c.kind === 'session' && c.admin)) return false
  return atLeast(roleOf(c, a.on === 'workspace' ? 'workspace' : 'project'), a.min)
}

/**
 * Streams never end, so an allowed caller cannot be checked with inject(); their refusals are
 * checked here and their success in webhooks.int.test.ts.
 */
const STREAMS = new Set(['GET /api/projects/:projectId/events'])

/**
 * Public routes whose handler itself answers "no" to a caller that got through: a wrong password
 * (401), an invite or webhook already used up by an earlier caller in the row (404), a link already used.
 */
const HANDLER_REFUSALS: Record<string, number[]> = {
  'POST /api/auth/sign-in': [401],
  'POST /api/invites/:secret/accept': [404],
  // Public on purpose (a member who cannot sign in uses them); the matrix's made-up link is refused by the handler.
  'POST /api/auth/password-reset/inspect': [404],
  'POST /api/auth/password-reset/complete': [404],
  // Deleted by the owner earlier in the row; the project's override-owner after it finds it gone.
  'DELETE /api/projects/:projectId/webhooks/:webhookId': [404],
  // Likewise removed by the owner before the second owner (the instance admin) in the row tries.
  'DELETE /api/workspaces/:workspaceId/members/:userId': [404],
  'DELETE /api/workspaces/:workspaceId/invites/:inviteId': [404],
  // The matrix's document is not deleted: an owner gets through and finds nothing to restore.
  'POST /api/workspaces/:workspaceId/deleted/:docId/restore': [404],
  // The owner deleted the thread's one comment (and so the thread): the owners after find it gone.
  'DELETE /api/docs/:docId/comments/:threadId/comments/:commentId': [404],
}

describe('authorisation matrix over every REST route', async () => {
  const probe = await world()
  const routes = probe.app.routeTable.filter((r) => !('who' in r.access && r.access.who === 'socket'))
  await probe.app.close()
  const results: string[] = []
  afterAll(() => console.log(`authorisation matrix: ${results.length} checks passed over ${routes.length} routes × ${CALLERS.length} callers`))

  it('covers every route the server registers', () => {
    expect(routes.length).toBeGreaterThan(20)
    for (const r of routes) {
      for (const name of r.url.match(/:(\w+)/g) ?? []) {
        expect(Object.keys(probe.params), `no value for ${name} in ${r.method} ${r.url}`).toContain(name.slice(1))
      }
      if (r.method !== 'GET' && r.method !== 'DELETE' && r.method !== 'HEAD') {
        expect(BODIES, `no body for ${r.method} ${r.url}`).toHaveProperty(`${r.method} ${r.url}`)
      }
    }
  })

  // The table derives the expectations, so it is pinned here: instance-wide data stays behind the admin flag.
  it('the backup routes (the whole instance) are for instance administrators', () => {
    const backups = routes.filter((r) => r.url.endsWith('/backups'))
    expect(backups.map((r) => r.method).sort()).toEqual(['GET', 'POST'])
    for (const r of backups) expect(r.access, `${r.method} ${r.url}`).toMatchObject({ admin: true, session: true })
  })

  for (const route of routes) {
    it(`${route.method} ${route.url}`, async () => {
      const w = await world()
      try {
        for (const caller of CALLERS) {
          if (STREAMS.has(`${route.method} ${route.url}`) && expectedAllowed(route, caller)) continue
          const url = route.url.replace(/:(\w+)/g, (_, p: string) => w.params[p]!)
          const raw = BODIES[`${route.method} ${route.url}`]
          const body = raw === undefined ? undefined : JSON.parse(JSON.stringify(raw).replace(/\{(\w+)\}/g, (_, p: string) => w.params[p]!))
          const res = await w.app.inject({
            method: route.method as 'GET',
            url,
            // Our own origin, as a browser sends on every write (cross-site: server/security/csrf.sec.test.ts).
            headers: { origin: 'http://localhost', ...w.headers.get(caller.name)!, ...(body ? { 'content-type': 'application/json' } : {}) },
            ...(body ? { payload: JSON.stringify(body) } : {}),
          })
          const allowed = expectedAllowed(route, caller)
          const where = `${route.method} ${route.url} as ${caller.name} → ${res.statusCode} ${res.body.slice(0, 120)}`
          expect(res.statusCode, where).toBeLessThan(500)
          const refusals = HANDLER_REFUSALS[`${route.method} ${route.url}`] ?? []
          if (allowed && !refusals.includes(res.statusCode)) {
            expect([401, 403, 404], where).not.toContain(res.statusCode)
          } else if (!allowed) {
            expect([401, 403, 404], where).toContain(res.statusCode)
            // A refusal says why and nothing else: no data of the resource leaks into it.
            expect(Object.keys(res.json()), where).toEqual(['error'])
            if (caller.kind === 'anonymous') expect(res.statusCode, where).toBe(401)
          }
          results.push(where)
        }
      } finally {
        await w.app.close()
      }
    })
  }
})

// Search reads across projects, so its route's rule ('user') is not the whole story: what each
// caller finds is. A page of a project the caller cannot read never appears: no hit, no title,
// no snippet, and no `next` that would betray how many matched.
describe('search returns only what the caller can read', () => {
  it('a page of an unreadable project gives no title and no count, to every caller', async () => {
    const w = await world()
    try {
      w.app.registry.change(w.docId, w.fixture.owner.id, (doc) => {
        const p = new Y.XmlElement('paragraph')
        doc.getXmlFragment('default').push([p])
        p.insert(0, [new Y.XmlText('Zebracorn launch plan')])
      })
      for (const caller of CALLERS) {
        const res = await w.app.inject({
          method: 'GET',
          url: '/api/search?q=zebracorn&limit=1',
          headers: { origin: 'http://localhost', ...w.headers.get(caller.name)! },
        })
        const where = `GET /api/search as ${caller.name} → ${res.statusCode} ${res.body.slice(0, 160)}`
        if (caller.kind === 'anonymous') {
          expect(res.statusCode, where).toBe(401)
          continue
        }
        expect(res.statusCode, where).toBe(200)
        const body = res.json() as { hits: { docId: string; title: string }[]; next: string | null }
        if (atLeast(roleOf(caller), 'viewer')) {
          expect(
            body.hits.map((h) => h.docId),
            where,
          ).toEqual([w.docId])
        } else {
          expect(body, where).toEqual({ hits: [], next: null })
          expect(res.body, where).not.toContain('Zebracorn')
        }
      }
    } finally {
      await w.app.close()
    }
  })
})
