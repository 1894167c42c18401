import { useEffect, useRef, useState, useSyncExternalStore } from 'react'
import { COMMENT_LIMITS } from '#shared/limits'
import { currentPeople, matchPeople, subscribePeople } from '../../blocks/mention/people.ts'
import { type Choice, insertChoice, matchPages, moveHighlight, type Trigger, triggerAt } from './autocomplete.ts'

type Page = { id: string; title: string }

// The buttons keep the box focused: a blur would close the list above them, moving them away mid-click.
const keepFocus = (e: React.MouseEvent) => e.preventDefault()

/**
 * A comment's text box (a new thread, a reply, an edit). Typing `@` + letters offers the
 * project's members and `[[` + letters its pages, in a small list under the box: up/down move,
 * Enter or Tab chooses, Escape closes the list (a second Escape cancels). A choice is written as
 * the body's token (shared/comments/body.ts), so two members of the same name stay apart.
 */
export function CommentComposer(props: {
  value: string
  onChange: (v: string) => void
  onSubmit: () => void
  onCancel?: () => void
  label: string
  placeholder?: string
  autoFocus?: boolean
  pages: readonly Page[]
}) {
  const over = props.value.length > COMMENT_LIMITS.maxBodyChars
  const input = useRef<HTMLTextAreaElement>(null)
  const [trigger, setTrigger] = useState<Trigger | null>(null)
  const [highlight, setHighlight] = useState(0)
  const people = useSyncExternalStore(subscribePeople, currentPeople)
  const choices: Choice[] = !trigger
    ? []
    : trigger.kind === 'person'
      ? matchPeople(people, trigger.query).map((m) => ({ kind: 'person', userId: m.userId, name: m.name }))
      : matchPages(props.pages, trigger.query).map((p) => ({ kind: 'page', id: p.id, title: p.title }))
  const open = trigger !== null && choices.length > 0

  const follow = (el: HTMLTextAreaElement) => {
    const t = el.selectionStart === el.selectionEnd ? triggerAt(el.value, el.selectionStart) : null
    if (t?.kind !== trigger?.kind || t?.start !== trigger?.start) setHighlight(0)
    setTrigger(t)
  }
  // A value set from outside (cleared after posting, reset on cancel) re-reads the trigger.
  useEffect(() => {
    const el = input.current
    if (el && document.activeElement === el) follow(el)
    else setTrigger(null)
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when the value changes
  }, [props.value])
  const choose = (choice: Choice) => {
    const el = input.current
    if (!el || !trigger) return
    const next = insertChoice(el.value, el.selectionStart, trigger, choice)
    props.onChange(next.text)
    setTrigger(null)
    // After React has written the new value: the caret goes after the token.
    requestAnimationFrame(() => {
      el.focus()
      el.setSelectionRange(next.caret, next.caret)
    })
  }

  return (
    <form
      className="ccomposer"
      onSubmit={(e) => {
        e.preventDefault()
        if (!over) props.onSubmit()
      }}
    >
      <div className="ccomposer__box">
        <textarea
          ref={input}
          className="ccomposer__input"
          value={props.value}
          placeholder={props.placeholder ?? 'Add a comment… (@name to mention, [[Page]] to link)'}
          aria-label={props.label}
          aria-autocomplete="list"
          aria-expanded={open}
          autoFocus={props.autoFocus}
          rows={2}
          onChange={(e) => {
            props.onChange(e.target.value)
            follow(e.target)
          }}
          onSelect={(e) => follow(e.currentTarget)}
          onBlur={() => setTrigger(null)}
          onKeyDown={(e) => {
            if (open) {
              if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
                e.preventDefault()
                setHighlight((i) => moveHighlight(i, choices.length, e.key === 'ArrowDown' ? 1 : -1))
                return
              }
              if ((e.key === 'Enter' && !e.metaKey && !e.ctrlKey && !e.shiftKey) || e.key === 'Tab') {
                e.preventDefault()
                choose(choices[Math.min(highlight, choices.length - 1)]!)
                return
              }
              if (e.key === 'Escape') {
                e.preventDefault()
                setTrigger(null)
                return
              }
            }
            if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) {
              e.preventDefault()
              if (!over) props.onSubmit()
            }
            if (e.key === 'Escape') props.onCancel?.()
          }}
        />
        {open && (
          <ul className="cpick" role="listbox" aria-label={trigger.kind === 'person' ? 'People' : 'Pages'} data-testid="comment-autocomplete">
            {choices.map((c, i) => (
              <li
                key={c.kind === 'person' ? c.userId : c.id}
                role="option"
                aria-selected={i === highlight}
                className={`cpick__item${i === highlight ? ' cpick__item--on' : ''}`}
                // Mouse down, not click: the box keeps its focus and caret.
                onMouseDown={(e) => {
                  e.preventDefault()
                  choose(c)
                }}
                onMouseEnter={() => setHighlight(i)}
              >
                {c.kind === 'person' ? (
                  <>
                    <span className="cpick__avatar" style={{ background: people.find((m) => m.userId === c.userId)?.color }} aria-hidden>
                      {c.name.slice(0, 1).toUpperCase()}
                    </span>
                    <span className="cpick__label">{c.name}</span>
                    <span className="cpick__hint">{people.find((m) => m.userId === c.userId)?.email}</span>
                  </>
                ) : (
                  <>
                    <span className="cpick__page" aria-hidden>
                      ▤
                    </span>
                    <span className="cpick__label">{c.title}</span>
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </div>
      {over && (
        <p className="ccomposer__over">
          A comment is at most {COMMENT_LIMITS.maxBodyChars} characters ({props.value.length} now).
        </p>
      )}
      <div className="ccomposer__buttons">
        {props.onCancel && (
          <button type="button" className="button button--ghost" onMouseDown={keepFocus} onClick={props.onCancel}>
            Cancel
          </button>
        )}
        <button type="submit" className="button button--primary" onMouseDown={keepFocus} disabled={over || !props.value.trim()}>
          {props.label}
        </button>
      </div>
    </form>
  )
}
