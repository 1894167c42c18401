import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { startServer } from '../test/harness.ts'

const run = promisify(execFile)
const CLI = path.resolve(import.meta.dirname, '..', '..', 'scripts', 'keel.mjs')

describe('keel sign-in-link (first-run lockout)', () => {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  it('prints a fresh one-time link from the data folder that signs the account in, once', async () => {
    const server = await startServer()
    cleanups.push(server.close)
    const email = server.fixture.owner.email
    const env = { ...process.env, KEEL_DATA_DIR: server.dir, KEEL_PUBLIC_URL: server.url, KEEL_LOG_LEVEL: 'silent' }
    const { stdout } = await run(process.execPath, [CLI, 'sign-in-link', email], { env })
    const link = /(http\S+\/auth\/link\/\S+)/.exec(stdout)?.[1]
    expect(link, stdout).toBeDefined()
    expect(link!.startsWith(`${server.url}/auth/link/`)).toBe(true)

    const first = await fetch(link!, { redirect: 'manual' })
    expect(first.status).toBe(302)
    expect(first.headers.get('location')).toBe('/settings/account?welcome=1')
    const cookie = first.headers.get('set-cookie')!.split(';')[0]!
    const me = await fetch(`${server.url}/api/auth/me`, { headers: { cookie } })
    expect(me.status).toBe(200)
    expect(((await me.json()) as { user: { email: string } }).user.email).toBe(email)

    const again = await fetch(link!, { redirect: 'manual' })
    expect(again.headers.get('location')).toBe('/sign-in?error=link')
  })

  it('creates the account of an email listed in KEEL_ADMIN_EMAILS, and only of one', async () => {
    const server = await startServer()
    cleanups.push(server.close)
    const env = { ...process.env, KEEL_DATA_DIR: server.dir, KEEL_PUBLIC_URL: server.url, KEEL_LOG_LEVEL: 'silent', KEEL_ADMIN_EMAILS: 'ops@keel.test' }
    const { stdout } = await run(process.execPath, [CLI, 'sign-in-link', 'Ops@Keel.Test'], { env })
    expect(stdout).toMatch(/\/auth\/link\//)
    expect(server.fixture.accounts.credentials('ops@keel.test')?.user.email).toBe('Ops@Keel.Test')
    const other = await run(process.execPath, [CLI, 'sign-in-link', 'nora@keel.test'], { env }).catch((e) => e)
    expect(other.code).toBe(1)
  })

  it('says why when the account or the data folder does not exist', async () => {
    const server = await startServer()
    cleanups.push(server.close)
    const env = { ...process.env, KEEL_DATA_DIR: server.dir, KEEL_LOG_LEVEL: 'silent' }
    const unknown = await run(process.execPath, [CLI, 'sign-in-link', 'nobody@example.com'], { env }).catch((e) => e)
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toContain('no account for nobody@example.com')
    const noData = await run(process.execPath, [CLI, 'sign-in-link', 'a@b.co'], { env: { ...env, KEEL_DATA_DIR: path.join(server.dir, 'missing') } }).catch(
      (e) => e,
    )
    expect(noData.code).toBe(1)
    expect(noData.stderr).toContain('no Keel data at')
    const usage = await run(process.execPath, [CLI, 'sign-in-link'], { env }).catch((e) => e)
    expect(usage.code).toBe(2)
  })
})
