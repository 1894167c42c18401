import * as Y from 'yjs'
import { frag } from './reconcile.testkit.ts'

/** Random Yjs edits for the restore engine's property tests, shaped like what editors and merges leave. */

export type Rand = () => number
export const pick = <T>(items: readonly T[], rand: Rand): T => items[Math.floor(rand() * items.length)] as T
export const int = (n: number, rand: Rand): number => Math.floor(rand() * n)

const WORDS = ['loss ', 'eval', ' the curve ', 'é', '中文', '😀', 'x', ' ', 'checkpoint-12\n']
const MARKS: Array<Record<string, unknown>> = [
  { bold: {} },
  { italic: {} },
  { bold: null },
  { link: { href: 'https://a.dev' } },
  { link: { href: 'https://b.dev', target: '_blank' } },
  { link: null },
  { 'comment--abcdefgh': { id: 'c1' } },
]

/** Every element and text in the fragment, in document order. */
export function walk(parent: Y.XmlFragment, els: Y.XmlElement[], texts: Y.XmlText[]): void {
  for (const c of parent.toArray()) {
    if (c instanceof Y.XmlText) texts.push(c)
    else if (c instanceof Y.XmlElement) {
      els.push(c)
      walk(c, els, texts)
    }
  }
}

function newBlock(parent: Y.XmlFragment, at: number, rand: Rand): void {
  const kind = pick(['paragraph', 'heading', 'codeBlock', 'task', 'runComparison', 'bulletList', 'paragraph'], rand)
  const el = new Y.XmlElement(kind === 'bulletList' ? 'bulletList' : kind)
  parent.insert(at, [el])
  if (kind === 'heading') el.setAttribute('level', (1 + int(3, rand)) as unknown as string)
  if (kind === 'task') {
    el.setAttribute('id', `t${int(6, rand)}`)
    el.setAttribute('status', pick(['todo', 'done'], rand))
    el.setAttribute('deps', [] as unknown as string)
  }
  if (kind === 'runComparison') {
    el.setAttribute('id', `m${int(1e6, rand)}`)
    el.setAttribute('view', { metric: pick(['f1', 'auc'], rand), picked: ['r1'] } as unknown as string)
    return
  }
  if (kind === 'bulletList') {
    const item = new Y.XmlElement('listItem')
    el.insert(0, [item])
    newBlock(item, 0, rand)
    return
  }
  if (rand() < 0.8) {
    const text = new Y.XmlText()
    el.insert(0, [text])
    text.insert(0, pick(WORDS, rand), rand() < 0.3 ? pick(MARKS, rand) : {})
  }
}

/** One random edit, as an editor (or a replica's merge) could leave the Yjs document. */
export function edit(doc: Y.Doc, rand: Rand): void {
  doc.transact(() => {
    const els: Y.XmlElement[] = []
    const texts: Y.XmlText[] = []
    walk(frag(doc), els, texts)
    const containers: Y.XmlFragment[] = [frag(doc), ...els.filter((e) => e.nodeName === 'listItem' || e.nodeName === 'bulletList')]
    const textblocks = els.filter((e) => ['paragraph', 'heading', 'codeBlock', 'task'].includes(e.nodeName))
    const r = rand()
    if (r < 0.2 || texts.length === 0) {
      const c = pick(containers, rand)
      if (c instanceof Y.XmlElement && c.nodeName === 'bulletList') {
        const item = new Y.XmlElement('listItem')
        c.insert(int(c.length + 1, rand), [item])
        newBlock(item, 0, rand)
      } else newBlock(c, int(c.length + 1, rand), rand)
    } else if (r < 0.25) {
      const c = pick(containers, rand)
      if (c.length > 0) {
        const at = int(c.length, rand)
        c.delete(at, Math.min(c.length - at, 1 + int(2, rand)))
      }
    } else if (r < 0.5) {
      const text = pick(texts, rand)
      text.insert(int(text.length + 1, rand), pick(WORDS, rand), rand() < 0.3 ? pick(MARKS, rand) : undefined)
    } else if (r < 0.62) {
      const text = pick(texts, rand)
      if (text.length > 0) {
        const at = int(text.length, rand)
        text.delete(at, Math.min(text.length - at, 1 + int(6, rand)))
      }
    } else if (r < 0.8) {
      const text = pick(texts, rand)
      if (text.length > 0) {
        const at = int(text.length, rand)
        text.format(at, 1 + int(text.length - at, rand), pick(MARKS, rand))
      }
    } else if (r < 0.9 && els.length > 0) {
      const el = pick(els, rand)
      const change = pick(['level', 'status', 'assignee', 'view', 'remove'], rand)
      if (change === 'remove') {
        const keys = Object.keys(el.getAttributes())
        if (keys.length > 0) el.removeAttribute(pick(keys, rand))
      } else if (change === 'view') el.setAttribute('view', { metric: pick(['f1', 'auc', 'loss'], rand), picked: [`r${int(3, rand)}`] } as unknown as string)
      else el.setAttribute(change, pick([null, 'u1', 'done', 2], rand) as unknown as string)
    } else if (textblocks.length > 0) {
      // A second XmlText or a hard break inside a textblock (concurrent typing into an empty block leaves two texts).
      const block = pick(textblocks, rand)
      const at = int(block.length + 1, rand)
      if (rand() < 0.5) block.insert(at, [new Y.XmlElement('hardBreak')])
      else {
        const text = new Y.XmlText()
        block.insert(at, [text])
        text.insert(0, pick(WORDS, rand), rand() < 0.5 ? pick(MARKS, rand) : {})
      }
    }
  })
}
