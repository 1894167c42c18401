/**
 * Cold reads of one large document, while a bystander pings /api/health: how long the bystander
 * waits at most. `npx tsx scripts/bench/cold-reads.ts [structs=400000] [readers=3]`. The document
 * is written straight into the store (many one-character inserts: the shape that costs most per
 * byte), then never loaded, and `readers` GET /api/docs/:id/content are sent at once.
 */
import * as Y from 'yjs'
import { startServer } from '../../server/test/harness.ts'

const structs = Number(process.argv[2] ?? 400_000)
const readers = Number(process.argv[3] ?? 3)

const server = await startServer({ logLevel: 'silent', unloadDelayMs: 60_000 })
const docId = server.fixture.ensureDoc('cold-big')
const src = new Y.Doc()
const text = src.getXmlFragment('default')
const p = new Y.XmlElement('paragraph')
text.insert(0, [p])
const t = new Y.XmlText()
p.insert(0, [t])
let seed = 7
const rnd = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647
for (let k = 0; k < structs / 20_000; k++)
  src.transact(() => {
    for (let i = 0; i < 20_000; i++) t.insert(Math.floor(rnd() * (t.length + 1)), 'a')
  })
const snapshot = Y.encodeStateAsUpdate(src)
server.app.store.append([{ docId, data: snapshot, userId: 'bench', at: Date.now() }])
const cookie = server.fixture.owner.cookie
const loadsBefore = server.app.registry.stats.loads

let pinging = true
let maxWait = 0
// The longest gap between two answers, less the 5 ms pause: a stalled event loop delays both the
// answer and the next request (server and bystander share this process, as they share one loop).
const pings = (async () => {
  let last = performance.now()
  while (pinging) {
    await new Promise((r) => setTimeout(r, 5))
    await fetch(`${server.url}/api/health`)
    const now = performance.now()
    maxWait = Math.max(maxWait, now - last - 5)
    last = now
  }
})()
await new Promise((r) => setTimeout(r, 100))
const readAll = (): Promise<number[]> =>
  Promise.all(
    Array.from({ length: readers }, async () => (await (await fetch(`${server.url}/api/docs/${docId}/content`, { headers: { cookie } })).text()).length),
  )
let started = performance.now()
const sizes = await readAll()
const readsMs = performance.now() - started
pinging = false
await pings
// The same reads again, the document unchanged (loaded now, or rendered and cached).
started = performance.now()
await readAll()
const warmMs = performance.now() - started
console.log(
  JSON.stringify({
    structs,
    storedBytes: snapshot.byteLength,
    readers,
    responseChars: sizes[0],
    allReadsMs: Math.round(readsMs),
    warmReadsMs: Math.round(warmMs),
    bystanderMaxMs: Math.round(maxWait),
    loads: server.app.registry.stats.loads - loadsBefore,
    rssMiB: Math.round(process.memoryUsage().rss / 1048576),
  }),
)
await server.close()
process.exit(0)
