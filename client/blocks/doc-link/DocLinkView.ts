import type { Node as PmNode } from '@tiptap/pm/model'
import type { NodeView } from '@tiptap/pm/view'
import { docPath, navigate } from '../../lib/router.ts'
import { subscribeTitles, titleOf } from './doc-titles.ts'

/**
 * How a link to a document looks: its target's current title (never a stored copy), "Deleted
 * page" struck through when the target is gone or not shared with you. A plain click opens the
 * target in the app; with a modifier the browser does its usual thing with the real href.
 */
export class DocLinkView implements NodeView {
  readonly dom: HTMLAnchorElement
  private node: PmNode
  private readonly unsubscribe: () => void

  constructor(node: PmNode) {
    this.node = node
    this.dom = document.createElement('a')
    this.dom.className = 'doc-link'
    this.dom.setAttribute('data-doc-link', '')
    this.dom.contentEditable = 'false'
    this.dom.draggable = false
    this.dom.addEventListener('click', this.onClick)
    this.unsubscribe = subscribeTitles(() => this.render())
    this.render()
  }

  private get docId(): string {
    return String(this.node.attrs['docId'] ?? '')
  }

  private readonly onClick = (event: MouseEvent): void => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
    event.preventDefault()
    if (this.docId) navigate(docPath(this.docId))
  }

  private render(): void {
    const state = titleOf(this.docId)
    const text = state.kind === 'ok' ? state.title || 'Untitled' : state.kind === 'gone' ? 'Deleted page' : '…'
    this.dom.href = docPath(this.docId)
    this.dom.setAttribute('data-doc-id', this.docId)
    this.dom.classList.toggle('doc-link--gone', state.kind === 'gone')
    this.dom.classList.toggle('doc-link--loading', state.kind === 'loading')
    this.dom.title = state.kind === 'gone' ? 'This page was deleted, or is not shared with you' : text
    if (this.dom.textContent !== text) this.dom.textContent = text
  }

  update(node: PmNode): boolean {
    if (node.type !== this.node.type) return false
    this.node = node
    this.render()
    return true
  }

  /** The view draws its own content; ProseMirror must not try to read it back. */
  ignoreMutation(): boolean {
    return true
  }

  stopEvent(event: Event): boolean {
    return event.type === 'click'
  }

  destroy(): void {
    this.unsubscribe()
    this.dom.removeEventListener('click', this.onClick)
  }
}
