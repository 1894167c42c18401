import type Database from 'better-sqlite3'
import { type FullTextHit, MARK_END, MARK_START, type SearchKind } from '#shared/api/search'
import type { DerivedRow } from './extract.ts'
import type { FtsPlan } from './query.ts'

/** How many of the newest matches are ranked before all are (see `search`). */
const CANDIDATES = 500

/** What narrows a search besides the words: always the readable projects, then the route's filters. */
export interface SearchFilter {
  projects: readonly string[]
  kind?: SearchKind | undefined
  pageType?: string | undefined
  author?: string | undefined
  since?: number | undefined
  status?: string | undefined
  assignee?: string | undefined
  stage?: string | undefined
}

interface Raw {
  id: number
  key: string
  unit: string
  kind: SearchKind
  block_id: string | null
  project_id: string
  title: string
  body: string
  page_types: string
  status: string | null
  assignee: string | null
  stage: string | null
}

const same = (a: Raw, b: DerivedRow, projectId: string): boolean =>
  a.kind === b.kind &&
  a.block_id === b.blockId &&
  a.project_id === projectId &&
  a.title === b.title &&
  a.body === b.body &&
  a.page_types === b.pageTypes &&
  a.status === b.status &&
  a.assignee === b.assignee &&
  a.stage === b.stage

/** Rows the index holds for comparisons (tests, the rebuild check): everything but ids and times. */
export type IndexedRow = Omit<Raw, 'id'> & { doc_id: string }

/**
 * The search index in SQLite (migration 020). Writes are differences: a unit's rows are compared
 * with what is stored and only changed rows are written (so the FTS indexes, kept by triggers,
 * see only those), and an unchanged row keeps its author and time.
 */
export class SqliteSearchStore {
  private readonly q
  constructor(private readonly db: Database.Database) {
    this.q = {
      ofUnit: db.prepare<[string, string], Raw>('SELECT * FROM search_rows WHERE doc_id = ? AND unit = ?'),
      ofDoc: db.prepare<[string], Raw>("SELECT * FROM search_rows WHERE doc_id = ? AND unit NOT LIKE 'comment:%'"),
      insert: db.prepare(
        `INSERT INTO search_rows (doc_id, unit, key, kind, block_id, project_id, title, body, page_types, author, status, assignee, stage, updated_at)
         VALUES (@docId, @unit, @key, @kind, @blockId, @projectId, @title, @body, @pageTypes, @author, @status, @assignee, @stage, @now)`,
      ),
      update: db.prepare(
        `UPDATE search_rows SET unit = @unit, kind = @kind, block_id = @blockId, project_id = @projectId, title = @title, body = @body,
         page_types = @pageTypes, author = COALESCE(@author, author), status = @status, assignee = @assignee, stage = @stage, updated_at = @now WHERE id = @id`,
      ),
      byKey: db.prepare<[string, string], Raw>('SELECT * FROM search_rows WHERE doc_id = ? AND key = ?'),
      remove: db.prepare<[number]>('DELETE FROM search_rows WHERE id = ?'),
      removeDoc: db.prepare<[string]>('DELETE FROM search_rows WHERE doc_id = ?'),
      count: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM search_rows'),
      dump: db.prepare<[string], IndexedRow>(
        `SELECT doc_id, key, unit, kind, block_id, project_id, title, body, page_types, status, assignee, stage FROM search_rows
         WHERE project_id = ? ORDER BY doc_id, key`,
      ),
      vocab: db.prepare<[string, string], { term: string }>('SELECT term FROM search_vocab WHERE term >= ? AND term < ? LIMIT 5000'),
    }
  }

  /** Replaces the rows of units (a changed block, or the page row) with `rows`, writing only differences. */
  replaceUnits(docId: string, projectId: string, units: ReadonlySet<string>, rows: readonly DerivedRow[], author: string | null, now: number): number {
    return this.db.transaction(() => {
      const stored = [...units].flatMap((u) => this.q.ofUnit.all(docId, u))
      return this.diff(docId, projectId, stored, rows, author, now)
    })()
  }

