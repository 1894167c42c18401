// `keel export …` and `keel import-json …`: export and import over the REST API (server/export/,
// docs/EXPORT.md), with KEEL_URL and KEEL_TOKEN like the run commands. A read token may export;
// importing needs a write token (an editor's) and a target project: an API token cannot create
// projects (that is the workspace owners', in the web app).
import fs from 'node:fs'

export const EXPORT_COMMANDS = ['export', 'import-json']
export const EXPORT_USAGE = `keel export <projectId> --format json|md|html --out <file>   a whole project (.zip; json: lossless, imports back)
keel export --page <docId> [--subtree] --format json|md|html --out <file>   one page, or a page and its subpages
keel import-json <file> --project <projectId>   the pages of a Keel JSON export (.keel.zip or .keel.json) into a project (again: nothing duplicated)`

export async function runExport(command, rest, { base, token, fail }) {
  const opts = { positional: [] }
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]
    if (a === '--subtree') opts.subtree = true
    else if (['--format', '--out', '--page', '--project'].includes(a) && rest[i + 1] !== undefined) opts[a.slice(2)] = rest[++i]
    else if (a.startsWith('--')) fail(`unknown flag ${a}\n${EXPORT_USAGE}`)
    else opts.positional.push(a)
  }
  const headers = { authorization: `Bearer ${token}` }
  const failed = async (method, url, res) => {
    const text = await res.text()
    let message = ''
    try {
      message = JSON.parse(text)?.error?.message ?? ''
    } catch {
      // not JSON (a proxy's error page): the status says enough
    }
    fail(`${method} ${url} → ${res.status} ${message}`.trim(), 1)
  }
  if (command === 'export') {
    const format = opts.format ?? 'json'
    if (!['json', 'md', 'html'].includes(format)) fail(`--format must be json, md or html\n${EXPORT_USAGE}`)
    if (!opts.out || (opts.page ? opts.positional.length !== 0 : opts.positional.length !== 1)) fail(`usage:\n${EXPORT_USAGE}`)
    const url = opts.page
      ? `${base}/api/docs/${encodeURIComponent(opts.page)}/export?format=${format}${opts.subtree ? '&subtree=1' : ''}`
      : `${base}/api/projects/${encodeURIComponent(opts.positional[0])}/export?format=${format}`
    const res = await fetch(url, { headers })
    if (!res.ok) return failed('GET', url, res)
    const body = Buffer.from(await res.arrayBuffer())
    fs.writeFileSync(opts.out, body)
    console.log(`${opts.out}: ${body.length} bytes (${res.headers.get('content-type')})`)
    return
  }
  const project = opts.project ?? process.env.KEEL_PROJECT
  if (opts.positional.length !== 1 || !project) fail(`usage:\n${EXPORT_USAGE}`)
  const url = `${base}/api/projects/${encodeURIComponent(project)}/import/keel-json`
  const body = fs.readFileSync(opts.positional[0])
  // A .keel.zip (the export of several pages) or the manifest itself: told by the zip's signature.
  const type = body.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1')) ? 'application/zip' : 'application/json'
  const res = await fetch(url, { method: 'POST', headers: { ...headers, 'content-type': type }, body })
  if (!res.ok) return failed('POST', url, res)
  const result = await res.json()
  console.log(`imported into ${result.projectId}: ${result.created} created, ${result.skipped} already there`)
}
