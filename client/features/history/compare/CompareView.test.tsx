// @vitest-environment happy-dom
import { act } from 'react'
import { createRoot, type Root } from 'react-dom/client'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { CompareView } from './CompareView.tsx'
import { fixtureDiff } from './fixture.ts'

declare global {
  var IS_REACT_ACT_ENVIRONMENT: boolean
}
globalThis.IS_REACT_ACT_ENVIRONMENT = true

let root: Root
let host: HTMLElement
const fetched: string[] = []
let answer: unknown = fixtureDiff

async function mount(onClose = vi.fn()) {
  host = document.createElement('div')
  document.body.append(host)
  root = createRoot(host)
  await act(async () => root.render(<CompareView docId="doc1" from={12} to={null} onClose={onClose} />))
  // The diff's answer, then React's commit.
  await act(async () => new Promise((r) => setTimeout(r, 0)))
  return onClose
}

const text = (): string => host.textContent ?? ''
const press = (key: string) => act(() => void document.body.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true })))

beforeEach(() => {
  localStorage.clear()
  fetched.length = 0
  answer = fixtureDiff
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string) => {
      fetched.push(url)
      return new Response(JSON.stringify(answer), { status: 200, headers: { 'content-type': 'application/json' } })
    }),
  )
})

afterEach(() => {
  act(() => root.unmount())
  host.remove()
  vi.unstubAllGlobals()
})

