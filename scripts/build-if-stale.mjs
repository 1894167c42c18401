// Builds the client (vite build) when dist/client is missing or older than any source file it
// depends on. Shared by `npm start` and `npm test`, so neither rebuilds needlessly.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')
const output = path.join(root, 'dist', 'client', 'index.html')
const inputs = ['client', 'shared', 'vite.config.ts', 'package.json', 'package-lock.json']

function newestMtime(p) {
  if (!fs.existsSync(p)) return 0
  const stat = fs.statSync(p)
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = 0
  for (const entry of fs.readdirSync(p)) {
    if (entry === 'node_modules' || entry.endsWith('.test.ts') || entry === 'test') continue
    newest = Math.max(newest, newestMtime(path.join(p, entry)))
  }
  return newest
}

export function buildIfStale() {
  const built = fs.existsSync(output) ? fs.statSync(output).mtimeMs : 0
  const sources = Math.max(...inputs.map((i) => newestMtime(path.join(root, i))))
  if (built >= sources) return
  console.log('Building the client (vite build)…')
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  })
  if (result.status !== 0) {
    console.error('Client build failed.')
    process.exit(result.status ?? 1)
  }
}

if (import.meta.url === `file://${process.argv[1]}`) buildIfStale()
