import { mergeAttributes, Node } from '@tiptap/core'
import { DOC_LINK_NODE } from '#shared/hub/links'
import { docPath } from '../../lib/router.ts'
import { titleOf } from './doc-titles.ts'
import { DocLinkView } from './DocLinkView.ts'
import { linkSuggestion } from './link-suggestion.ts'

/**
 * A link to another Keel document: an inline atom holding only the target's id (`docId`), so it
 * follows the target through renames and moves. The server derives backlinks from these nodes
 * (server/hub/links.ts). Typing `[[` or `@` opens the picker that inserts them.
 */
export const DocLink = Node.create({
  name: DOC_LINK_NODE,
  group: 'inline',
  inline: true,
  atom: true,
  selectable: true,

  addAttributes() {
    return {
      docId: {
        default: null,
        parseHTML: (el) => el.getAttribute('data-doc-id'),
        renderHTML: (attrs) => ({ 'data-doc-id': attrs['docId'] }),
      },
    }
  },

  parseHTML() {
    return [{ tag: 'a[data-doc-link][data-doc-id]' }]
  },

  // Copy and HTML export: a real link with the title as known now.
  renderHTML({ node, HTMLAttributes }) {
    const id = String(node.attrs['docId'] ?? '')
    const t = titleOf(id)
    return [
      'a',
      mergeAttributes(HTMLAttributes, { 'data-doc-link': '', href: docPath(id), class: 'doc-link' }),
      t.kind === 'ok' ? t.title || 'Untitled' : 'Linked page',
    ]
  },

  renderText({ node }) {
    const t = titleOf(String(node.attrs['docId'] ?? ''))
    return t.kind === 'ok' ? t.title || 'Untitled' : 'Linked page'
  },

  addNodeView() {
    return ({ node }) => new DocLinkView(node)
  },

  addProseMirrorPlugins() {
    return [linkSuggestion(this.editor)]
  },
})