describe('CompareView', () => {
  it('fetches the diff against the current state and names both sides', async () => {
    await mount()
    expect(fetched).toEqual(['/api/docs/doc1/diff?from=12'])
    expect(host.querySelector('h1')?.textContent).toMatch(/Comparing\s+Spec frozen for v1 review\s+→\s+Current/)
    expect([...host.querySelectorAll('.cv-count')].map((c) => c.textContent)).toEqual(['2 added', '1 removed', '7 changed', '1 moved'])
    expect(text()).toContain("task 'Label audit' → done")
  })

  it('draws word diffs, task field changes and run changes inline', async () => {
    await mount()
    expect([...host.querySelectorAll('del')].map((d) => d.textContent)).toContain('15%')
    expect([...host.querySelectorAll('ins')].map((d) => d.textContent)).toContain('20%')
    const details = [...host.querySelectorAll('.cv-details li')].map((li) => li.textContent)
    expect(details).toEqual(
      expect.arrayContaining([
        'Status: In progress → Done',
        'Assignee: — → Priya',
        'Depends on: +“Dedupe merchant ids”, −“Backfill merchant features”',
        'Run r3 added',
        'Run r1: val_f1, loss changed',
        'Checklist item “Feature expectations are captured in a schema”: signed off by Priya',
      ]),
    )
    // The title's change is the word diff in the row, not a line of its own.
    expect(details.some((d) => d?.startsWith('Title:'))).toBe(false)
    expect(text()).toContain('3 runs')
    expect(text()).toContain('2 of 3 signed off')
    // The list keeps its items; the new one is marked as an insertion.
    expect(host.querySelector('.cv-li--insert')?.textContent).toBe('Document every feature in the model card')
    expect(host.querySelector('.cv-entry--moved')?.getAttribute('aria-label')).toBe('Change 3 of 11: quote moved, from under “Evaluation”')
  })

  it('folds long unchanged runs and opens them on request', async () => {
    await mount()
    const fold = [...host.querySelectorAll<HTMLButtonElement>('.cv-fold')].find((b) => b.textContent?.includes('5 unchanged blocks'))!
    expect(fold).toBeTruthy()
    expect(text()).not.toContain('Dashboards: fraud-overview.')
    await act(async () => fold.click())
    expect(text()).toContain('Dashboards: fraud-overview.')
  })

  it('walks the changes with n / p and shows the position', async () => {
    await mount()
    const pos = () => host.querySelector('.cv-nav__pos')?.textContent
    expect(pos()).toBe('11 changes')
    await press('n')
    expect(pos()).toBe('1 of 11')
    expect(document.activeElement?.getAttribute('data-change')).toBe('0')
    await press('j')
    await press('n')
    expect(pos()).toBe('3 of 11')
    await press('p')
    expect(pos()).toBe('2 of 11')
    expect(document.activeElement?.getAttribute('aria-label')).toMatch(/^Change 2 of 11: list changed/)
  })

  it('remembers side by side and closes on Escape', async () => {
    const onClose = await mount()
    const split = [...host.querySelectorAll('button')].find((b) => b.textContent === 'Side by side')!
    await act(async () => split.click())
    expect(host.querySelector('.cv-doc--split')).toBeTruthy()
    expect(localStorage.getItem('keel:compare-mode')).toBe('split')
    // Each column shows its own side: the old number on the left, the new on the right.
    const goals = host.querySelector('[data-change="0"]')!
    expect(goals.querySelector('.cv-cell--before')?.textContent).toContain('15%')
    expect(goals.querySelector('.cv-cell--before')?.textContent).not.toContain('20%')
    expect(goals.querySelector('.cv-cell--after')?.textContent).toContain('20%')
    await press('Escape')
    expect(onClose).toHaveBeenCalledOnce()
  })

  it('keeps focus inside the overlay', async () => {
    const outside = document.createElement('button')
    document.body.append(outside)
    await mount()
    await act(async () => outside.focus())
    expect(host.contains(document.activeElement)).toBe(true)
    outside.remove()
  })

  it('lets a dialog opened over it keep focus (name, restore, keyboard help)', async () => {
    await mount()
    const dialog = document.createElement('div')
    dialog.setAttribute('role', 'dialog')
    const field = document.createElement('input')
    dialog.append(field)
    document.body.append(dialog)
    await act(async () => field.focus())
    expect(document.activeElement).toBe(field)
    dialog.remove()
  })

  it('makes the page behind inert while open, and gives it back on close', async () => {
    const page = document.createElement('main')
    const already = document.createElement('aside')
    already.setAttribute('inert', '')
    document.body.prepend(page, already)
    await mount()
    expect(page.hasAttribute('inert')).toBe(true)
    expect(host.hasAttribute('inert')).toBe(false)
    act(() => root.unmount())
    expect(page.hasAttribute('inert')).toBe(false)
    // What was inert before stays so.
    expect(already.hasAttribute('inert')).toBe(true)
    // (afterEach unmounts again: a no-op.)
    root = createRoot(document.createElement('div'))
    page.remove()
    already.remove()
  })

  it('says so when nothing changed', async () => {
    const after = fixtureDiff.after.content!
    answer = {
      ...fixtureDiff,
      before: fixtureDiff.after,
      diff: {
        entries: after.map((_, i) => ({ kind: 'same', before: i, after: i })),
        counts: { added: 0, removed: 0, changed: 0, moved: 0 },
        summary: '',
        truncated: true,
      },
    }
    await mount()
    expect(text()).toContain('These two versions have the same content.')
    expect(host.querySelector('.cv-nav__pos')?.textContent).toBe('No changes')
    expect(host.querySelector('.cv-fold')?.textContent).toBe(`… ${after.length} unchanged blocks …`)
    expect(host.querySelector('[role="note"]')?.textContent).toMatch(/too large to compare word by word/)
  })

  it('shows old then new for a changed block without a word diff', async () => {
    const entries = fixtureDiff.diff.entries.map((e) => (e.kind === 'changed' && e.before === 6 ? { ...e, text: undefined } : e))
    answer = { ...fixtureDiff, diff: { ...fixtureDiff.diff, entries } }
    await mount()
    const entry = [...host.querySelectorAll('.cv-entry--changed')].find((el) => el.textContent?.includes('We train on'))!
    expect(entry.querySelector('.cv-swap--old')?.textContent).toContain('18 months')
    expect(entry.querySelector('.cv-swap--new')?.textContent).toContain('24 months')
  })
})
