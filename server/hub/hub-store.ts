import type { TreeNodeData } from '#shared/hub/tree'

/** A document as the hub lists it (mirrored from its project's tree document). */
export interface DocRow {
  id: string
  projectId: string | null
  kind: 'doc' | 'tree'
  title: string
  parentId: string | null
  position: string
  archivedAt: number | null
  isTemplate: boolean
  createdAt: number
  updatedAt: number
}

/** Structured blocks indexed by id, so scripts and the server reach a block without its document. */
/** A registered block kind's name (IndexedBlockKind.kind: 'experiment', 'checklist', …). */
export type BlockKind = string

export interface ActivityRow {
  docId: string
  title: string
  userId: string
  userName: string
  /** Edits by this person to this document in this burst. */
  updates: number
  from: number
  to: number
}

/**
 * The hub's rows: documents as the tree shows them (mirrored from each project's tree document),
 * links between documents, templates, indexed blocks, activity and search. Derived rows are
 * written as differences, so a re-derivation that finds nothing new writes nothing.
 *
 * Synchronous on purpose, like the documents `Store` (server/store/store.ts): the hub extension
 * mirrors a tree inside the commit step, and permissions read these rows on every request; an
 * asynchronous backend would let a request see a tree that is committed but not yet mirrored.
 * The SQLite implementation is `SqliteHubStore`; `describeHubStore` (hub-store.contract.ts) is
 * the behaviour every implementation must show.
 */
export interface HubStore {
  /** Runs `fn` in one transaction (one sync to disk for several documents' derived rows); a throw rolls all of it back. */
  transaction<T>(fn: () => T): T
  doc(id: string): DocRow | null
  /** A project's pages (kind 'doc', archived ones too), in tree order. */
  docsOf(projectId: string): DocRow[]
  /** Creates a page row in `projectId`; an existing id is left as it is. */
  createDoc(id: string, projectId: string, title: string, now?: number): void
  /** Several pages' rows in one transaction (one sync to disk: an import's batch). */
  createDocs(docs: readonly { id: string; title: string }[], projectId: string, now?: number): void
  /**
   * Mirrors a project's tree into its document rows. A node for a document that does not exist
   * yet (a page created offline) creates it in this project; a node naming a document of another
   * project, or a tree, is ignored: a tree can only describe its own project's pages.
   * Returns the ids whose row changed.
   */
  mirrorTree(projectId: string, nodes: readonly TreeNodeData[], now?: number): string[]
  setTemplate(docId: string, isTemplate: boolean): void
  /** Live template documents of a workspace's projects, by title. */
  templatesOf(workspaceId: string): (DocRow & { projectName: string })[]
  /** Replaces the outgoing links of a document with `targets`, writing only the differences. */
  setLinks(fromDoc: string, targets: ReadonlySet<string>): { added: number; removed: number }
  /** Documents linking to `docId`, by title. */
  backlinks(docId: string): DocRow[]
  /** Replaces the blocks of one kind indexed for a document (the first document to claim an id keeps it). */
  setBlocks(docId: string, kind: BlockKind, blocks: ReadonlySet<string>): void
  /** The document holding a block, or null. */
  blockDoc(blockId: string, kind: BlockKind): string | null
  /** Blocks of one kind in a project's live documents. */
  blocksOfProject(projectId: string, kind: BlockKind): { blockId: string; docId: string }[]
  /**
   * Recent activity: consecutive edits by one person to one document within `burstMs` (default
   * 15 minutes) fold into one entry ("Ada edited Spec, 12 changes, 10:02–10:09").
   */
  activity(projectId: string, since: number, limit: number, burstMs?: number): ActivityRow[]
  /** Title search across the workspace's live pages, most recently updated first, 20 at most (the caller must be a member). */
  search(workspaceId: string, userId: string, query: string): (DocRow & { projectName: string })[]
}
