// @vitest-environment happy-dom
import { act, type ReactNode } from 'react'
import { createRoot, type Root } from 'react-dom/client'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Me } from '#shared/api/accounts'
import type { Role } from '#shared/auth/roles'
import { SessionProvider, useSession } from '../lib/auth-session.tsx'
import { WorkspacePage } from './WorkspacePage.tsx'

declare global {
  var IS_REACT_ACT_ENVIRONMENT: boolean
}
globalThis.IS_REACT_ACT_ENVIRONMENT = true

let root: Root
let host: HTMLElement
const asked: string[] = []

/** The session gate of the app, cut down: the page renders once who-am-I has answered. */
function SignedIn({ children }: { children: ReactNode }) {
  return useSession().state.status === 'signed-in' ? children : null
}

const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } })

/** The workspace page for a user with `role` here, an instance admin or not; other lists answer empty. */
async function open(role: Role, admin: boolean, via: Me['via'] = 'session'): Promise<void> {
  asked.length = 0
  localStorage.clear()
  const me: Me = {
    user: { id: 'u1', email: 'u1@keel.test', name: 'U', color: '#333', hasPassword: true },
    workspaces: [{ id: 'w1', name: 'Team', role }],
    via,
    admin,
  }
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string) => {
      const url = String(input)
      asked.push(url)
      if (url === '/api/auth/me') return json(me)
      if (url === '/api/workspaces/w1') return json({ id: 'w1', name: 'Team', role })
      if (url.endsWith('/backups')) return json({ enabled: true, intervalMinutes: 60, keep: { hourly: 24, daily: 7, weekly: 4 }, running: false, backups: [] })
      return new Response(JSON.stringify({ error: { code: 'not_found', message: 'not in this test' } }), {
        status: 404,
        headers: { 'content-type': 'application/json' },
      })
    }),
  )
  host = document.createElement('div')
  document.body.append(host)
  root = createRoot(host)
  await act(async () =>
    root.render(
      <SessionProvider>
        <SignedIn>
          <WorkspacePage workspaceId="w1" />
        </SignedIn>
      </SessionProvider>,
    ),
  )
  for (let i = 0; i < 3; i++) await act(async () => new Promise((r) => setTimeout(r, 0)))
}

afterEach(() => {
  act(() => root.unmount())
  host.remove()
  vi.unstubAllGlobals()
})

const backups = () => host.querySelector('[data-testid=backups-section]')

describe('the workspace settings show backups to instance administrators only', () => {
  it('an owner who is an instance admin sees the Backups section', async () => {
    await open('owner', true)
    expect(host.querySelector('[data-testid=workspace-page]')).not.toBeNull()
    expect(backups()).not.toBeNull()
    expect(asked).toContain('/api/workspaces/w1/backups')
  })

  it('an owner who is not sees nothing about backups, and the page never asks for them', async () => {
    await open('owner', false)
    expect(host.querySelector('[data-testid=workspace-page]')).not.toBeNull()
    expect(backups()).toBeNull()
    expect(host.textContent).not.toMatch(/backup/i)
    expect(asked.filter((u) => u.includes('backups'))).toEqual([])
  })

  it('an instance admin who is only an editor here sees none either (the routes need the owner role)', async () => {
    await open('editor', true)
    expect(host.querySelector('[data-testid=workspace-page]')).not.toBeNull()
    expect(backups()).toBeNull()
  })
})
