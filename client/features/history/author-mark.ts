import { Mark } from '@tiptap/core'
import { authorSlot } from './format.ts'

/** The slot's two colour tokens (history.css, light and dark) under the names .author-mark reads. */
const authorStyle = (slot: number): string => `--author-bg: var(--author-${slot}-bg); --author-line: var(--author-${slot}-line)`
/** The same, as a React style (the legend's swatches). */
export const authorVars = (slot: number): Record<string, string> => ({
  '--author-bg': `var(--author-${slot}-bg)`,
  '--author-line': `var(--author-${slot}-line)`,
})

export interface AuthorMarkOptions {
  /** The person's colour slot in this view (see assignSlots); by default their own. */
  slotOf: (userId: string) => number
}

/**
 * The `author` mark of GET …/versions/:vid/authors: text written by one person, coloured by a slot
 * picked from their user id (distinct per person within one view) (the tints are tokens in history.css, light and dark). Registered only
 * in the read-only preview: the live editor's schema never has it, so it cannot leak into a document.
 */
export const AuthorMark = Mark.create<AuthorMarkOptions>({
  name: 'author',
  addOptions() {
    return { slotOf: authorSlot }
  },
  inclusive: false,
  excludes: '',
  addAttributes() {
    const slotOf = this.options.slotOf
    return {
      userId: {
        default: null,
        renderHTML: (attrs: Record<string, unknown>) =>
          typeof attrs['userId'] === 'string' ? { 'data-author': attrs['userId'], class: 'author-mark', style: authorStyle(slotOf(attrs['userId'])) } : {},
      },
    }
  },
  parseHTML() {
    return [{ tag: 'span[data-author]' }]
  },
  renderHTML({ HTMLAttributes }) {
    return ['span', HTMLAttributes, 0]
  },
})
