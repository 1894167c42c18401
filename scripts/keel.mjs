#!/usr/bin/env node
// Keel command line, for training scripts and CI. Dependency-free (Node 18+ fetch).
//
//   keel log-run --block <blockId> [--run <id>] [--name <name>] [--param k=v ...] [--metric k=v ...]
//                [--step <n>] [--dataset name[@version]] [--tag t ...] [--status running|finished|failed|killed]
//                [--commit <sha>] [--tracker <url>] [--notes <text>] [--project <projectId>]
//   keel archive-run <blockId> <runId>     hide a run from the block's table, chart and gates
//   keel unarchive-run <blockId> <runId>   show it again
//   keel delete-run <blockId> <runId>      delete it and every metric point (idempotent)
//   keel versions <docId> | version <docId> <vid> [--markdown] | diff <docId> <from> [to]
//   keel name-version <docId> <name> | restore <docId> <vid> [--block <i>]   (scripts/keel-history.mjs)
//   keel export <projectId> | --page <docId> [--subtree]  --format json|md|html --out <file>
//   keel import-json <file> --project <projectId>     (scripts/keel-export.mjs)
//   keel import markdown <file|folder|zip> [--project <id>] [--dry-run] | import undo <jobId>   (scripts/keel-import.mjs)
//   keel search "<query>" [--project <id>] [--kind k] [--json]   (scripts/keel-search.mjs)
//   keel sign-in-link <email>    (admin, on the server's machine: reads KEEL_DATA_DIR)
//   keel outbox                  (admin: messages waiting to be passed on, e.g. password reset links)
//   keel backup now | list | verify [<backup>]   (admin: back up KEEL_DATA_DIR into KEEL_BACKUP_DIR, list, re-check)
//   keel restore <backup> [--data-dir <dir>]   (admin: verified restore into a stopped server's data folder)
//   keel restore <backup> --at "YYYY-MM-DD HH:MM" | --from-data-dir <dir> --at <time>   (admin: documents rewound to that minute)
//
// Environment: KEEL_URL (default http://localhost:3000), KEEL_TOKEN (an API token with write
// scope, required), KEEL_PROJECT (the project id, or --project).
import { spawnSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import path from 'node:path'
import { EXPORT_COMMANDS, EXPORT_USAGE, runExport } from './keel-export.mjs'
import { HISTORY_COMMANDS, HISTORY_USAGE, runHistory } from './keel-history.mjs'
import { IMPORT_USAGE, runImport } from './keel-import.mjs'
import { runSearch, SEARCH_USAGE } from './keel-search.mjs'

const STATUSES = ['running', 'finished', 'failed', 'killed']
const USAGE = `usage: keel log-run --block <blockId> [--run <id>] [--name <name>] [--param k=v]... [--metric k=v]...
                    [--step <n>] [--dataset name[@version]] [--tag t]... [--status ${STATUSES.join('|')}]
                    [--commit sha] [--tracker url] [--notes text] [--project <projectId>]
       keel archive-run | unarchive-run | delete-run <blockId> <runId> [--project <projectId>]
A run logged without --status is "running" until a later push says --status finished (or failed).
env: KEEL_URL (default http://localhost:3000), KEEL_TOKEN (required), KEEL_PROJECT`
const RUN_COMMANDS = ['archive-run', 'unarchive-run', 'delete-run']
const ADMIN_USAGE = `keel sign-in-link <email>   a fresh one-time sign-in link, from the local data folder (KEEL_DATA_DIR)
keel outbox                 messages waiting in the outbox (password reset links while no SMTP is configured)
keel backup now | list      take a verified backup now (the server may run), or list the backups
keel backup verify [<id>]   check stored backups' checksums and integrity, all or one
keel restore <backup> [--data-dir <dir>]   restore a backup (id or folder), verified, into a stopped server's data folder
keel restore <backup> --at "2026-12-06 14:05" [--data-dir <dir>]   ...with every page rewound to that minute (local time, or ...Z)
keel restore --from-data-dir <stopped dir> --at <time> [--data-dir <dir>]   the same from a stopped server's newest state
                            (with two arguments, keel restore <docId> <vid> restores a page version over the API)`

function fail(message, code = 2) {
  console.error(`keel: ${message}`)
  process.exit(code)
}

function parse(argv) {
  const [command, ...rest] = argv
  if (RUN_COMMANDS.includes(command)) return parseRunCommand(command, rest)
  if (command !== 'log-run')
    fail(`unknown command ${command ?? '(none)'}\n${USAGE}\n${HISTORY_USAGE}\n${EXPORT_USAGE}\n${IMPORT_USAGE}\n${SEARCH_USAGE}\n${ADMIN_USAGE}`)
  const args = { params: {}, metrics: {}, tags: [] }
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i]
    const value = rest[i + 1]
    if (!flag.startsWith('--') || value === undefined) fail(`expected --flag value at ${flag}\n${USAGE}`)
    i++
    const kv = () => {
      const at = value.indexOf('=')
      if (at < 1) fail(`${flag} takes key=value, got ${value}`)
      return [value.slice(0, at), value.slice(at + 1)]
    }
    switch (flag) {
      case '--param': {
        const [k, v] = kv()
        args.params[k] = v === 'true' ? true : v === 'false' ? false : v !== '' && Number.isFinite(Number(v)) ? Number(v) : v
        break
      }
      case '--metric': {
        const [k, v] = kv()
        if (!Number.isFinite(Number(v))) fail(`--metric ${k}: ${v} is not a number`)
        args.metrics[k] = Number(v)
        break
      }
      case '--tag':
        args.tags.push(value)
        break
      case '--block':
        args.block = value
        break
      case '--run':
        args.run = value
        break
      case '--name':
        args.name = value
        break
      case '--step':
        args.step = Number(value)
        break
      case '--dataset':
        args.dataset = value
        break
      case '--status':
        args.status = value
        break
      case '--commit':
        args.commit = value
        break
      case '--tracker':
        args.trackerUrl = value
        break
      case '--notes':
        args.notes = value
        break
      case '--project':
        args.project = value
        break
      default:
        fail(`unknown flag ${flag}\n${USAGE}`)
    }
  }
  if (!args.block) fail(`--block is required\n${USAGE}`)
  if (args.step !== undefined && !(Number.isInteger(args.step) && args.step >= 0)) fail('--step must be a whole number ≥ 0')
  if (args.status !== undefined && !STATUSES.includes(args.status)) fail(`--status must be one of ${STATUSES.join(', ')}, got ${args.status}`)
  return args
}

