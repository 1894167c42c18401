import { useEffect } from 'react'
import './inbox-page.css'

/**
 * `/d/:docId#mention-<userId>` (from the inbox): once the reader's first @mention on the page is
 * in the editor, scroll it into view and flash it. Like BlockHashFocus, the page may still be
 * syncing, so the mention is looked for until it shows up.
 */
export function InboxHashFocus() {
  useEffect(() => {
    let timer: ReturnType<typeof setInterval> | undefined
    const focus = (): void => {
      clearInterval(timer)
      const m = /^#mention-([^#]{1,80})$/.exec(location.hash)
      if (!m) return
      const id = decodeURIComponent(m[1]!)
      const deadline = Date.now() + 15_000
      timer = setInterval(() => {
        const el = [...document.querySelectorAll<HTMLElement>('.ProseMirror .mention[data-id]')].find((n) => n.dataset.id === id)
        if (!el && Date.now() < deadline) return
        clearInterval(timer)
        if (!el) return
        el.scrollIntoView({ block: 'center', behavior: 'smooth' })
        el.classList.remove('mention--flash')
        void el.offsetWidth // restart the animation
        el.classList.add('mention--flash')
        el.setAttribute('data-highlighted', 'true')
        setTimeout(() => {
          el.classList.remove('mention--flash')
          el.removeAttribute('data-highlighted')
        }, 2600)
      }, 100)
    }
    focus()
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