  /** Replaces every document-derived row of a document (load, rebuild); comment rows stay. */
  replaceDoc(docId: string, projectId: string, rows: readonly DerivedRow[], author: string | null, now: number): number {
    return this.db.transaction(() => this.diff(docId, projectId, this.q.ofDoc.all(docId), rows, author, now))()
  }

  private diff(docId: string, projectId: string, stored: Raw[], rows: readonly DerivedRow[], author: string | null, now: number): number {
    const byKey = new Map(stored.map((r) => [r.key, r]))
    let written = 0
    for (const row of rows) {
      const old = byKey.get(row.key) ?? this.q.byKey.get(docId, row.key)
      byKey.delete(row.key)
      const params = { ...row, docId, projectId, author, now }
      if (!old) this.q.insert.run(params)
      else if (!same(old, row, projectId)) this.q.update.run({ ...params, id: old.id })
      else continue
      written++
    }
    for (const old of byKey.values()) {
      this.q.remove.run(old.id)
      written++
    }
    return written
  }

  /** A comment's row: written on create and edit, removed on delete (comments live outside documents). */
  putComment(docId: string, projectId: string, row: DerivedRow | null, key: string, author: string, now: number): void {
    this.db.transaction(() => {
      const old = this.q.byKey.get(docId, key)
      if (!row) {
        if (old) this.q.remove.run(old.id)
        return
      }
      const params = { ...row, docId, projectId, author, now }
      if (!old) this.q.insert.run(params)
      else if (!same(old, row, projectId)) this.q.update.run({ ...params, id: old.id })
    })()
  }

  removeDoc(docId: string): void {
    this.q.removeDoc.run(docId)
  }

  get size(): number {
    return this.q.count.get()!.n
  }

  dump(projectId: string): IndexedRow[] {
    return this.q.dump.all(projectId)
  }

  private readonly statements = new Map<string, Database.Statement>()
  /** Queries vary only by which filters are set: a handful of shapes, each prepared once. */
  private cached(sql: string): Database.Statement {
    let st = this.statements.get(sql)
    if (!st) this.statements.set(sql, (st = this.db.prepare(sql)))
    return st
  }

  /** Indexed words from `from` (inclusive) to `to` (exclusive): the typo fallback's candidates. */
  vocabulary(from: string, to: string): string[] {
    return this.q.vocab.all(from, to).map((r) => r.term)
  }

  /**
   * Ranked hits: title matches weigh more than body ones. Only live pages (not in the trash) of
   * `filter.projects` are ever read; the page's title comes from `documents`, so a renamed page
   * shows its new title at once.
   */
  search(plan: FtsPlan, filter: SearchFilter, offset: number, limit: number): FullTextHit[] {
    // A common word matches a large part of the index, and ranking every match costs per row:
    // rank the most recent CANDIDATES matches first, and all of them only when that does not fill the page.
    if (filter.projects.length === 0 || (!plan.trigram && !plan.words)) return []
    const capped = this.searchIn(plan, filter, offset, limit, CANDIDATES)
    if (capped.length >= limit || !this.moreThan(plan, CANDIDATES)) return capped
    return this.searchIn(plan, filter, offset, limit, null)
  }

  /** Whether more than `n` rows match (the capped pass then saw only some of them). */
  private moreThan(plan: FtsPlan, n: number): boolean {
    const table = plan.trigram ? 'search_tri' : 'search_words'
    const row = this.cached(`SELECT count(*) AS n FROM (SELECT rowid FROM ${table} WHERE ${table} MATCH @match ORDER BY rowid DESC LIMIT @cap)`).get({
      match: plan.trigram ?? plan.words,
      cap: n + 1,
    }) as { n: number }
    return row.n > n
  }

