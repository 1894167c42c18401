// @vitest-environment happy-dom
import { act } from 'react'
import { createRoot, type Root } from 'react-dom/client'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { HistorySection } from './HistorySection.tsx'

declare global {
  var IS_REACT_ACT_ENVIRONMENT: boolean
}
globalThis.IS_REACT_ACT_ENVIRONMENT = true

let root: Root
let host: HTMLElement
let stored: { thinAfterDays: number | null } = { thinAfterDays: null }
const writes: unknown[] = []

const settle = () => act(async () => new Promise((r) => setTimeout(r, 0)))

beforeEach(async () => {
  stored = { thinAfterDays: null }
  writes.length = 0
  vi.stubGlobal(
    'fetch',
    vi.fn(async (_url: string, init?: RequestInit) => {
      if (init?.method === 'PUT') {
        stored = JSON.parse(String(init.body)) as typeof stored
        writes.push(stored)
      }
      return new Response(JSON.stringify(stored), { status: 200, headers: { 'content-type': 'application/json' } })
    }),
  )
  host = document.createElement('div')
  document.body.append(host)
  root = createRoot(host)
  await act(async () => root.render(<HistorySection workspaceId="w1" />))
  await settle()
})

afterEach(() => {
  act(() => root.unmount())
  host.remove()
  vi.unstubAllGlobals()
})

const radios = () => [...host.querySelectorAll<HTMLInputElement>('input[type=radio]')]
const days = () => host.querySelector<HTMLInputElement>('input[type=number]')!
const save = () => host.querySelector<HTMLButtonElement>('[data-testid=retention-save]')!

describe('the workspace history retention setting', () => {
  it('shows "keep every version" by default, with nothing to save', () => {
    expect(radios().map((r) => r.checked)).toEqual([true, false])
    expect(days().disabled).toBe(true)
    expect(save().disabled).toBe(true)
  })

  it('saves a thinning age, and refuses one out of range', async () => {
    await act(async () => radios()[1]!.click())
    expect(days().disabled).toBe(false)
    const setDays = async (v: string) => {
      const input = days()
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, v)
      await act(async () => void input.dispatchEvent(new Event('input', { bubbles: true })))
    }
    await setDays('0')
    expect(save().disabled).toBe(true)
    await setDays('30')
    expect(save().disabled).toBe(false)
    await act(async () => save().click())
    await settle()
    expect(writes).toEqual([{ thinAfterDays: 30 }])
    expect(host.textContent).toContain('older than 30 days are thinned to one per day')

    await act(async () => radios()[0]!.click())
    await act(async () => save().click())
    await settle()
    expect(writes).toEqual([{ thinAfterDays: 30 }, { thinAfterDays: null }])
    expect(host.textContent).toContain('Every version is kept.')
  })
})
