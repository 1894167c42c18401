// `npm run dev`: the server (restarted on change by tsx watch) and Vite with HMR, which proxies
// /api and /collab to the server. Open the URL Vite prints.
import { spawn } from 'node:child_process'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')
const serverPort = process.env.KEEL_SERVER_PORT ?? '3000'
const children = [
  spawn(process.execPath, ['--import', 'tsx', path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'watch', 'server/index.ts'], {
    cwd: root,
    stdio: 'inherit',
    // Vite's dev origin may open sync sockets and make signed-in writes through its proxy, and
    // is where links (the first-start sign-in link, invites) should lead.
    env: {
      ...process.env,
      PORT: serverPort,
      KEEL_ALLOWED_ORIGINS: process.env.KEEL_ALLOWED_ORIGINS ?? 'http://localhost:5173,http://127.0.0.1:5173',
      KEEL_PUBLIC_URL: process.env.KEEL_PUBLIC_URL ?? 'http://localhost:5173',
    },
  }),
  spawn(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js')], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, KEEL_SERVER_PORT: serverPort },
  }),
]
const stop = (signal) => children.forEach((c) => c.kill(signal))
process.on('SIGINT', () => stop('SIGINT'))
process.on('SIGTERM', () => stop('SIGTERM'))
for (const c of children)
  c.on('exit', (code) => {
    stop('SIGTERM')
    process.exitCode = code ?? 0
  })
