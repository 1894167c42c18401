import { useEffect } from 'react'

/**
 * `/d/:docId#task-<id>` (from the board, the graph, "my tasks"): once the task's block is in
 * the editor, scroll it into view and flash it. The block may arrive a moment after the editor
 * (first sync), so it is looked for until it shows up.
 */
export function TaskHashFocus() {
  useEffect(() => {
    let timer: ReturnType<typeof setInterval> | undefined
    const focus = (): void => {
      clearInterval(timer)
      const m = /^#task-([A-Za-z0-9_-]{4,64})$/.exec(location.hash)
      if (!m) return
      const deadline = Date.now() + 15_000
      timer = setInterval(() => {
        const el = document.getElementById(`task-${m[1]!}`)
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
