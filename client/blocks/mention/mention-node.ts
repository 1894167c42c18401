import Mention from '@tiptap/extension-mention'
import type { Node as PmNode } from '@tiptap/pm/model'
import type { NodeView } from '@tiptap/pm/view'
import { mentionText } from '#shared/doc/markdown-inline'
import { MENTION_NODE } from '#shared/doc/rich-nodes'
import { colorOfPerson, subscribePeople } from './people.ts'
import './mention.css'

/**
 * A mention chip: "@Name" from the node's own `label` (so a mention of someone who has left, or
 * was renamed, still reads as it was written), tinted with the member's avatar colour while
 * they are a member of a project this tab has loaded.
 */
class MentionView implements NodeView {
  readonly dom: HTMLSpanElement
  private node: PmNode
  private readonly unsubscribe: () => void

  constructor(node: PmNode) {
    this.node = node
    this.dom = document.createElement('span')
    this.dom.className = 'mention'
    this.dom.setAttribute('data-type', MENTION_NODE)
    this.dom.contentEditable = 'false'
    this.unsubscribe = subscribePeople(() => this.render())
    this.render()
  }

  private render(): void {
    const id = String(this.node.attrs['id'] ?? '')
    const color = colorOfPerson(id)
    this.dom.setAttribute('data-id', id)
    this.dom.classList.toggle('mention--former', color === null)
    if (color) this.dom.style.setProperty('--mention-color', color)
    else this.dom.style.removeProperty('--mention-color')
    const text = mentionText({ type: MENTION_NODE, attrs: this.node.attrs })
    if (this.dom.textContent !== text) this.dom.textContent = text
  }

  update(node: PmNode): boolean {
    if (node.type !== this.node.type) return false
    this.node = node
    this.render()
    return true
  }

  ignoreMutation(): boolean {
    return true
  }

  destroy(): void {
    this.unsubscribe()
  }
}

/**
 * Tiptap's Mention node (its attrs, HTML, plain text "@Name" for copy, Backspace turning a chip
 * back into "@"), without its own suggestion plugin: `@` opens our page picker
 * (client/blocks/doc-link/), which lists people first and inserts these nodes.
 */
export const MentionNode = Mention.extend({
  // textContent reads "@Name", as the server's titleOf and search read it (shared/doc/fragment.ts).
  extendNodeSchema() {
    return { leafText: (node: PmNode) => mentionText({ type: MENTION_NODE, attrs: node.attrs }) }
  },
  addProseMirrorPlugins() {
    return []
  },
  addNodeView() {
    return ({ node }) => new MentionView(node)
  },
}).configure({ HTMLAttributes: { class: 'mention' } })
