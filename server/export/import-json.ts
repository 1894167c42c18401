import { generateKeyBetween } from 'fractional-indexing'
import * as Y from 'yjs'
import { ErrorCode } from '#shared/api/errors'
import { TASK_NODE } from '#shared/blocks/task'
import { EDITOR_FRAGMENT } from '#shared/doc/fragment'
import { createHash } from 'node:crypto'
import { attachmentIdOf, attachmentUrl } from '#shared/attachments/attachment'
import { type ImportResult, KeelExport, type ManifestApproval, type ManifestAttachment, type ManifestDoc } from '#shared/export/manifest'
import { DOC_LINK_NODE } from '#shared/hub/links'
import { addNode, nodesOf } from '#shared/hub/tree'
import type { AttachmentReader, AttachmentWriter } from '../attachments/attachment-writer.ts'
import type { RoomRegistry } from '../collab/registry.ts'
import { DocumentTooLarge } from '../collab/too-large.ts'
import { HttpError, notFound } from '../http/errors.ts'
import type { HubStore } from '../hub/hub-store.ts'
import type { Store } from '../store/store.ts'
import type { TaskStore } from '../tasks/task-store.ts'
import type { Directory } from '../workspaces/directory.ts'
import { newDocId } from '../workspaces/doc-ids.ts'
import type { ExportStore, ImportKey } from './export-store.ts'

export interface ImportDeps {
  registry: RoomRegistry
  store: Store
  hub: HubStore
  tasks: TaskStore
  directory: Directory
  exports: ExportStore
  attachments: AttachmentReader & AttachmentWriter
}

/** Documents written per turn of the event loop (500 pages of 4 KiB took 1.3 s in one turn). */
const IMPORT_BATCH = 25
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve))

const invalid = (message: string) => new HttpError(422, ErrorCode.InvalidImport, message)
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

function isOrderKey(key: string): boolean {
  try {
    generateKeyBetween(key, null)
    return true
  } catch {
    return false
  }
}

/** A document's state from the file, or 422 naming the document (bad base64, not a Yjs update, past the document limits: 413). */
function decodeState(registry: RoomRegistry, doc: ManifestDoc, index: number): Uint8Array {
  const where = `docs[${index}] (id ${doc.id})`
  if (doc.state.length % 4 !== 0 || !BASE64.test(doc.state)) throw invalid(`${where}: state is not base64`)
  const bytes = new Uint8Array(Buffer.from(doc.state, 'base64'))
  try {
    registry.assertFits(doc.id, bytes)
  } catch (err) {
    if (err instanceof DocumentTooLarge) throw err
    throw invalid(`${where}: state is not a Yjs update (${(err as Error).message})`)
  }
  return bytes
}

/** An attachment's bytes from the file, or 422 naming it (bad base64, not the size or sha256 it says). */
function decodeAttachment(a: ManifestAttachment, index: number): Uint8Array {
  const where = `attachments[${index}] (id ${a.id})`
  if (a.data.length % 4 !== 0 || !BASE64.test(a.data)) throw invalid(`${where}: data is not base64`)
  const bytes = new Uint8Array(Buffer.from(a.data, 'base64'))
  if (bytes.byteLength !== a.size) throw invalid(`${where}: data is ${bytes.byteLength} bytes, not the ${a.size} it says`)
  if (createHash('sha256').update(bytes).digest('hex') !== a.sha256) throw invalid(`${where}: data does not match its sha256`)
  return bytes
}

/** Every element of a document's content named `name`, depth first. */
function elements(doc: Y.Doc, name: string): Y.XmlElement[] {
  const out: Y.XmlElement[] = []
  const walk = (parent: Y.XmlFragment | Y.XmlElement) => {
    for (const child of parent.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue
      if (child.nodeName === name) out.push(child)
      walk(child)
    }
  }
  walk(doc.getXmlFragment(EDITOR_FRAGMENT))
  return out
}

/**
 * Imports a Keel JSON export into a workspace as a new project, or into an existing project
 * (its pages join that project's tree; the project's name and description stay) (docs/EXPORT.md). Everything is
 * validated before anything is created (422 naming the document at fault). Each document is
 * written through `registry.change` (committed, logged, indexed by the hub and the task index
 * like an edit, as the user importing), keeping its id unless that id is taken here; then the
 * tree, in one change of the project's tree document. Idempotent by source ids: a second import
 * of the same file into the same workspace finds its `keel_imports` rows and creates nothing.
 *
 * Ids that must change are rewritten in the same change that writes the document: doc links to
 * renamed pages, and task ids another document of this server already has (task ids are unique
 * per server), with the dependencies on them. ML block ids are kept (their data lives under keys
 * named by them): see docs/EXPORT.md for importing a project twice into one server.
 */
