import { useEffect, useRef, type KeyboardEvent } from 'react'
import { createPortal } from 'react-dom'
import './keyboard-help.css'

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent)
const MOD = isMac ? '⌘' : 'Ctrl'
const ALT = isMac ? '⌥' : 'Alt'

/** Every shortcut Keel has, by where it works. Keep in step with the editor's and the views' keys. */
export const SHORTCUTS: ReadonlyArray<{ group: string; items: ReadonlyArray<{ keys: string[]; what: string }> }> = [
  {
    group: 'Anywhere',
    items: [
      { keys: [MOD, 'K'], what: 'Quick switcher: find and open a page' },
      { keys: ['?'], what: 'This list of shortcuts' },
      { keys: ['Esc'], what: 'Close a dialog or menu' },
    ],
  },
  {
    group: 'In a document',
    items: [
      { keys: ['/'], what: 'Insert a block (slash menu) at the start of an empty line' },
      { keys: ['[['], what: 'Link to another page (also @)' },
      { keys: [MOD, ALT, 'T'], what: 'Turn the line into a task, or a task back into a line' },
      { keys: ['[]', 'Space'], what: 'At the start of a line: a task ([x] for a done one)' },
      { keys: ['Enter'], what: 'In a task: the next task; on an empty task: back to text' },
      { keys: ['Backspace'], what: 'At the start of a task: back to text' },
      { keys: [MOD, 'Z'], what: 'Undo (your own edits only)' },
      // Control on a Mac too: ⌘⌥H is the system's “Hide others”.
      { keys: [isMac ? '⌃' : 'Ctrl', ALT, 'H'], what: 'Open or close the page’s history' },
      { keys: ['Esc'], what: 'In a version preview or compare view: back to the page' },
    ],
  },
  {
    group: 'Comparing versions',
    items: [
      { keys: ['n'], what: 'Next change (j too)' },
      { keys: ['p'], what: 'Previous change (k too)' },
      { keys: ['Esc'], what: 'Close the comparison, back to the page' },
    ],
  },
  {
    group: 'On the task board',
    items: [
      { keys: ['Tab'], what: 'Move between cards' },
      { keys: [ALT, '←'], what: 'Move the card to the previous column' },
      { keys: [ALT, '→'], what: 'Move the card to the next column' },
      { keys: ['Enter'], what: 'Open the card’s task in its page' },
    ],
  },
]

/**
 * The keyboard help: a modal dialog listing the shortcuts. Focus moves into it, Tab stays inside,
 * Escape (or the close button, or a click outside) closes it and focus returns to where it was.
 */
export function KeyboardHelp({ onClose }: { onClose: () => void }) {
  const box = useRef<HTMLDivElement>(null)
  const closeButton = useRef<HTMLButtonElement>(null)

  useEffect(() => {
    const previous = document.activeElement
    closeButton.current?.focus()
    return () => {
      if (previous instanceof HTMLElement && document.contains(previous)) previous.focus()
    }
  }, [])

  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.key === 'Escape') {
      event.preventDefault()
      event.stopPropagation()
      onClose()
      return
    }
    if (event.key !== 'Tab') return
    const focusable = box.current ? [...box.current.querySelectorAll<HTMLElement>('button, [href], [tabindex]:not([tabindex="-1"])')] : []
    if (focusable.length === 0) return
    const first = focusable[0]!
    const last = focusable[focusable.length - 1]!
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault()
      last.focus()
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault()
      first.focus()
    }
  }

  return createPortal(
    <div className="keyhelp" role="presentation" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="keyhelp__box" role="dialog" aria-modal="true" aria-labelledby="keyhelp-title" ref={box} onKeyDown={onKeyDown} data-testid="keyboard-help">
        <header className="keyhelp__head">
          <h2 id="keyhelp-title" className="keyhelp__title">
            Keyboard shortcuts
          </h2>
          <button type="button" className="keyhelp__close" aria-label="Close" ref={closeButton} onClick={onClose}>
            ×
          </button>
        </header>
        <div className="keyhelp__groups">
          {SHORTCUTS.map((g) => (
            <section key={g.group} className="keyhelp__group">
              <h3 className="keyhelp__group-title">{g.group}</h3>
              <dl className="keyhelp__list">
                {g.items.map((item) => (
                  <div key={item.what} className="keyhelp__row">
                    <dt className="keyhelp__keys">
                      {item.keys.map((k, i) => (
                        <span key={i}>
                          {i > 0 && <span className="keyhelp__plus"> + </span>}
                          <kbd>{k}</kbd>
                        </span>
                      ))}
                    </dt>
                    <dd className="keyhelp__what">{item.what}</dd>
                  </div>
                ))}
              </dl>
            </section>
          ))}
        </div>
      </div>
    </div>,
    document.body,
  )
}