/** `keel delete-run <blockId> <runId> [--project p]` and its archive/unarchive siblings. */
function parseRunCommand(command, rest) {
  const positional = []
  let project
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '--project' && rest[i + 1] !== undefined) project = rest[++i]
    else if (rest[i].startsWith('--')) fail(`unknown flag ${rest[i]}\n${USAGE}`)
    else positional.push(rest[i])
  }
  if (positional.length !== 2) fail(`usage: keel ${command} <blockId> <runId> [--project <projectId>]`)
  return { command, block: positional[0], run: positional[1], project }
}

/** Admin commands work on the local data folder (KEEL_DATA_DIR), not over HTTP: run them with tsx. */
function runAdmin(command, rest) {
  const admin = {
    'sign-in-link': { script: 'sign-in-link.ts', args: [1, 1] },
    outbox: { script: 'outbox.ts', args: [0, 0] },
    backup: { script: 'backup.ts', args: [1, 2] },
    restore: { script: 'restore.ts', args: [1, 7] },
  }[command]
  if (!admin) return false
  // `keel restore <doc> <vid>` is version history's (two positionals, over HTTP); a backup restore has one.
  // With --at or --from-data-dir it is always a backup restore (to a point in time).
  const pointInTime = rest.includes('--at') || rest.includes('--from-data-dir')
  if (command === 'restore' && !pointInTime && rest.filter((a, i) => !a.startsWith('--') && !rest[i - 1]?.startsWith('--')).length !== 1) return false
  const { script } = admin
  if (rest.length < admin.args[0] || rest.length > admin.args[1]) fail(`usage: ${ADMIN_USAGE}`)
  const root = path.resolve(import.meta.dirname, '..')
  const child = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'server', 'cli', script), ...rest], { stdio: 'inherit', cwd: process.cwd() })
  process.exit(child.status ?? 1)
}

