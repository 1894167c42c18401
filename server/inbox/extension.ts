import * as Y from 'yjs'
import { EDITOR_FRAGMENT } from '#shared/doc/fragment'
import { CHECKLISTS_MAP, readChecklist } from '#shared/ml/checklist'
import type { DocExtension } from '../collab/extension.ts'
import type { Room } from '../collab/room.ts'
import { systemUserName } from '../collab/system-users.ts'
import { anchorOf, mentionIdsIn, newlyMentioned } from './mentions.ts'
import type { Notifier } from './notifier.ts'

type Block = Y.XmlElement | Y.XmlText
const DECISION_SUFFIX = '\u0001decision'

interface Watch {
  room: Room
  /** Mention ids per top-level block, as of the last commit. */
  mentions: WeakMap<Block, Set<string>>
  /** Top-level blocks touched since the last commit, with who touched them last. */
  dirty: Map<Block, string | null>
  /** Checklists whose ship decision changed since the last commit, with who changed it. */
  decisions: Map<string, string | null>
  /** Everyone whose transactions are in the pending commit, in order. */
  authors: Set<string>
  unobserve: () => void
}

const userOf = (origin: unknown): string | null =>
  origin && typeof origin === 'object' && 'userId' in origin && typeof origin.userId === 'string' ? origin.userId : null

/** The top-level block (a child of the fragment) a Yjs type sits in, or null for the fragment itself. */
function topLevel(type: Y.AbstractType<unknown>, fragment: Y.XmlFragment): Block | null {
  let node: Y.AbstractType<unknown> | null = type
  while (node && node.parent !== fragment) node = node.parent as Y.AbstractType<unknown> | null
  return node instanceof Y.XmlElement || node instanceof Y.XmlText ? node : null
}

/**
 * The inbox's part in every loaded document: who a commit newly @mentions (block by block,
 * against the mention ids each block held at the last commit, so loading a page or saving it
 * again notifies nobody), a checklist's ship decision changing, and who follows the page.
 * Registered after the task index, so a 'tasks.changed' emitted by its commit can still ask
 * `actorOf` who made the commit (the task events carry ids only).
 */
export class InboxExtension implements DocExtension {
  readonly name = 'inbox'
  private readonly watches = new Map<string, Watch>()

  constructor(
    private readonly deps: {
      notifier: Notifier
      followers: (docId: string) => string[]
      /** Whether the page is a document of a project (templates and other kinds notify nobody). */
      isProjectDoc: (docId: string) => boolean
    },
  ) {}

  /** Who made the commit now being applied to `docId` (the last author of it), or null. */
  actorOf(docId: string): string | null {
    const authors = this.watches.get(docId)?.authors
    return authors && authors.size > 0 ? [...authors].at(-1)! : null
  }

  onLoad(room: Room): void {
    if (!this.deps.isProjectDoc(room.id)) return
    const doc = room.doc
    const fragment = doc.getXmlFragment(EDITOR_FRAGMENT)
    const watch: Watch = { room, mentions: new WeakMap(), dirty: new Map(), decisions: new Map(), authors: new Set(), unobserve: () => {} }
    // The mentions the page already holds are nobody's news.
    for (const block of fragment.toArray()) if (block instanceof Y.XmlElement || block instanceof Y.XmlText) watch.mentions.set(block, mentionIdsIn(block))
    const onBlocks = (events: Y.YEvent<Y.AbstractType<unknown>>[], tr: Y.Transaction) => {
      const author = userOf(tr.origin)
      for (const event of events) {
        if (event.target === fragment) {
          for (const item of event.changes.added) {
            const content = item.content
            if (content instanceof Y.ContentType && (content.type instanceof Y.XmlElement || content.type instanceof Y.XmlText))
              watch.dirty.set(content.type, author)
          }
          continue
        }
        const block = topLevel(event.target, fragment)
        if (block) watch.dirty.set(block, author)
      }
    }
    const checklists = doc.getMap(CHECKLISTS_MAP)
    const onChecklists = (event: Y.YMapEvent<unknown>, tr: Y.Transaction) => {
      for (const key of event.keysChanged) if (key.endsWith(DECISION_SUFFIX)) watch.decisions.set(key.slice(0, -DECISION_SUFFIX.length), userOf(tr.origin))
    }
    const onTransaction = (tr: Y.Transaction) => {
      const author = userOf(tr.origin)
      if (author && tr.changed.size > 0) {
        watch.authors.delete(author)
        watch.authors.add(author)
      }
    }
    fragment.observeDeep(onBlocks)
    checklists.observe(onChecklists)
    doc.on('afterTransaction', onTransaction)
    watch.unobserve = () => {
      fragment.unobserveDeep(onBlocks)
      checklists.unobserve(onChecklists)
      doc.off('afterTransaction', onTransaction)
    }
    this.watches.set(room.id, watch)
  }

  afterCommit(room: Room): void {
    const watch = this.watches.get(room.id)
    if (watch?.room !== room) return
    const { notifier } = this.deps
    try {
      for (const [block, author] of watch.dirty) {
        if (block._item?.deleted) continue
        const after = mentionIdsIn(block)
        const added = newlyMentioned(watch.mentions.get(block), after)
        watch.mentions.set(block, after)
        if (!author || systemUserName(author) !== null) continue
        const blockId = anchorOf(block)
        for (const userId of added) notifier.notify({ userId, kind: 'mention', docId: room.id, blockId, actorId: author, summary: 'mentioned you' })
      }
      for (const [checklistId, author] of watch.decisions) this.decided(room, checklistId, author)
      for (const author of watch.authors) {
        if (systemUserName(author) !== null) continue
        notifier.watched(this.deps.followers(room.id), room.id, author, null, 'edited the page')
      }
    } finally {
      watch.dirty.clear()
      watch.decisions.clear()
      watch.authors.clear()
    }
  }

  /** A checklist's decision changed: everyone on it (item owners, signers) hears, but its author. */
  private decided(room: Room, checklistId: string, author: string | null): void {
    const state = readChecklist(room.doc, checklistId)
    const people = new Set<string>()
    for (const item of state.items) {
      if (item.owner) people.add(item.owner)
      if (item.signedBy) people.add(item.signedBy)
    }
    const summary = state.decision ? 'recorded the ship decision on a deployment checklist' : 'withdrew the ship decision on a deployment checklist'
    for (const userId of people) this.deps.notifier.notify({ userId, kind: 'decision', docId: room.id, blockId: checklistId, actorId: author, summary })
  }

  onUnload(room: Room): void {
    const watch = this.watches.get(room.id)
    // A failed room may be forgotten after its successor loaded: leave the successor's watch alone.
    if (watch?.room !== room) return
    watch.unobserve()
    this.watches.delete(room.id)
  }
}