  private searchIn(plan: FtsPlan, filter: SearchFilter, offset: number, limit: number, cap: number | null): FullTextHit[] {
    if (filter.projects.length === 0 || (!plan.trigram && !plan.words)) return []
    const table = plan.trigram ? 'search_tri' : 'search_words'
    const where: string[] = ['r.project_id IN (SELECT value FROM json_each(@projects))', 'd.archived_at IS NULL']
    const params: Record<string, unknown> = { match: plan.trigram ?? plan.words, projects: JSON.stringify(filter.projects), limit, offset, cap: cap ?? -1 }
    if (plan.trigram && plan.words) {
      where.push('r.id IN (SELECT rowid FROM search_words WHERE search_words MATCH @words)')
      params.words = plan.words
    }
    const eq = (col: string, name: string, value: string | undefined) => {
      if (value === undefined) return
      where.push(`r.${col} = @${name}`)
      params[name] = value
    }
    eq('kind', 'kind', filter.kind)
    eq('author', 'author', filter.author)
    eq('status', 'status', filter.status)
    eq('assignee', 'assignee', filter.assignee)
    eq('stage', 'stage', filter.stage)
    if (filter.since !== undefined) {
      where.push('r.updated_at >= @since')
      params.since = filter.since
    }
    if (filter.pageType !== undefined) {
      where.push(`EXISTS (SELECT 1 FROM search_rows p WHERE p.doc_id = r.doc_id AND p.key = 'page' AND (' ' || p.page_types || ' ') LIKE @pageType)`)
      params.pageType = `% ${filter.pageType} %`
    }
    // Ranked ids first, snippets after for those only: a snippet re-reads its row's text, and a
    // common word matches thousands of rows that the page never shows.
    const ranked = this.cached(
      `
      SELECT r.id, r.kind, r.doc_id, r.block_id, r.project_id, r.updated_at, d.title AS page_title
      FROM (SELECT rowid AS id, bm25(${table}, 4.0, 1.0) AS score FROM ${table} WHERE ${table} MATCH @match ORDER BY rowid DESC LIMIT @cap) c
      JOIN search_rows r ON r.id = c.id JOIN documents d ON d.id = r.doc_id AND d.project_id = r.project_id
      WHERE ${where.join(' AND ')}
      ORDER BY c.score, r.id
      LIMIT @limit OFFSET @offset`,
    ).all(params) as {
      id: number
      kind: SearchKind
      doc_id: string
      block_id: string | null
      project_id: string
      updated_at: number
      page_title: string
    }[]
    if (ranked.length === 0) return []
    const snippets = new Map(
      (
        this.cached(
          `SELECT rowid AS id, snippet(${table}, -1, '${MARK_START}', '${MARK_END}', '…', ${table === 'search_tri' ? 64 : 16}) AS snip FROM ${table}
          WHERE ${table} MATCH @match AND rowid IN (SELECT value FROM json_each(@ids))`,
        ).all({ match: params.match, ids: JSON.stringify(ranked.map((r) => r.id)) }) as {
          id: number
          snip: string
        }[]
      ).map((r) => [r.id, r.snip]),
    )
    // The page's title as its document says it now (the hub's copy may lag behind an edit).
    const titles = new Map(
      (
        this.cached(`SELECT doc_id, title FROM search_rows WHERE key = 'page' AND doc_id IN (SELECT value FROM json_each(@docs))`).all({
          docs: JSON.stringify([...new Set(ranked.map((r) => r.doc_id))]),
        }) as { doc_id: string; title: string }[]
      ).map((r) => [r.doc_id, r.title]),
    )
    return ranked.map((r) => ({
      kind: r.kind,
      docId: r.doc_id,
      blockId: r.block_id,
      title: titles.get(r.doc_id) || r.page_title,
      snippet: snippets.get(r.id) ?? '',
      projectId: r.project_id,
      updatedAt: r.updated_at,
    }))
  }
}