export async function importKeelJson(
  deps: ImportDeps,
  into: { workspaceId: string } | { projectId: string },
  userId: string,
  raw: unknown,
  now = Date.now(),
): Promise<ImportResult> {
  const { registry, hub, directory, exports } = deps
  const given = 'projectId' in into ? directory.project(into.projectId) : null
  const workspaceId = given ? given.workspaceId : 'workspaceId' in into ? into.workspaceId : ''
  if ('projectId' in into ? !given : !directory.workspace(workspaceId)) throw notFound('projectId' in into ? 'project' : 'workspace')
  const parsed = KeelExport.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    throw invalid(`not a Keel export: ${issue.path.join('.') || 'file'}: ${issue.message}`)
  }
  const file = parsed.data
  const docs = new Map<string, ManifestDoc & { bytes: Uint8Array }>()
  file.docs.forEach((d, i) => {
    if (docs.has(d.id)) throw invalid(`docs[${i}] (id ${d.id}): the same id twice`)
    docs.set(d.id, { ...d, bytes: decodeState(registry, d, i) })
  })
  const attachments = new Map<string, ManifestAttachment & { bytes: Uint8Array }>()
  ;(file.attachments ?? []).forEach((a, i) => {
    if (attachments.has(a.id)) throw invalid(`attachments[${i}] (id ${a.id}): the same id twice`)
    attachments.set(a.id, { ...a, bytes: decodeAttachment(a, i) })
  })
  for (const n of file.tree) {
    if (!docs.has(n.id)) throw invalid(`tree node ${n.id} has no document`)
    // The sidebar computes new positions from these keys: one that is not a key would break it.
    if (!isOrderKey(n.order)) throw invalid(`tree node ${n.id}: order ${JSON.stringify(n.order.slice(0, 20))} is not a position key`)
  }

  const key: ImportKey = { workspaceId, sourceProject: file.project.id }
  const known = exports.target(key, 'project', file.project.id)
  let project = given ?? (known ? directory.project(known) : null)
  if (!project || project.workspaceId !== workspaceId) {
    project = directory.createProject(workspaceId, file.project.name.trim() || 'Imported project', now)
    directory.setProjectInfo(project.id, project.name, file.project.description)
    exports.record(key, 'project', file.project.id, project.id, now)
  }

  // Source id → id here; which documents are new this time.
  const ids = new Map<string, string>()
  const created: string[] = []
  for (const src of docs.keys()) {
    const prior = exports.target(key, 'doc', src)
    if (prior && hub.doc(prior)?.projectId === project.id) {
      ids.set(src, prior)
      continue
    }
    const free = !deps.store.meta(src) && !hub.doc(src)
    ids.set(src, claim(hub, project.id, free ? src : newDocId(), docs.get(src)!, now))
    created.push(src)
  }

  // Task ids this server already gives to another document get new ones (else the index skips them).
  const taskIds = new Map<string, string>()
  for (const src of created) {
    const scan = new Y.Doc()
    Y.applyUpdate(scan, docs.get(src)!.bytes)
    for (const el of elements(scan, TASK_NODE)) {
      const id = el.getAttribute('id')
      const owner = typeof id === 'string' ? deps.tasks.owner(id) : null
      if (typeof id === 'string' && owner && owner.docId !== ids.get(src)) taskIds.set(id, `${id.slice(0, 40)}-${newDocId().slice(0, 8)}`)
    }
    scan.destroy()
  }

  // The attachments before the documents that show them, through the AttachmentWriter (limits,
  // sniffing, content addressing), each keeping its id unless that is taken here. Nothing when no
  // document is new (a second import of the same file); one imported before into this project is
  // found by its id.
  const attachmentIds = new Map<string, string>()
  if (created.length > 0) {
    for (const a of attachments.values()) {
      const prior = deps.attachments.meta(a.id)
      if (prior?.projectId === project.id && prior.sha256 === a.sha256) {
        attachmentIds.set(a.id, a.id)
        continue
      }
      const stored = await deps.attachments.put({ projectId: project.id, name: a.name, bytes: a.bytes, createdBy: userId, id: a.id })
      attachmentIds.set(a.id, stored.id)
    }
  }

  // In batches, a turn of the event loop between them, so other people's edits keep flowing.
  for (const [i, src] of created.entries()) {
    if (i % IMPORT_BATCH === 0) await nextTurn()
    const d = docs.get(src)!
    const target = ids.get(src)!
    // Claimed before the first turn, so nothing can have taken it since; checked again all the same, before writing into it.
    if (hub.doc(target)?.projectId !== project.id)
      throw new HttpError(409, ErrorCode.ImportRunning, `document ${target} was taken while importing: import again`)
    registry.change(target, userId, (doc) => {
      Y.applyUpdate(doc, d.bytes)
      rewriteIds(doc, ids, taskIds, attachmentIds)
    })
    if (d.isTemplate) hub.setTemplate(target, true)
    exports.record(key, 'doc', src, target, now)
  }

  const inTree = new Set(file.tree.map((n) => n.id))
  const fresh = new Set(created)
  registry.change(project.treeDocId, userId, (tree) => {
    // Every page of the file without a node here: the new ones, and any an interrupted import
    // wrote before it could add them (a second import finishes its work).
    for (const n of file.tree) {
      if (nodesOf(tree).has(ids.get(n.id)!)) continue
      const m = new Y.Map<unknown>()
      nodesOf(tree).set(ids.get(n.id)!, m)
      m.set('title', n.title)
      m.set('parentId', n.parentId ? (ids.get(n.parentId) ?? null) : null)
      m.set('order', n.order)
      m.set('archivedAt', null)
    }
    // A document the file lists outside its tree goes last at the top.
    for (const src of docs.keys()) if (!inTree.has(src) && !nodesOf(tree).has(ids.get(src)!)) addNode(tree, { id: ids.get(src)!, title: docs.get(src)!.title })
  })

  exports.putApprovals(
    file.approvals
      .filter((a) => fresh.has(a.docId))
      .map((a) => ({
        ...asImported(a, userId, new Date(now).toISOString()),
        docId: ids.get(a.docId)!,
        blockId: a.kind === 'override' ? (taskIds.get(a.blockId) ?? a.blockId) : a.blockId,
      })),
  )
  return { projectId: project.id, docs: Object.fromEntries(ids), created: created.length, skipped: docs.size - created.length }
}

