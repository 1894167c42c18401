import { useEffect } from 'react'

/** `#task-<id>` (the board, the graph, "my tasks") or `#block-<id>` (a search hit: a run table, a checklist, a card). */
const HASH = /^#(task|block)-([A-Za-z0-9_-]{1,128})$/

/** The block's element: a task's node view has `id="task-<id>"`, other blocks `data-block-id`. */
function blockElement(kind: string, id: string): HTMLElement | null {
  return kind === 'task'
    ? document.getElementById(`task-${id}`)
    : document.querySelector<HTMLElement>(`[data-block-id="${CSS.escape(id)}"], #task-${CSS.escape(id)}`)
}

/**
 * `/d/:docId#task-<id>` or `#block-<id>`: once the block is in the editor, scroll it into view
 * and flash it. The block may arrive a moment after the editor (first sync), so it is looked for
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
        const el = blockElement(m[1]!, m[2]!)
        if (!el && Date.now() < deadline) return
        clearInterval(timer)
        if (!el) return
        el.scrollIntoView({ block: 'center', behavior: 'smooth' })
        el.classList.remove('task--flash')
        void el.offsetWidth // restart the animation
        el.classList.add('task--flash')
        el.setAttribute('data-highlighted', 'true')
        setTimeout(() => {
          el.classList.remove('task--flash')
          el.removeAttribute('data-highlighted')
        }, 2600)
      }, 100)
    }
    focus()
    window.addEventListener('hashchange', focus)
    return () => {
      clearInterval(timer)
      window.removeEventListener('hashchange', focus)
    }
  }, [])
  return null
}
