import { useEffect } from 'react'

/**
 * `#task-<id>` (the board, the graph, "my tasks"), `#block-<id>` (a search hit: a run table, a
 * checklist, a card) or `#mention-<userId>` (an inbox entry: the reader's first @mention).
 */
const HASH = /^#(task|block|mention)-([A-Za-z0-9_%-]{1,128})$/

/** The element to show and the class that flashes it: a task's node view has `id="task-<id>"`, other blocks `data-block-id`. */
function target(kind: string, id: string): { el: HTMLElement | null; flash: string } {
  if (kind === 'mention') {
    const user = decodeURIComponent(id)
    return {
      el: [...document.querySelectorAll<HTMLElement>('.ProseMirror .mention[data-id]')].find((n) => n.dataset.id === user) ?? null,
      flash: 'mention--flash',
    }
  }
  const el =
    kind === 'task'
      ? document.getElementById(`task-${id}`)
      : document.querySelector<HTMLElement>(`[data-block-id="${CSS.escape(id)}"], #task-${CSS.escape(id)}`)
  return { el, flash: 'task--flash' }
}

/**
 * `/d/:docId#task-<id>`, `#block-<id>` or `#mention-<userId>`: once the target is in the editor,
 * scroll it into view and flash it. The block may arrive a moment after the editor (first sync), so it is looked for
 * until it shows up.
 */
export function BlockHashFocus() {
  useEffect(() => {
    let timer: ReturnType<typeof setInterval> | undefined
    const focus = (): void => {
      clearInterval(timer)
      const m = HASH.exec(location.hash)
      if (!m) return
      const deadline = Date.now() + 15_000
      timer = setInterval(() => {
        const { el, flash } = target(m[1]!, m[2]!)
        if (!el && Date.now() < deadline) return
        clearInterval(timer)
        if (!el) return
        el.scrollIntoView({ block: 'center', behavior: 'smooth' })
        el.classList.remove(flash)
        void el.offsetWidth // restart the animation
        el.classList.add(flash)
        el.setAttribute('data-highlighted', 'true')
        setTimeout(() => {
          el.classList.remove(flash)
          el.removeAttribute('data-highlighted')
        }, 2600)
      }, 100)
    }
    focus()
    // In-app navigation to the same page changes the hash without a hashchange event.
    window.addEventListener('hashchange', focus)
    window.addEventListener('keel:navigate', focus)
    return () => {
      clearInterval(timer)
      window.removeEventListener('hashchange', focus)
      window.removeEventListener('keel:navigate', focus)
    }
  }, [])
  return null
}
