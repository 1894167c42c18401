import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { Writable } from 'node:stream'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { tempDir, waitFor } from '../test/harness.ts'
import { verify } from '../webhooks/sign.ts'
import { createTask, receiver, register, type Server, webhookServer } from './webhook-helpers.ts'

/**
 * Webhook signing secrets at rest. They were stored as typed; a copied keel.db or a backup gave
 * every receiver's key away. Now they are sealed with AES-256-GCM under KEEL_SECRET_KEY (or the
 * key file in the data folder), old rows are sealed at start-up, and the signature a receiver
 * checks is the same as before.
 */

/** Every byte of the database as it is on disk now: the main file and its WAL. */
const onDisk = (dir: string): Buffer =>
  Buffer.concat(
    ['keel.db', 'keel.db-wal']
      .map((f) => path.join(dir, f))
      .filter((f) => fs.existsSync(f))
      .map((f) => fs.readFileSync(f)),
  )

const rawRows = (dir: string) => {
  const db = new Database(path.join(dir, 'keel.db'), { readonly: true })
  try {
    return db.prepare('SELECT id, secret, secret_enc FROM webhooks').all() as { id: string; secret: string; secret_enc: string | null }[]
  } finally {
    db.close()
  }
}

/** A receiver that checks each delivery's signature against `secret()` once its body is in. */
async function verifyingReceiver(secret: () => string) {
  const results: boolean[] = []
  const r = await receiver((_req, res, n) => {
    const hit = r.hits[n - 1]!
    results.push(verify(secret(), hit.body, hit.signature, Math.floor(Date.now() / 1000)))
    res.writeHead(204).end()
  })
  return { url: r.url(), close: r.close, results }
}

/** A task event reaches the receiver once, with a signature that verifies. */
async function deliversSigned(s: Server, hook: { results: boolean[] }): Promise<void> {
  await createTask(s)
  await waitFor(() => hook.results.length === 1, 'the delivery', 5000)
  expect(hook.results).toEqual([true])
}

/** The secret is nowhere in the file and its row holds only the sealed value. */
function expectSealed(dir: string, secret: string): void {
  expect(onDisk(dir).includes(secret)).toBe(false)
  const [row] = rawRows(dir)
  expect(row!.secret).toBe('')
  expect(row!.secret_enc).toMatch(/^k1:/)
}

function logSink() {
  const lines: { level: number; msg: string }[] = []
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line) as { level: number; msg: string })
      done()
    },
  })
  return { lines, stream }
}

