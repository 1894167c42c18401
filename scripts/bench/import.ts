/**
 * Import throughput and what it costs bystanders: `npx tsx scripts/bench/import.ts [count] [markdown|jira|confluence]`
 * (default 5,000 Markdown pages; `jira`: a 5,000-issue CSV from test/fixtures/import/jira/generate.ts;
 * `confluence`: a generated space export of `count` pages with code macros and task lists). A real server in a child process with a real SQLite file; one bystander edits another
 * page over a WebSocket (one character every 20 ms, with Keel's acks) while idle, then while a zip
 * of `pages` Markdown files in 50 folders is imported through the REST routes. Prints pages/s per
 * pass and the bystander's ack latency (median, p99, max) idle and during the import.
 */
import { strToU8, zipSync } from 'fflate'
import { jiraCsv } from '../../test/fixtures/import/jira/generate.ts'
import * as Y from 'yjs'
import type { ImportJob } from '../../shared/api/imports.ts'
import { startChildServer } from '../../server/test/child-server.ts'
import { connectClient, tempDir } from '../../server/test/harness.ts'

const pages = Number(process.argv[2] ?? 5000)
const kind = (process.argv[3] ?? 'markdown') as 'markdown' | 'jira' | 'confluence'

/** A Confluence HTML space export of `n` pages (index.html's tree, one HTML file per page). */
function confluenceZip(n: number): Uint8Array {
  const files: Record<string, Uint8Array> = {}
  const links = Array.from({ length: n }, (_, i) => `<li><a href="Page-${i}_${1000 + i}.html">Page ${i}</a></li>`).join('')
  files['BENCH/index.html'] = strToU8(`<html><body><div id="main-content"><h2>Pages</h2><ul>${links}</ul></div></body></html>`)
  for (let i = 0; i < n; i++) {
    files[`BENCH/Page-${i}_${1000 + i}.html`] = strToU8(
      `<html><head><title>BENCH : Page ${i}</title></head><body><div id="main-header"><h1 id="title-heading"><span id="title-text">BENCH : Page ${i}</span></h1></div>` +
        `<div class="page-metadata">Created by <span class="author">Ada Lovelace</span>, last modified on Mar 12, 2024</div>` +
        `<div id="main-content" class="wiki-content"><h2>Context</h2><p>${'Lorem ipsum dolor sit amet. '.repeat(20)}</p>` +
        `<div class="code panel pdl"><div class="codeContent panelContent pdl"><pre class="syntaxhighlighter-pre" data-syntaxhighlighter-params="brush: py; gutter: false">print(${i})</pre></div></div>` +
        `<ul class="inline-task-list"><li data-inline-task-id="1">follow up ${i}</li><li class="checked" data-inline-task-id="2">logged</li></ul>` +
        `<p>See <a href="Page-${(i + 1) % n}_${1000 + ((i + 1) % n)}.html">the next page</a>.</p></div></body></html>`,
    )
  }
  return zipSync(files)
}
const data = tempDir()
// A child process, as in production (KEEL_SYNC=full): the bystander's client does not share its event loop.
const server = await startChildServer({ KEEL_DATA_DIR: data.dir, KEEL_IMPORT_RATE: '100000' })
const { fixture } = server
try {
  const h = { cookie: fixture.owner.cookie, origin: server.url }
  const base = `${server.url}/api/projects/${fixture.projectId}/imports`

  const bystander = connectClient(server.wsUrl, fixture.ensureDoc('bystander'), { acks: true })
  await bystander.synced()
  const text = new Y.XmlText()
  bystander.doc.getXmlFragment('default').insert(0, [text])

  /** Keystrokes typed during pass 2 (pass 1 is over once its pages are all made). */
  const inPass2: number[] = []
  let inSecondPass = false
  /** Types until `until()` is true; returns each keystroke's time to its ack (ms). */
  async function type(until: () => boolean): Promise<number[]> {
    const out: number[] = []
    while (!until()) {
      const t0 = performance.now()
      const pass2 = inSecondPass
      text.insert(text.length, 'x')
      while (!bystander.allAcked()) await new Promise((r) => setImmediate(r))
      out.push(performance.now() - t0)
      if (pass2) inPass2.push(out[out.length - 1]!)
      await new Promise((r) => setTimeout(r, 20))
    }
    return out
  }
  const stats = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b)
    const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!.toFixed(1)
    return `n=${s.length} median ${q(0.5)} ms, p99 ${q(0.99)} ms, max ${s[s.length - 1]!.toFixed(1)} ms`
  }

  const files: Record<string, Uint8Array> = {}
  for (let i = 0; kind === 'markdown' && i < pages; i++) {
    const body = `# Note ${i}\n\nOwner: **team ${i % 7}**. See [the index](../f0/n0.md).\n\n- [ ] follow up ${i}\n- [x] logged\n\n${'Lorem ipsum dolor sit amet. '.repeat(30)}\n`
    files[`bench/f${i % 50}/n${i}.md`] = Buffer.from(body)
  }
  const upload =
    kind === 'jira'
      ? { body: strToU8(jiraCsv(pages)), name: 'bench.csv', type: 'text/csv' }
      : { body: kind === 'confluence' ? confluenceZip(pages) : zipSync(files), name: 'bench.zip', type: 'application/zip' }
  const zip = upload.body

  const idleStart = performance.now()
  const idle = await type(() => performance.now() - idleStart > 5000)

  let t = performance.now()
  const job = (await (
    await fetch(`${base}?name=${upload.name}&adapter=${kind}`, { method: 'POST', headers: { ...h, 'content-type': upload.type }, body: zip })
  ).json()) as ImportJob
  console.log(
    `${kind}: ${pages} ${kind === 'jira' ? 'issues' : 'pages'}, ${(zip.length / 1024 / 1024).toFixed(1)} MiB upload; dry run ${(performance.now() - t).toFixed(0)} ms`,
  )
  t = performance.now()
  await fetch(`${base}/${job.id}/run`, { method: 'POST', headers: h })
  let state: ImportJob = job
  let pass1 = 0
  const poll = setInterval(() => {
    void (async () => {
      state = (await (await fetch(`${base}/${job.id}`, { headers: h })).json()) as ImportJob
      if (!pass1 && state.progress.pagesDone === state.progress.pagesTotal) {
        pass1 = performance.now() - t
        inSecondPass = true
      }
    })()
  }, 100)
  const during = await type(() => state.status !== 'running' && state.status !== 'planned')
  clearInterval(poll)
  const total = performance.now() - t
  console.log(
    `status ${state.status}: ${state.progress.pagesTotal} pages made in ${(pass1 / 1000).toFixed(1)} s (${(state.progress.pagesTotal / (pass1 / 1000)).toFixed(0)}/s),`,
  )
  console.log(
    `  ${state.progress.filesDone} files written in ${((total - pass1) / 1000).toFixed(1)} s (${(state.progress.filesDone / ((total - pass1) / 1000)).toFixed(0)}/s); ${(state.progress.filesDone / (total / 1000)).toFixed(0)} pages/s overall`,
  )
  if (kind === 'jira') console.log(`  ${pages} issues in ${(total / 1000).toFixed(1)} s: ${(pages / (total / 1000)).toFixed(0)} issues/s`)
  console.log(`bystander ack latency idle:   ${stats(idle)}`)
  console.log(`bystander ack latency import: ${stats(during)}`)
  // Per pass: a faster pass 1 leaves most keystrokes in pass 2, which the whole-import figure then mostly measures.
  const pass2Count = inPass2.length
  if (during.length > pass2Count) console.log(`  during pass 1 (making pages): ${stats(during.slice(0, during.length - pass2Count))}`)
  if (pass2Count > 0) console.log(`  during pass 2 (writing files): ${stats(inPass2)}`)
  bystander.destroy()
} finally {
  // Never leave the child server running, whatever failed.
  await server.stop()
  data.cleanup()
}
process.exit(0)
