import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { EditTimesResult, VersionList } from '#shared/api/history'
import { connectClient, startServer } from '../test/harness.ts'

const MIN = 60_000

function paragraph(doc: Y.Doc, text: string): void {
  const fragment = doc.getXmlFragment('default')
  const p = new Y.XmlElement('paragraph')
  fragment.insert(fragment.length, [p])
  p.insert(0, [new Y.XmlText(text)])
}

async function until(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

describe('offline edit times', () => {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  async function setup() {
    const server = await startServer({ historyIdleMs: 60 * MIN })
    cleanups.push(server.close)
    const { fixture } = server
    const api = async <T>(method: string, path: string, body: unknown, cookie: string) => {
      const res = await fetch(`${server.url}${path}`, {
        method,
        headers: { cookie, origin: server.url, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      })
      return { status: res.status, body: (await res.json()) as T }
    }
    return { server, fixture, api }
  }

  /** A client writes `text` over a real socket and waits until the server acknowledged it; returns its clock run. */
  async function write(server: Awaited<ReturnType<typeof startServer>>, docId: string, cookie: string, text: string) {
    const client = connectClient(server.wsUrl, docId, { cookie, acks: true })
    cleanups.push(client.destroy)
    await client.synced()
    const before = Y.getState(client.doc.store, client.doc.clientID)
    paragraph(client.doc, text)
    await until(() => client.allAcked(), 'the ack')
    return { client: client.doc.clientID, clockStart: before, clockEnd: Y.getState(client.doc.store, client.doc.clientID) }
  }

  it('a version made of offline edits says when they were made; its merge time stays the commit time', async () => {
    const { server, fixture, api } = await setup()
    fixture.ensureDoc('log')
    const clocks = await write(server, 'log', fixture.owner.cookie, 'Trained on the train, no signal')
    const now = Date.now()
    const said = { ...clocks, editedFrom: now - 40 * MIN, editedTo: now - 25 * MIN }
    const posted = await api<EditTimesResult>('POST', '/api/docs/log/edit-times', { spans: [said] }, fixture.owner.cookie)
    expect(posted).toEqual({ status: 200, body: { recorded: 1, ignored: 0 } })

    const open = (await api<VersionList>('GET', '/api/docs/log/versions', undefined, fixture.owner.cookie)).body.versions[0]!
    expect(open.open).toBe(true)
    expect(open.offline).toEqual({ from: new Date(said.editedFrom).toISOString(), to: new Date(said.editedTo).toISOString() })
    expect(Date.parse(open.startedAt)).toBeGreaterThanOrEqual(now - 5000)

    // Closed into a version, it keeps the span.
    await api('POST', '/api/docs/log/versions', { name: 'After the trip' }, fixture.owner.cookie)
    const named = (await api<VersionList>('GET', '/api/docs/log/versions', undefined, fixture.owner.cookie)).body.versions.find(
      (v) => v.name === 'After the trip',
    )!
    expect(named.offline).toEqual(open.offline)
  })

  it("ignores spans over someone else's clocks, clamps a clock from the future, and hides a reconnect of seconds", async () => {
    const { server, fixture, api } = await setup()
    const priya = fixture.user('Priya', 'editor')
    fixture.ensureDoc('spec')
    const mine = await write(server, 'spec', fixture.owner.cookie, 'Owner wrote this')
    const now = Date.now()
    // Priya claims the owner's clocks: nothing recorded.
    const stolen = await api<EditTimesResult>(
      'POST',
      '/api/docs/spec/edit-times',
      { spans: [{ ...mine, editedFrom: now - 60 * MIN, editedTo: now - 50 * MIN }] },
      priya.cookie,
    )
    expect(stolen).toEqual({ status: 200, body: { recorded: 0, ignored: 1 } })
    let open = (await api<VersionList>('GET', '/api/docs/spec/versions', undefined, fixture.owner.cookie)).body.versions[0]!
    expect(open.offline).toBeNull()

    // Edits "made" 20 s ago are a reconnect, not offline work: recorded, not shown.
    await api('POST', '/api/docs/spec/edit-times', { spans: [{ ...mine, editedFrom: now - 20_000, editedTo: now - 10_000 }] }, fixture.owner.cookie)
    open = (await api<VersionList>('GET', '/api/docs/spec/versions', undefined, fixture.owner.cookie)).body.versions[0]!
    expect(open.offline).toBeNull()

    // A client clock an hour ahead: the end is clamped to the commit time, never after it.
    await api('POST', '/api/docs/spec/edit-times', { spans: [{ ...mine, editedFrom: now - 30 * MIN, editedTo: now + 60 * MIN }] }, fixture.owner.cookie)
    open = (await api<VersionList>('GET', '/api/docs/spec/versions', undefined, fixture.owner.cookie)).body.versions[0]!
    expect(Date.parse(open.offline!.to)).toBeLessThanOrEqual(Date.now())
    expect(open.offline!.from).toBe(new Date(now - 30 * MIN).toISOString())
  })

  it('refuses bad bodies with 400 and viewers with 403', async () => {
    const { fixture, api } = await setup()
    const viewer = fixture.user('Vic', 'viewer')
    fixture.ensureDoc('spec')
    const span = { client: 1, clockStart: 0, clockEnd: 3, editedFrom: 1_000, editedTo: 2_000 }
    expect((await api('POST', '/api/docs/spec/edit-times', { spans: [span] }, viewer.cookie)).status).toBe(403)
    for (const bad of [{ spans: [] }, { spans: [{ ...span, clockEnd: 0 }] }, { spans: [{ ...span, editedTo: 10 }] }, { spans: Array(201).fill(span) }, {}]) {
      expect((await api('POST', '/api/docs/spec/edit-times', bad, fixture.owner.cookie)).status).toBe(400)
    }
  })
})
