import { CloseCode } from '#shared/protocol/index'
import { useLayoutEffect, useRef } from 'react'
import { useConnectionField } from '../collab/hooks.ts'
import { needsReload, type ConnectionState } from '../collab/connection-state.ts'
import type { DocSession } from '../collab/doc-session.ts'

const changes = (n: number): string => `${n} ${n === 1 ? 'change' : 'changes'} not yet saved`

/** The badge's words. It never claims "saved" unless the server acknowledged it. */
export function badgeText({ status, unsaved, fatal, waiting }: ConnectionState, readOnly = false): string {
  if (fatal !== null) {
    if (needsReload(fatal.code)) return 'Update required · Reload'
    if (fatal.code === CloseCode.Forbidden) return "Can't save · View only"
    if (fatal.code === CloseCode.Unauthenticated) return 'Signed out'
    return `Can't sync · ${fatal.reason}`
  }
  switch (status) {
    case 'connecting':
      return waiting ? 'Waiting to sync…' : 'Connecting…'
    case 'online':
      if (readOnly && unsaved === 0) return 'Online · Live'
      return unsaved > 0 ? 'Saving…' : 'Online · All changes saved'
    case 'offline':
      return unsaved > 0 ? `Offline · ${changes(unsaved)}` : 'Offline · All changes saved'
  }
}

function badgeHint({ status, unsaved, waiting }: ConnectionState, readOnly: boolean): string {
  if (waiting && status !== 'online') return 'This page was created on this device; it opens on the server once the project’s page list has synced.'
  if (readOnly && unsaved === 0)
    return status === 'online' ? 'Connected: you see changes as they happen' : 'Not connected: changes by others show when the connection returns'
  // Online, the hint does not count: the count changes with every keystroke, and so would the hint.
  if (status === 'online') return unsaved > 0 ? 'Waiting for the server to store your latest changes' : 'Everything you wrote is stored on the server'
  if (unsaved > 0) return `${changes(unsaved)}. They are kept on this device and sent when the connection returns.`
  return 'Edits made now are kept on this device and sent when the connection returns.'
}

/** How long "Saving…" stays after the last change was acknowledged, while typing goes on. */
export const SETTLE_MS = 800

const toneOf = (state: ConnectionState): string => (state.fatal !== null ? 'error' : state.status === 'online' && state.unsaved > 0 ? 'saving' : state.status)

/** Sets an attribute or text only when it differs: an unchanged write can still cost a frame. */
function put(el: HTMLElement, name: string, value: string): void {
  if (el.getAttribute(name) !== value) el.setAttribute(name, value)
}

/** The badge's data attributes: exact at once (tests and tools read them), never painted. */
function paintData(el: HTMLElement, state: ConnectionState): void {
  put(el, 'data-status', state.status)
  put(el, 'data-unsaved', String(state.unsaved))
  put(el, 'data-synced', String(state.synced))
}

/**
 * What the badge shows: its tone, words and hint. The hint (`title`) settles with the words: a
 * changed `title` costs a style recalculation and a frame even unseen (Chromium's own stylesheet
 * has `[title]` rules), and it changed twice per keystroke.
 */
function paintVisible(el: HTMLElement, state: ConnectionState, readOnly: boolean): void {
  put(el, 'class', `badge badge--${toneOf(state)}`)
  put(el, 'title', badgeHint(state, readOnly))
  const text = el.querySelector('.badge__text')
  const words = badgeText(state, readOnly)
  if (text && text.textContent !== words) text.textContent = words
}

/**
 * The connection badge. Its state changes twice per keystroke (a change goes out: "Saving…"; the
 * server acknowledges it: "All changes saved"), so it is written into the DOM directly from the
 * store, not rendered by React: every React commit while the editor has focus walks the editor's
 * whole DOM (React saves and restores the selection around each commit), milliseconds per commit
 * in a 5,000-block document. And what it shows goes back from "Saving…" to "saved" only once no
 * change has been waiting for SETTLE_MS: flipping on every keystroke meant two extra frames per
 * key, each costing the whole page's compositing. It never claims "saved" early, only late.
 * React renders only the structure and the Reload button, which depends on `fatal` alone.
 */
export function ConnectionBadge({ session, readOnly = false }: { session: DocSession; readOnly?: boolean }) {
  const store = session.connection.store
  const ref = useRef<HTMLDivElement>(null)
  const fatal = useConnectionField(session, (s) => s.fatal)
  useLayoutEffect(() => {
    const el = ref.current
    if (!el) return
    let shown = store.get()
    let settle: ReturnType<typeof setTimeout> | null = null
    paintData(el, shown)
    paintVisible(el, shown, readOnly)
    const onChange = (): void => {
      const next = store.get()
      paintData(el, next)
      if (settle !== null) clearTimeout(settle)
      settle = null
      const show = (): void => {
        settle = null
        shown = store.get()
        paintVisible(el, shown, readOnly)
      }
      if (toneOf(shown) === 'saving' && toneOf(next) === 'online') settle = setTimeout(show, SETTLE_MS)
      else show()
    }
    const unsubscribe = store.subscribe(onChange)
    return () => {
      unsubscribe()
      if (settle !== null) clearTimeout(settle)
    }
  }, [store, readOnly])
  const reload = fatal !== null && needsReload(fatal.code)
  return (
    <div ref={ref} className="badge" data-testid="connection-badge" role="status" aria-live="polite">
      <span className="badge__dot" aria-hidden="true" />
      <span className="badge__text" />
      {reload && (
        <button type="button" className="badge__action" onClick={() => location.reload()}>
          Reload
        </button>
      )}
    </div>
  )
}
