// keel search "<query>" [--project <id>] [--kind page|text|task|run|checklist|card|comment] [--limit n] [--json]
//
// Full-text search over the API (GET /api/search) with an API token (read scope is enough): the
// same hits as the app's search, only in projects the token's workspace lets you read. One line
// per hit: kind, page title, the snippet with the matched words in [brackets] (bold on a
// terminal), and the link that opens the page at the block.
const MARK_START = '\u0002'
const MARK_END = '\u0003'

export const SEARCH_USAGE = `keel search "<query>" [--project <projectId>] [--kind <kind>] [--limit <n>] [--json]`

export async function runSearch(argv, { base, token, fail }) {
  const params = new URLSearchParams()
  let json = false
  const words = []
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--json') json = true
    else if (a === '--project' || a === '--kind' || a === '--limit') {
      const v = argv[++i]
      if (v === undefined) fail(`${a} needs a value\nusage: ${SEARCH_USAGE}`)
      params.set(a === '--project' ? 'projectId' : a.slice(2), v)
    } else if (a.startsWith('--')) fail(`unknown flag ${a}\nusage: ${SEARCH_USAGE}`)
    else words.push(a)
  }
  const q = words.join(' ').trim()
  if (!q) fail(`a query is required\nusage: ${SEARCH_USAGE}`)
  params.set('q', q)
  const res = await fetch(`${base}/api/search?${params}`, { headers: { authorization: `Bearer ${token}` } })
  const body = await res.json().catch(() => ({}))
  if (!res.ok) fail(`search → ${res.status} ${body?.error?.message ?? ''}`.trim(), 1)
  if (json) {
    console.log(JSON.stringify(body, null, 2))
    return
  }
  if (body.hits.length === 0) {
    console.log('no results')
    return
  }
  const tty = process.stdout.isTTY
  const [on, off] = tty ? ['\u001b[1m', '\u001b[22m'] : ['[', ']']
  for (const h of body.hits) {
    const snippet = h.snippet.replaceAll(MARK_START, on).replaceAll(MARK_END, off)
    const hash = h.blockId ? (h.kind === 'task' ? `#task-${h.blockId}` : `#block-${h.blockId}`) : ''
    console.log(`${h.kind.padEnd(9)} ${h.title || 'Untitled'}${snippet && h.kind !== 'page' ? ` — ${snippet}` : ''}\n          ${base}/d/${h.docId}${hash}`)
  }
  if (body.next) console.log(`(more: --json and cursor=${body.next} for the next page)`)
}
