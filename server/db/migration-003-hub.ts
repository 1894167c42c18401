/**
 * 3: the project hub. Each project has a tree document (a Y.Doc, kind 'tree') whose nodes the
 * server mirrors into `documents` (title, parent, position, archived) for listing, permissions
 * and search. Documents may be templates. Links between documents are derived rows.
 */
export const hubMigration = `
  ALTER TABLE documents ADD COLUMN kind TEXT NOT NULL DEFAULT 'doc' CHECK (kind IN ('doc', 'tree'));
  ALTER TABLE documents ADD COLUMN parent_id TEXT;
  ALTER TABLE documents ADD COLUMN position TEXT NOT NULL DEFAULT '';
  ALTER TABLE documents ADD COLUMN archived_at INTEGER;
  ALTER TABLE documents ADD COLUMN is_template INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE projects ADD COLUMN description TEXT NOT NULL DEFAULT '';
  ALTER TABLE projects ADD COLUMN tree_doc_id TEXT;

  -- Derived from documents (re-derived on change, written as differences): which page links where.
  CREATE TABLE doc_links (
    from_doc TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    to_doc   TEXT NOT NULL,
    PRIMARY KEY (from_doc, to_doc)
  ) STRICT;
  CREATE INDEX doc_links_to ON doc_links(to_doc);
`
