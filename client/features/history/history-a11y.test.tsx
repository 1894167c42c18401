// @vitest-environment happy-dom
import { act, useState } from 'react'
import { createRoot, type Root } from 'react-dom/client'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ActivityTabs, type ActivityTab } from '../hub/HubPage.tsx'
import { authorsPath, type VersionMeta } from './api.ts'
import { Dialog } from './Dialog.tsx'
import { HistoryToast, VISIBLE_MS } from './HistoryToast.tsx'
import { historyStore, historyUi } from './history-store.ts'
import { openChangesFromUrl } from './open-changes.ts'
import { editsSince, useRestore, type HistoryToast as Toast, type UndoAsk } from './use-restore.ts'
import { VersionItem } from './VersionItem.tsx'

declare global {
  var IS_REACT_ACT_ENVIRONMENT: boolean
}
globalThis.IS_REACT_ACT_ENVIRONMENT = true

let root: Root
let host: HTMLElement

async function mount(node: React.ReactNode) {
  host = document.createElement('div')
  document.body.append(host)
  root = createRoot(host)
  await act(async () => root.render(node))
}
const settle = () => act(async () => new Promise((r) => setTimeout(r, 0)))
const key = (el: Element, k: string, init: KeyboardEventInit = {}) =>
  act(() => void el.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true, ...init })))

const meta = (id: number, over: Partial<VersionMeta> = {}): VersionMeta => ({
  id,
  docId: 'doc1',
  kind: 'auto',
  name: null,
  fromSeq: id * 10,
  toSeq: id * 10 + 9,
  startedAt: '2026-12-04T01:00:00.000Z',
  endedAt: '2026-12-04T01:05:00.000Z',
  authors: [{ userId: 'u1', name: 'Ada' }],
  summary: '1 paragraph changed',
  open: false,
  restoredFrom: null,
  createdBy: null,
  offline: null,
  ...over,
})

afterEach(() => {
  act(() => root?.unmount())
  host?.remove()
  document.body.innerHTML = ''
  vi.unstubAllGlobals()
  vi.useRealTimers()
  historyUi.reset()
})

describe('Undo of a restore (finding 3)', () => {
  const made = meta(7, { kind: 'restore', restoredFrom: 3 })
  it('is one click only while the restore is the newest version and no burst is open', () => {
    expect(editsSince([made, meta(6), meta(5)], made)).toEqual([])
    expect(editsSince([meta(8), made], made).map((v) => v.id)).toEqual([8])
    const open = meta(0, { open: true, authors: [{ userId: 'u2', name: 'Grace' }] })
    expect(editsSince([open, made], made)).toEqual([open])
  })

  // The hook end to end against a fake server: restore, then the toast's Undo.
  let newest: VersionMeta[] = []
  const calls: string[] = []
  beforeEach(() => {
    calls.length = 0
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init: RequestInit) => {
        calls.push(`${init.method} ${url}`)
        const body =
          init.method === 'POST'
            ? { version: made }
            : url.includes('before=7')
              ? { versions: [meta(6), meta(5)], nextBefore: null }
              : { versions: newest, nextBefore: null }
        return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } })
      }),
    )
  })

  async function restoreThenUndo(): Promise<{ toasts: Toast[]; asks: UndoAsk[] }> {
    const toasts: Toast[] = []
    const asks: UndoAsk[] = []
    let confirm: () => Promise<void> = async () => {}
    function Harness() {
      confirm = useRestore(
        'doc1',
        (t) => toasts.push(t),
        (a) => asks.push(a),
      ).confirm
      return null
    }
    await mount(<Harness />)
    historyUi.askRestore(meta(3))
    await act(async () => confirm())
    expect(toasts.at(-1)?.action?.label).toBe('Undo')
    await act(async () => toasts.at(-1)!.action!.run())
    await settle()
    return { toasts, asks }
  }

  it('undoes at once when nobody edited since', async () => {
    newest = [made, meta(6)]
    const { toasts, asks } = await restoreThenUndo()
    expect(asks).toEqual([])
    expect(calls.filter((c) => c.startsWith('POST'))).toEqual(['POST /api/docs/doc1/versions/3/restore', 'POST /api/docs/doc1/versions/6/restore'])
    expect(toasts.at(-1)?.text).toBe('Restore undone')
  })

  it('asks first, naming what Undo would revert, when others edited since', async () => {
    newest = [meta(0, { open: true, authors: [{ userId: 'u2', name: 'Grace' }] }), meta(8), made]
    const { asks } = await restoreThenUndo()
    expect(calls.filter((c) => c.startsWith('POST'))).toEqual(['POST /api/docs/doc1/versions/3/restore'])
    expect(asks).toHaveLength(1)
    expect(asks[0]!.since.map((v) => v.open || v.id)).toEqual([true, 8])
    await act(async () => asks[0]!.run())
    expect(calls.at(-1)).toBe('POST /api/docs/doc1/versions/6/restore')
    expect(historyStore.get().restoring).toBeNull()
  })
})

