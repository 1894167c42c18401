/**
 * 18: the full-text search index (server/search/, docs/ARCHITECTURE.md "Search"). `search_rows`
 * holds one row per indexed thing (a page's title, a block, a task, a run, a checklist, a model
 * card, a comment), derived from the documents and rebuilt from them; `unit` groups the rows one
 * block yields (an experiment log yields one per run) so a changed block replaces only its own.
 * Two FTS5 indexes read the same rows (external content, kept by triggers): a trigram one for
 * substrings and typos-as-substrings ("resn" finds "resnet50"), and a unicode61 one with prefix
 * indexes for words shorter than a trigram ("f1") and for the vocabulary typo fallback.
 */
export const searchMigration = `
  CREATE TABLE search_rows (
    id         INTEGER PRIMARY KEY,
    doc_id     TEXT NOT NULL,
    unit       TEXT NOT NULL,
    key        TEXT NOT NULL,
    kind       TEXT NOT NULL,
    block_id   TEXT,
    project_id TEXT NOT NULL,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,
    page_types TEXT NOT NULL DEFAULT '',
    author     TEXT,
    status     TEXT,
    assignee   TEXT,
    stage      TEXT,
    updated_at INTEGER NOT NULL,
    UNIQUE (doc_id, key)
  ) STRICT;
  CREATE INDEX search_rows_unit ON search_rows(doc_id, unit);
  CREATE INDEX search_rows_project ON search_rows(project_id);

  CREATE VIRTUAL TABLE search_tri USING fts5(title, body, content='search_rows', content_rowid='id', tokenize='trigram remove_diacritics 1');
  CREATE VIRTUAL TABLE search_words USING fts5(title, body, content='search_rows', content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='1 2');
  CREATE VIRTUAL TABLE search_vocab USING fts5vocab(search_words, 'row');

  CREATE TRIGGER search_rows_ai AFTER INSERT ON search_rows BEGIN
    INSERT INTO search_tri(rowid, title, body) VALUES (new.id, new.title, new.body);
    INSERT INTO search_words(rowid, title, body) VALUES (new.id, new.title, new.body);
  END;
  CREATE TRIGGER search_rows_ad AFTER DELETE ON search_rows BEGIN
    INSERT INTO search_tri(search_tri, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
    INSERT INTO search_words(search_words, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
  END;
  CREATE TRIGGER search_rows_au AFTER UPDATE OF title, body ON search_rows BEGIN
    INSERT INTO search_tri(search_tri, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
    INSERT INTO search_words(search_words, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
    INSERT INTO search_tri(rowid, title, body) VALUES (new.id, new.title, new.body);
    INSERT INTO search_words(rowid, title, body) VALUES (new.id, new.title, new.body);
  END;
`
