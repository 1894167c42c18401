import type Database from 'better-sqlite3'
import type { DoneOverride } from '#shared/blocks/task'
import type { ShipDecision } from '#shared/ml/checklist'
import type { ApprovalStore, SignOff } from './approval-store.ts'

type Kind = 'signoff' | 'decision' | 'override'
interface Raw {
  item_id: string
  user_id: string
  at: string
  data: string
}

/** Approvals in SQLite: the `approvals` table (migration 8), one row per record, its details as JSON. */
export class SqliteApprovalStore implements ApprovalStore {
  private readonly q

  constructor(db: Database.Database) {
    this.q = {
      one: db.prepare<[Kind, string, string, string], Raw>(
        'SELECT item_id, user_id, at, data FROM approvals WHERE kind = ? AND doc_id = ? AND block_id = ? AND item_id = ?',
      ),
      ofBlock: db.prepare<[Kind, string, string], Raw>('SELECT item_id, user_id, at, data FROM approvals WHERE kind = ? AND doc_id = ? AND block_id = ?'),
      put: db.prepare<[Kind, string, string, string, string, string, string]>(
        `INSERT INTO approvals (kind, doc_id, block_id, item_id, user_id, at, data) VALUES (?, ?, ?, ?, ?, ?, ?)
          ON CONFLICT(kind, doc_id, block_id, item_id) DO UPDATE SET user_id = excluded.user_id, at = excluded.at, data = excluded.data`,
      ),
      remove: db.prepare<[Kind, string, string, string]>('DELETE FROM approvals WHERE kind = ? AND doc_id = ? AND block_id = ? AND item_id = ?'),
    }
  }

  signOffs(docId: string, blockId: string): Map<string, SignOff> {
    const out = new Map<string, SignOff>()
    for (const r of this.q.ofBlock.all('signoff', docId, blockId)) {
      const data = JSON.parse(r.data) as Pick<SignOff, 'text' | 'importedFrom'>
      out.set(r.item_id, { by: r.user_id, at: r.at, text: data.text, ...(data.importedFrom ? { importedFrom: data.importedFrom } : {}) })
    }
    return out
  }

  putSignOff(docId: string, blockId: string, itemId: string, s: SignOff): void {
    this.q.put.run('signoff', docId, blockId, itemId, s.by, s.at, JSON.stringify({ text: s.text }))
  }

  removeSignOff(docId: string, blockId: string, itemId: string): void {
    this.q.remove.run('signoff', docId, blockId, itemId)
  }

  decision(docId: string, blockId: string): ShipDecision | null {
    const r = this.q.one.get('decision', docId, blockId, '')
    return r ? (JSON.parse(r.data) as ShipDecision) : null
  }

  putDecision(docId: string, blockId: string, d: ShipDecision): void {
    this.q.put.run('decision', docId, blockId, '', d.by, d.at, JSON.stringify(d))
  }

  override(docId: string, taskId: string): DoneOverride | null {
    const r = this.q.one.get('override', docId, taskId, '')
    return r ? { by: r.user_id, at: r.at, reason: (JSON.parse(r.data) as { reason: string }).reason } : null
  }

  putOverride(docId: string, taskId: string, o: DoneOverride): void {
    this.q.put.run('override', docId, taskId, '', o.by, o.at, JSON.stringify({ reason: o.reason }))
  }

  removeOverride(docId: string, taskId: string): void {
    this.q.remove.run('override', docId, taskId, '')
  }
}