describe('version actions menu (finding 14)', () => {
  it('opens on the keyboard, moves with arrows, closes on Escape with focus back on its button', async () => {
    await mount(
      <ul>
        <VersionItem version={meta(5)} previous={meta(4)} restoredFrom={null} selected={false} editable />
      </ul>,
    )
    const button = host.querySelector<HTMLButtonElement>('[data-testid="version-menu"]')!
    button.focus()
    await key(button, 'ArrowDown')
    const items = [...host.querySelectorAll<HTMLElement>('[role="menuitem"]')]
    expect(items.map((i) => i.textContent)).toEqual(['Preview', 'Compare with current', 'Compare with previous', 'Name this version', 'Restore this version'])
    expect(button.getAttribute('aria-expanded')).toBe('true')
    expect(document.activeElement).toBe(items[0])
    await key(items[0]!, 'ArrowDown')
    expect(document.activeElement).toBe(items[1])
    await key(items[1]!, 'End')
    expect(document.activeElement).toBe(items[4])
    await key(items[4]!, 'ArrowDown')
    expect(document.activeElement).toBe(items[0])
    await key(items[0]!, 'ArrowUp')
    expect(document.activeElement).toBe(items[4])
    await key(items[4]!, 'Escape')
    expect(host.querySelector('[role="menu"]')).toBeNull()
    expect(document.activeElement).toBe(button)
    // ArrowUp on the button opens it on the last item.
    await key(button, 'ArrowUp')
    expect(document.activeElement?.textContent).toBe('Restore this version')
  })
})

describe('Dialog (finding 14)', () => {
  it('traps Tab inside and gives focus back on close', async () => {
    const opener = document.createElement('button')
    document.body.append(opener)
    opener.focus()
    function Harness() {
      const [open, setOpen] = useState(true)
      return open ? (
        <Dialog title="Name this version" onClose={() => setOpen(false)}>
          <input data-testid="first" />
          <button type="button">Cancel</button>
          <button type="button" data-testid="last">
            Save
          </button>
        </Dialog>
      ) : null
    }
    await mount(<Harness />)
    const first = document.querySelector<HTMLElement>('[data-testid="first"]')!
    const last = document.querySelector<HTMLElement>('[data-testid="last"]')!
    expect(document.activeElement).toBe(first)
    await key(first, 'Tab', { shiftKey: true })
    expect(document.activeElement).toBe(last)
    await key(last, 'Tab')
    expect(document.activeElement).toBe(first)
    await key(first, 'Escape')
    expect(document.querySelector('[role="dialog"]')).toBeNull()
    expect(document.activeElement).toBe(opener)
  })
})

describe('activity tabs (finding 14)', () => {
  it('is one tab stop; arrow keys move and select', async () => {
    function Harness() {
      const [tab, setTab] = useState<ActivityTab>('edits')
      return <ActivityTabs tab={tab} onTab={setTab} />
    }
    await mount(<Harness />)
    const radios = () => [...host.querySelectorAll<HTMLElement>('[role="radio"]')]
    expect(radios().map((r) => r.tabIndex)).toEqual([0, -1])
    radios()[0]!.focus()
    await key(radios()[0]!, 'ArrowRight')
    expect(radios().map((r) => r.getAttribute('aria-checked'))).toEqual(['false', 'true'])
    expect(radios().map((r) => r.tabIndex)).toEqual([-1, 0])
    expect(document.activeElement).toBe(radios()[1])
    await key(radios()[1]!, 'ArrowRight')
    expect(document.activeElement).toBe(radios()[0])
    await key(radios()[0]!, 'End')
    expect(radios()[1]!.getAttribute('aria-checked')).toBe('true')
  })
})

describe('history toast (finding 14, WCAG 2.2.1)', () => {
  const toast: Toast = { id: 1, text: 'Restored the version of 09:12', action: { label: 'Undo', run: () => {} } }
  it('goes after its time, but not while hovered or while focus is in it', async () => {
    vi.useFakeTimers()
    const onDismiss = vi.fn()
    await mount(<HistoryToast toast={toast} onDismiss={onDismiss} />)
    const box = host.querySelector<HTMLElement>('[data-testid="history-toast"]')!
    await act(async () => void box.dispatchEvent(new PointerEvent('pointerover', { bubbles: true })))
    await act(async () => void vi.advanceTimersByTime(VISIBLE_MS * 3))
    expect(onDismiss).not.toHaveBeenCalled()
    await act(async () => void box.dispatchEvent(new PointerEvent('pointerout', { bubbles: true, relatedTarget: document.body })))
    // Focus in it: stays, however long.
    await act(async () => host.querySelector<HTMLElement>('[data-testid="history-toast-action"]')!.focus())
    await act(async () => void vi.advanceTimersByTime(VISIBLE_MS * 10))
    expect(onDismiss).not.toHaveBeenCalled()
    await act(async () => (document.activeElement as HTMLElement).blur())
    await act(async () => void vi.advanceTimersByTime(VISIBLE_MS + 1))
    expect(onDismiss).toHaveBeenCalledOnce()
  })
})

describe('authors over a range, and ?changes= (finding 13)', () => {
  it('sends since when a starting version is chosen', () => {
    expect(authorsPath('doc1', 9)).toBe('/api/docs/doc1/versions/9/authors')
    expect(authorsPath('doc1', 9, null)).toBe('/api/docs/doc1/versions/9/authors')
    expect(authorsPath('doc1', 9, 4)).toBe('/api/docs/doc1/versions/9/authors?since=4')
  })

  it('drops the late answer for a page already left', async () => {
    let answer: (r: Response) => void = () => {}
    vi.stubGlobal(
      'fetch',
      vi.fn(() => new Promise<Response>((r) => (answer = r))),
    )
    window.history.replaceState(null, '', '/d/doc1?changes=9')
    const abort = new AbortController()
    const done = openChangesFromUrl('doc1', abort.signal)
    expect(window.location.search).toBe('')
    abort.abort()
    answer(new Response(JSON.stringify({ versions: [meta(8)], nextBefore: null }), { status: 200 }))
    await done
    expect(historyStore.get().compare).toBeNull()
    expect(historyStore.get().panel).toBe(false)
  })
})
