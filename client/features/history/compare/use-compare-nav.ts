import { useCallback, useEffect, useRef, useState } from 'react'
import { stepChange } from './model.ts'

/**
 * "Next / previous change": the position in the change list, the elements to scroll to, and the
 * keys (n / j next, p / k previous, Escape closes). Keys typed into a field or into the editor
 * under the overlay are theirs, not ours.
 */
export function useCompareNav(total: number, onClose: () => void) {
  const [current, setCurrent] = useState<number | null>(null)
  const elements = useRef(new Map<number, HTMLElement>())

  // Mirrors `current` so a key handler reads the latest position without re-subscribing.
  const position = useRef<number | null>(null)
  position.current = current

  const go = useCallback(
    (direction: 1 | -1) => {
      const next = stepChange(position.current, total, direction)
      position.current = next
      setCurrent(next)
      const el = next === null ? undefined : elements.current.get(next)
      if (!el) return
      const smooth = !window.matchMedia?.('(prefers-reduced-motion: reduce)').matches
      el.scrollIntoView?.({ block: 'center', behavior: smooth ? 'smooth' : 'auto' })
      // Focus moves with the position so a screen reader reads the change it lands on.
      el.focus({ preventScroll: true })
    },
    [total],
  )

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.defaultPrevented || e.metaKey || e.ctrlKey || e.altKey) return
      if (e.key === 'Escape') {
        e.preventDefault()
        onClose()
        return
      }
      const t = e.target as HTMLElement | null
      if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return
      if (e.key === 'n' || e.key === 'j') {
        e.preventDefault()
        go(1)
      } else if (e.key === 'p' || e.key === 'k') {
        e.preventDefault()
        go(-1)
      }
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [go, onClose])

  /** A ref callback for change `index`'s element. */
  const register = useCallback(
    (index: number) => (el: HTMLElement | null) => {
      if (el) elements.current.set(index, el)
      else elements.current.delete(index)
    },
    [],
  )

  return { current, next: () => go(1), previous: () => go(-1), register, setCurrent }
}