async function main() {
  runAdmin(process.argv[2], process.argv.slice(3))
  if (HISTORY_COMMANDS.includes(process.argv[2])) {
    const token = process.env.KEEL_TOKEN
    if (!token) fail('set KEEL_TOKEN to an API token (write scope to name or restore)')
    const base = (process.env.KEEL_URL ?? 'http://localhost:3000').replace(/\/$/, '')
    return runHistory(process.argv[2], process.argv.slice(3), { base, token, fail })
  }
  if (EXPORT_COMMANDS.includes(process.argv[2])) {
    const token = process.env.KEEL_TOKEN
    if (!token) fail('set KEEL_TOKEN to an API token (write scope to import)')
    const base = (process.env.KEEL_URL ?? 'http://localhost:3000').replace(/\/$/, '')
    return runExport(process.argv[2], process.argv.slice(3), { base, token, fail })
  }
  if (process.argv[2] === 'search') {
    const token = process.env.KEEL_TOKEN
    if (!token) fail('set KEEL_TOKEN to an API token (read scope is enough to search)')
    const base = (process.env.KEEL_URL ?? 'http://localhost:3000').replace(/\/$/, '')
    return runSearch(process.argv.slice(3), { base, token, fail })
  }
  if (process.argv[2] === 'import') {
    const token = process.env.KEEL_TOKEN
    if (!token) fail('set KEEL_TOKEN to an API token with write scope (an editor of the project)')
    const base = (process.env.KEEL_URL ?? 'http://localhost:3000').replace(/\/$/, '')
    return runImport(process.argv.slice(3), { base, token, project: process.env.KEEL_PROJECT, fail })
  }
  const args = parse(process.argv.slice(2))
  const base = (process.env.KEEL_URL ?? 'http://localhost:3000').replace(/\/$/, '')
  const token = process.env.KEEL_TOKEN
  const project = args.project ?? process.env.KEEL_PROJECT
  if (!token) fail('set KEEL_TOKEN to an API token with write scope')
  if (!project) fail('set KEEL_PROJECT or pass --project')
  const runId = args.run ?? randomUUID()
  const url = `${base}/api/projects/${encodeURIComponent(project)}/experiments/${encodeURIComponent(args.block)}/runs`
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
  const request = async (method, target, body) => {
    const res = await fetch(target, {
      method,
      headers: body === undefined ? { authorization: headers.authorization } : headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const json = await res.json().catch(() => ({}))
    if (!res.ok) fail(`${method} ${target} → ${res.status} ${json?.error?.message ?? ''}`.trim(), 1)
    return json
  }
  if (args.command) {
    const target = `${url}/${encodeURIComponent(runId)}`
    if (args.command === 'delete-run') {
      const { deleted } = await request('DELETE', target)
      console.log(deleted ? `deleted ${runId}` : `${runId}: no such run in block ${args.block} (nothing to delete)`)
    } else {
      const archived = args.command === 'archive-run'
      await request('PATCH', target, { archived })
      console.log(`${archived ? 'archived' : 'unarchived'} ${runId}`)
    }
    return
  }
  const [dsName, dsVersion] = (args.dataset ?? '').split('@')
  const fields = {
    ...(args.name ? { name: args.name } : {}),
    ...(Object.keys(args.params).length ? { params: args.params } : {}),
    ...(args.dataset ? { dataset: { name: dsName, ...(dsVersion ? { version: dsVersion } : {}) } } : {}),
    ...(args.tags.length ? { tags: args.tags } : {}),
    ...(args.status ? { status: args.status } : {}),
    ...(args.commit ? { commit: args.commit } : {}),
    ...(args.trackerUrl ? { trackerUrl: args.trackerUrl } : {}),
    ...(args.notes ? { notes: args.notes } : {}),
  }
  const send = request
  if (args.step === undefined) {
    // Final values: one POST creates or updates the run (idempotent by run id).
    await send('POST', url, { runId, ...fields, ...(Object.keys(args.metrics).length ? { metrics: args.metrics } : {}) })
  } else {
    // A training step: make sure the run exists, then append the points.
    await send('POST', url, { runId, ...fields })
    const metrics = Object.fromEntries(Object.entries(args.metrics).map(([k, v]) => [k, [{ step: args.step, value: v }]]))
    await send('PATCH', `${url}/${encodeURIComponent(runId)}`, { metrics })
  }
  if (!Object.keys(args.metrics).length && !args.status) {
    console.error(`keel: ${runId} has no metric yet: it shows "No metrics" until a push with --metric, or --status finished|failed`)
  }
  console.log(runId)
}

main().catch((err) => fail(err instanceof Error ? err.message : String(err), 1))
