/**
 * A server-side change (registry.change) or a new document's content that would take a document
 * past `limits.maxDocumentBytes` or `limits.maxStructsPerDocument`. Nothing of it was stored;
 * routes answer 413 `document_too_large` (server/http/errors.ts).
 */
export class DocumentTooLarge extends Error {
  constructor(
    readonly docId: string,
    readonly limit: 'bytes' | 'structs',
  ) {
    super(limit === 'bytes' ? 'the change would take the document past its size limit' : 'the change would take the document past its structure limit')
  }
}
