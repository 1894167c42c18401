// `keel versions|version|diff|name-version|restore …`: version history over the REST API
// (shared/api/history.ts), with KEEL_URL and KEEL_TOKEN like the run commands. A read token may
// list, show and diff; naming and restoring need a write token (an editor's).
export const HISTORY_COMMANDS = ['versions', 'version', 'diff', 'name-version', 'restore']
export const HISTORY_USAGE = `keel versions <docId>                      the document's versions, newest first (the open burst first)
keel version <docId> <versionId> [--markdown]  one version's content as JSON, or as Markdown
keel diff <docId> <fromId> [toId]          block diff of two versions (to omitted: the current state)
keel name-version <docId> <name>           name the current state ("Spec frozen for v2 training")
keel restore <docId> <versionId> [--block <index>]   restore a version (or one top-level block) as a new edit`

export async function runHistory(command, rest, { base, token, fail }) {
  const flags = new Set(rest.filter((a) => a === '--markdown'))
  const blockAt = rest.indexOf('--block')
  const block = blockAt >= 0 ? Number(rest[blockAt + 1]) : undefined
  const args = rest.filter((a, i) => a !== '--markdown' && (blockAt < 0 || (i !== blockAt && i !== blockAt + 1)))
  const need = { versions: [1, 1], version: [2, 2], diff: [2, 3], 'name-version': [2, 2], restore: [2, 2] }[command]
  if (args.length < need[0] || args.length > need[1] || (blockAt >= 0 && !Number.isInteger(block))) fail(`usage:\n${HISTORY_USAGE}`)
  const doc = `${base}/api/docs/${encodeURIComponent(args[0])}`
  const call = async (method, url, body) => {
    const res = await fetch(url, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await res.text()
    if (!res.ok) {
      let message = ''
      try {
        message = JSON.parse(text)?.error?.message ?? ''
      } catch {
        // not JSON (a proxy's error page): the status says enough
      }
      fail(`${method} ${url} → ${res.status} ${message}`.trim(), 1)
    }
    return text
  }
  const line = (v) =>
    `${v.open ? 'now ' : String(v.id).padStart(4)}  ${v.endedAt.slice(0, 16).replace('T', ' ')}  ${v.kind.padEnd(8)} ${v.name ? `"${v.name}" ` : ''}${v.summary}  (${v.authors.map((a) => a.name).join(', ')})`
  switch (command) {
    case 'versions': {
      const { versions } = JSON.parse(await call('GET', `${doc}/versions?limit=200`))
      for (const v of versions) console.log(line(v))
      return
    }
    case 'version':
      console.log(await call('GET', `${doc}/versions/${encodeURIComponent(args[1])}${flags.has('--markdown') ? '/markdown' : ''}`))
      return
    case 'diff': {
      const query = `from=${encodeURIComponent(args[1])}${args[2] ? `&to=${encodeURIComponent(args[2])}` : ''}`
      const { diff } = JSON.parse(await call('GET', `${doc}/diff?${query}`))
      console.log(
        JSON.stringify(
          { summary: diff.summary, counts: diff.counts, truncated: diff.truncated, entries: diff.entries.filter((e) => e.kind !== 'same') },
          null,
          2,
        ),
      )
      return
    }
    case 'name-version':
      console.log(line(JSON.parse(await call('POST', `${doc}/versions`, { name: args[1] }))))
      return
    case 'restore':
      console.log(line(JSON.parse(await call('POST', `${doc}/versions/${encodeURIComponent(args[1])}/restore`, block === undefined ? {} : { block })).version))
      return
  }
}
