import { splitHighlights } from '#shared/api/search'

/**
 * A snippet with its matches marked. The parts are React text children, so whatever the
 * indexed text holds (`<script>`, `&amp;`) is shown as text, never parsed as HTML.
 */
export function Highlighted({ text, className }: { text: string; className?: string }) {
  return (
    <span className={className}>
      {splitHighlights(text).map((part, i) => (part.mark ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>))}
    </span>
  )
}
