import { useEffect, useRef, useState } from 'react'

/**
 * One section's text: typed into a local draft, written to the document 400 ms after the last
 * keystroke and on blur. Someone else's edit replaces the draft only while this field is not
 * being edited, so a remote change never moves your cursor.
 */
export function SectionField({
  value,
  onWrite,
  placeholder,
  editable,
  label,
  testId,
}: {
  value: string
  onWrite: (text: string) => void
  placeholder: string
  editable: boolean
  label: string
  testId: string
}) {
  const [draft, setDraft] = useState(value)
  const focused = useRef(false)
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  const ref = useRef<HTMLTextAreaElement>(null)

  useEffect(() => {
    if (!focused.current) setDraft(value)
  }, [value])

  // Grow with the text.
  useEffect(() => {
    const el = ref.current
    if (!el) return
    el.style.height = 'auto'
    el.style.height = `${el.scrollHeight + 2}px`
  }, [draft])

  useEffect(() => () => clearTimeout(timer.current), [])

  const flush = (text: string) => {
    clearTimeout(timer.current)
    if (text !== value) onWrite(text)
  }

  if (!editable) return <div className="ml-card__text">{value || <span className="ml-muted">{placeholder}</span>}</div>
  return (
    <textarea
      ref={ref}
      className="ml-card__input"
      value={draft}
      rows={1}
      placeholder={placeholder}
      aria-label={label}
      data-testid={testId}
      onFocus={() => (focused.current = true)}
      onBlur={() => {
        focused.current = false
        flush(draft)
      }}
      onChange={(e) => {
        const text = e.target.value
        setDraft(text)
        clearTimeout(timer.current)
        timer.current = setTimeout(() => onWrite(text), 400)
      }}
    />
  )
}
