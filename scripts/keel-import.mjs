// `keel import markdown|confluence|notion|jira <file|folder|zip>` and `keel import undo <jobId>`: imports over the REST API
// (shared/api/imports.ts), with KEEL_URL, KEEL_TOKEN (write scope: an editor's) and KEEL_PROJECT
// like the other commands. A folder is zipped here (fflate), its name the archive's top folder.
import fs from 'node:fs'
import path from 'node:path'

export const IMPORT_USAGE = `keel import markdown <file.md|folder|archive.zip> [--project <id>] [--dry-run] [--report <file.json>]
                                          plan, run and report an import (--dry-run: the plan only)
keel import confluence <space-export.zip> | notion <export.zip>   the same, from a Confluence HTML or Notion export
keel import jira <export.csv> [--group-by epic|sprint] [--status "Jira name=todo|in_progress|in_review|done|cancelled"]...
                                          Jira's CSV (all fields): a page per epic or sprint, the status table edited
keel import undo <jobId> [--project <id>]  move every page that import made to the trash`

async function zipFolder(folder) {
  const { zipSync } = await import('fflate')
  const root = path.basename(path.resolve(folder))
  const entries = {}
  const walk = (dir) => {
    for (const name of fs.readdirSync(dir).sort()) {
      const full = path.join(dir, name)
      if (fs.statSync(full).isDirectory()) walk(full)
      else entries[`${root}/${path.relative(folder, full).split(path.sep).join('/')}`] = fs.readFileSync(full)
    }
  }
  walk(folder)
  return { name: `${root}.zip`, bytes: zipSync(entries), type: 'application/zip' }
}

async function readInput(target, fail) {
  if (!fs.existsSync(target)) fail(`${target}: no such file or folder`)
  if (fs.statSync(target).isDirectory()) return zipFolder(target)
  const name = path.basename(target)
  return { name, bytes: fs.readFileSync(target), type: /\.zip$/i.test(name) ? 'application/zip' : /\.csv$/i.test(name) ? 'text/csv' : 'text/markdown' }
}

function printPlan(plan) {
  for (const item of plan.items) {
    const what = item.action === 'create' ? `create "${item.title}" under "${item.parentTitle}"` : `${item.action} (${item.reason})`
    console.log(`  ${item.action.padEnd(6)} ${item.path}  → ${what}`)
    for (const w of item.warnings) console.log(`         warning: ${w}`)
    for (const d of item.dropped) console.log(`         dropped: ${d.item}: ${d.reason}`)
  }
  // Dropped attachments are among the skipped files, with their reason.
  for (const a of plan.attachments ?? []) if (a.action !== 'drop') console.log(`  ${a.action === 'store' ? 'attach' : 'reuse '} ${a.path}  (${a.bytes} bytes)`)
  for (const s of plan.skipped) console.log(`  skip   ${s.path}  (${s.reason})`)
  const t = plan.totals
  console.log(
    `plan: ${t.create} to create, ${t.update} to update, ${t.skip} unchanged; ${t.files} files, ${t.attachments ?? 0} attachments to store, ${t.bytes} bytes`,
  )
}

export async function runImport(rest, { base, token, project, fail }) {
  const [sub, target, ...flagArgs] = rest
  const flags = { dryRun: flagArgs.includes('--dry-run') }
  const settings = { groupBy: 'epic', statusMap: {} }
  for (let i = 0; i < flagArgs.length; i++) {
    if (flagArgs[i] === '--project') project = flagArgs[++i]
    else if (flagArgs[i] === '--report') flags.report = flagArgs[++i]
    else if (flagArgs[i] === '--group-by') settings.groupBy = flagArgs[++i]
    else if (flagArgs[i] === '--status') {
      const [name, status] = (flagArgs[++i] ?? '').split('=')
      if (!name || !status) fail(`--status takes "Jira name=keel status"\n${IMPORT_USAGE}`)
      settings.statusMap[name.trim()] = status.trim()
    } else if (flagArgs[i] !== '--dry-run') fail(`unknown flag ${flagArgs[i]}\n${IMPORT_USAGE}`)
  }
  if (!['markdown', 'confluence', 'notion', 'jira', 'undo'].includes(sub) || !target) fail(`usage:\n${IMPORT_USAGE}`)
  if (!project) fail('set KEEL_PROJECT or pass --project')
  const api = `${base}/api/projects/${encodeURIComponent(project)}/imports`
  const call = async (method, url, body, type) => {
    const res = await fetch(url, { method, headers: { authorization: `Bearer ${token}`, ...(type ? { 'content-type': type } : {}) }, body })
    const json = await res.json().catch(() => ({}))
    if (!res.ok && res.status !== 422) fail(`${method} ${url.replace(base, '')} → ${res.status} ${json?.error?.message ?? ''}`.trim(), 1)
    return json
  }
  if (sub === 'undo') {
    const report = await call('POST', `${api}/${encodeURIComponent(target)}/undo`)
    console.log(`undone: ${report.undone.pages} page(s) moved to the trash`)
    return
  }
  const input = await readInput(target, fail)
  const query = `name=${encodeURIComponent(input.name)}&dryRun=true&adapter=${sub}${sub === 'jira' ? `&settings=${encodeURIComponent(JSON.stringify(settings))}` : ''}`
  const job = await call('POST', `${api}?${query}`, input.bytes, input.type)
  if (job.status === 'refused') fail(`refused: ${job.error}`, 1)
  console.log(`import ${job.id} of ${input.name} (${input.bytes.length} bytes)`)
  printPlan(job.plan)
  for (const s of job.plan.statuses ?? []) console.log(`  status "${s.name}" (${s.count}) → ${s.mapsTo ?? 'todo (not in the table: --status to choose)'}`)
  if (flags.dryRun) return console.log(`dry run: nothing was written`)
  let state = await call('POST', `${api}/${job.id}/run`)
  const started = Date.now()
  while (state.status === 'running' || state.status === 'queued') {
    await new Promise((r) => setTimeout(r, 500))
    state = await call('GET', `${api}/${job.id}`)
    const p = state.progress
    // Pages made, then files written (weighted by bytes): as the wizard's bar (client/features/import/eta.ts).
    const steps = p.pagesTotal + p.filesTotal
    const done = steps === 0 ? 1 : (p.pagesDone + (p.bytesTotal > 0 ? (p.bytesDone / p.bytesTotal) * p.filesTotal : p.filesDone)) / steps
    const eta = done > 0 && done < 1 ? ` ETA ${Math.ceil(((Date.now() - started) / done - (Date.now() - started)) / 1000)} s` : ''
    process.stderr.write(`\r  ${p.pagesDone}/${p.pagesTotal} pages made, ${p.filesDone}/${p.filesTotal} files written, ${Math.floor(done * 100)}%${eta}   `)
  }
  process.stderr.write('\n')
  const report = await call('GET', `${api}/${job.id}/report`)
  if (flags.report) fs.writeFileSync(flags.report, JSON.stringify(report, null, 2))
  console.log(
    `${report.status}: ${report.created.length} created, ${report.updated.length} updated, ${report.skipped.length} skipped, ${report.warnings.length} warnings`,
  )
  for (const s of report.skipped) console.log(`  skipped ${s.path}: ${s.reason}`)
  for (const a of report.attachments ?? []) if (a.status !== 'dropped') console.log(`  ${a.status} ${a.path} as ${a.attachmentId}`)
  if (report.error) fail(report.error, 1)
  console.log(`undo with: keel import undo ${job.id} --project ${project}`)
}