/**
 * Creates a new document's row in the same synchronous turn that chose its id, and returns the id
 * it got. The row insert leaves an existing id as it is (`createDoc`), so a row that turns out to
 * be another project's (written by a concurrent import or a crafted tree node) makes it take a
 * fresh id: `registry.change` must never write the file into a document of another project.
 */
function claim(hub: HubStore, projectId: string, id: string, d: ManifestDoc, now: number): string {
  for (let candidate = id; ; candidate = newDocId()) {
    hub.createDoc(candidate, projectId, d.title.slice(0, 200), Date.parse(d.createdAt) || now)
    const row = hub.doc(candidate)
    if (row?.projectId === projectId && row.kind === 'doc') return candidate
  }
}

/**
 * An approval from a file, as this server records it: signed by the person importing (a file can
 * say anything: an editor must not forge a sign-off, a ship decision or an override in someone
 * else's name), with who the file said signed kept as `importedFrom` in its detail.
 */
function asImported(a: ManifestApproval, userId: string, at: string): ManifestApproval {
  let detail: Record<string, unknown> = {}
  try {
    const v: unknown = JSON.parse(a.data)
    if (v && typeof v === 'object' && !Array.isArray(v)) detail = v as Record<string, unknown>
  } catch {
    // Detail that is not JSON is dropped: the record stays, attributed to the importer.
  }
  // A decision carries its signer in its detail too (the ship panel shows it).
  if (a.kind === 'decision') detail = { ...detail, by: userId, at }
  return { ...a, userId, at, data: JSON.stringify({ ...detail, importedFrom: { userId: a.userId, at: a.at } }) }
}

/**
 * Points doc links at the pages' ids here, image and file blocks at their attachments' ids here,
 * and renames taken task ids (and the dependencies on them).
 */
function rewriteIds(doc: Y.Doc, ids: ReadonlyMap<string, string>, taskIds: ReadonlyMap<string, string>, attachmentIds: ReadonlyMap<string, string>): void {
  for (const el of elements(doc, DOC_LINK_NODE)) {
    const to = el.getAttribute('docId')
    const here = typeof to === 'string' ? ids.get(to) : undefined
    if (here && here !== to) el.setAttribute('docId', here)
  }
  if ([...attachmentIds].some(([from, to]) => from !== to)) {
    for (const el of [...elements(doc, 'image'), ...elements(doc, 'fileAttachment')]) {
      const id = el.getAttribute('attachmentId')
      const here = typeof id === 'string' ? attachmentIds.get(id) : undefined
      if (here && here !== id) el.setAttribute('attachmentId', here)
      const src = el.getAttribute('src')
      const fromSrc = typeof src === 'string' ? attachmentIdOf(src) : null
      const srcHere = fromSrc ? attachmentIds.get(fromSrc) : undefined
      if (srcHere && srcHere !== fromSrc) el.setAttribute('src', attachmentUrl(srcHere))
    }
  }
  if (taskIds.size === 0) return
  for (const el of elements(doc, TASK_NODE)) {
    const id = el.getAttribute('id')
    if (typeof id === 'string' && taskIds.has(id)) el.setAttribute('id', taskIds.get(id)!)
    const deps = el.getAttribute('deps') as unknown
    const list = Array.isArray(deps) ? deps : typeof deps === 'string' ? safeList(deps) : null
    if (list && list.some((d) => typeof d === 'string' && taskIds.has(d))) {
      const next = list.map((d) => (typeof d === 'string' ? (taskIds.get(d) ?? d) : d))
      el.setAttribute('deps', (typeof deps === 'string' ? JSON.stringify(next) : next) as unknown as string)
    }
  }
}

function safeList(s: string): unknown[] | null {
  try {
    const v: unknown = JSON.parse(s)
    return Array.isArray(v) ? v : null
  } catch {
    return null
  }
}
