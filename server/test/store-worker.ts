/**
 * Child process for the store's kill test: appends numbered updates to one document and compacts
 * every few appends, forever, printing each committed number. The parent SIGKILLs it at random.
 */
import * as Y from 'yjs'
import { openDatabase } from '../db/open.ts'
import { SqliteStore } from '../store/sqlite-store.ts'
import { docFromStored } from '../store/stored-doc.ts'

const [file, docId] = process.argv.slice(2) as [string, string]
const store = new SqliteStore(openDatabase(file, { synchronous: 'full' }))
const stored = store.load(docId)
const doc = docFromStored(stored)
if (!stored) store.ensure(docId, Date.now())
const list = doc.getArray<number>('n')
let next = list.length
for (;;) {
  let update: Uint8Array | null = null
  doc.once('update', (u: Uint8Array) => (update = u))
  list.push([next])
  const [seq] = store.append([{ docId, data: update!, userId: 'worker', at: Date.now() }])
  process.stdout.write(`${next}\n`)
  next++
  if (next % 7 === 0) store.compact(docId, Y.encodeStateAsUpdate(doc), seq!)
}