describe('webhook secrets at rest', () => {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })
  const start = async (...args: Parameters<typeof webhookServer>): Promise<Server> => {
    const s = await webhookServer(...args)
    cleanups.push(s.close)
    return s
  }
  /** Closes a server before the test ends (to restart on its folder). */
  const stop = async (s: Server): Promise<void> => {
    cleanups.splice(cleanups.indexOf(s.close), 1)
    await s.close()
  }

  it('stores the secret sealed (not in the column, not anywhere in the file), and receivers still verify the signature', async () => {
    let secret = ''
    const hook = await verifyingReceiver(() => secret)
    cleanups.push(hook.close)
    const s = await start({ webhookAllowPrivate: true })
    secret = (await register(s, hook.url)).body.secret!
    expect(secret).toMatch(/^kw_/)
    expectSealed(s.dir, secret)
    await deliversSigned(s, hook)
  })

  it('seals secrets stored in plain text before the upgrade at start-up, leaving no plain copy on disk', async () => {
    const { dir, cleanup } = tempDir()
    cleanups.push(cleanup)
    const legacy = `kw_${crypto.randomBytes(24).toString('base64url')}`
    const hook = await verifyingReceiver(() => legacy)
    cleanups.push(hook.close)
    const first = await start({ webhookAllowPrivate: true }, {}, dir)
    const { projectId, owner } = { projectId: first.fixture.projectId, owner: first.fixture.owner }
    await stop(first)
    // A row as the old server wrote it (after migration 7 added the column it never filled).
    const db = new Database(path.join(dir, 'keel.db'))
    db.prepare("INSERT INTO webhooks (id, project_id, url, secret, events, created_by, created_at) VALUES ('legacy', ?, ?, ?, '[\"task.created\"]', ?, 0)").run(
      projectId,
      hook.url,
      legacy,
      owner.id,
    )
    db.close()
    expect(onDisk(dir).includes(legacy)).toBe(true)

    const s = await start({ webhookAllowPrivate: true }, {}, dir)
    expectSealed(dir, legacy)
    // The receiver keeps the secret it was given: the signature is made with it as before.
    await deliversSigned(s, hook)
  })

  it('under a wrong key the server starts, says so clearly, and deliveries wait (no crash, nothing sent) until the key is back', async () => {
    const { dir, cleanup } = tempDir()
    cleanups.push(cleanup)
    let secret = ''
    const hook = await verifyingReceiver(() => secret)
    cleanups.push(hook.close)
    const right = crypto.randomBytes(32)
    const a = await start({ webhookAllowPrivate: true, secretKey: right }, {}, dir)
    const created = await register(a, hook.url)
    secret = created.body.secret!
    await stop(a)

    const log = logSink()
    const wrong = await startWith(dir, { webhookAllowPrivate: true, secretKey: crypto.randomBytes(32), logLevel: 'warn' }, log.stream)
    expect(log.lines.filter((l) => /do not decrypt with this key/.test(l.msg))).toHaveLength(1)
    expect(log.lines.find((l) => /do not decrypt/.test(l.msg))!.level).toBe(50)
    await createTask(wrong, 'Under the wrong key')
    await waitFor(() => log.lines.some((l) => /cannot be decrypted/.test(l.msg)), 'the delivery-time error', 5000)
    const [d] = (await (
      await fetch(`${wrong.url}/api/projects/${wrong.fixture.projectId}/webhooks/${created.body.webhook!.id}/deliveries`, {
        headers: { cookie: wrong.fixture.owner.cookie },
      })
    ).json()) as { status: string; attempts: number; lastError: string }[]
    expect(d).toMatchObject({ status: 'pending', attempts: 0, lastError: 'secret_unavailable' })
    expect(hook.results).toEqual([])
    expect((await fetch(`${wrong.url}/api/health`)).status).toBe(200)
    await stop(wrong)
    expect(JSON.stringify(log.lines)).not.toContain(secret)

    // The right key again: the waiting delivery goes out at once, signed as before.
    await start({ webhookAllowPrivate: true, secretKey: right }, {}, dir)
    await waitFor(() => hook.results.length === 1, 'the delivery after the key is back', 5000)
    expect(hook.results).toEqual([true])
  })

  it('without KEEL_SECRET_KEY makes keel-secret.key (0600) in the data folder once, warns once, and reuses it', async () => {
    const { dir, cleanup } = tempDir()
    cleanups.push(cleanup)
    const log = logSink()
    await stop(await startWith(dir, { logLevel: 'warn' }, log.stream))
    const file = path.join(dir, 'keel-secret.key')
    expect(fs.statSync(file).mode & 0o777).toBe(0o600)
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('keel-secret'))).toEqual(['keel-secret.key'])
    const key = fs.readFileSync(file, 'utf8')
    expect(Buffer.from(key.trim(), 'base64')).toHaveLength(32)
    expect(log.lines.filter((l) => /KEEL_SECRET_KEY is not set/.test(l.msg))).toHaveLength(1)
    const again = await startWith(dir, { logLevel: 'warn', webhookAllowPrivate: true }, log.stream)
    expect(fs.readFileSync(file, 'utf8')).toBe(key)
    expect(log.lines.filter((l) => /KEEL_SECRET_KEY is not set/.test(l.msg))).toHaveLength(1)
    // A secret sealed by the first start opens in the second: the same key.
    expect((await register(again, 'http://127.0.0.1:9/hook')).status).toBe(201)
    expect(again.app.webhooks.unreadableSecrets()).toEqual([])
  })

  /** A server on `dir` whose log goes to `stream`. */
  async function startWith(dir: string, config: Parameters<typeof webhookServer>[0], stream: Writable): Promise<Server> {
    const { startServer } = await import('../test/harness.ts')
    const s = await startServer(config, dir, { logStream: stream, webhookOptions: { backoffBaseMs: 20, maxAttempts: 1, timeoutMs: 2000 } })
    cleanups.push(s.close)
    return s
  }
})
