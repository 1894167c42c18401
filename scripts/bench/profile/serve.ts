/**
 * A Keel server in a child process for the profile drivers (rooms-ws.ts): the real app from
 * KEEL_ROOT (default this checkout), synchronous=FULL unless SYNC=normal, the documents named in
 * DOCS (comma-separated) attached to the fixture's project, listening on 127.0.0.1. The driver
 * talks to it over IPC: `{ cmd: 'cpu' }` answers the process's CPU time and commit stats (so the
 * load generator's CPU never counts), `{ cmd: 'prof-start' }` / `{ cmd: 'prof-stop', file }`
 * record a V8 CPU profile of just the measured window (node --cpu-prof would include start-up,
 * a thousand handshakes and shutdown).
 */
import fs from 'node:fs'
import inspector from 'node:inspector'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

const root = process.env.KEEL_ROOT ?? path.resolve(import.meta.dirname, '../../..')
const imp = async <T>(p: string): Promise<T> => (await import(pathToFileURL(path.join(root, p)).href)) as T
const { buildApp } = await imp<typeof import('../../../server/app.ts')>('server/app.ts')
const { testConfig } = await imp<typeof import('../../../server/config.ts')>('server/config.ts')
const { openDatabase } = await imp<typeof import('../../../server/db/open.ts')>('server/db/open.ts')
const { Fixture } = await imp<typeof import('../../../server/test/fixtures.ts')>('server/test/fixtures.ts')

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keel-serve-'))
const config = testConfig({ databaseFile: path.join(dir, 'keel.db'), sync: process.env.SYNC === 'normal' ? 'normal' : 'full' })
const fx = new Fixture(openDatabase(config.databaseFile, { synchronous: 'normal' }))
for (const id of (process.env.DOCS ?? '').split(',').filter(Boolean)) fx.ensureDoc(id)
const cookie = fx.owner.cookie
fx.close()
const app = await buildApp(config)
await app.listen({ port: 0, host: '127.0.0.1' })
const port = (app.server.address() as import('node:net').AddressInfo).port

const session = new inspector.Session()
session.connect()
const post = (method: string, params?: object): Promise<unknown> =>
  new Promise((resolve, reject) => session.post(method, params, (err, result) => (err ? reject(err) : resolve(result))))

process.on('message', (msg: { cmd: string; file?: string }) => {
  void (async () => {
    if (msg.cmd === 'cpu') {
      const c = process.cpuUsage()
      process.send!({ cpuUs: c.user + c.system, sysUs: c.system, stats: { ...app.registry.committer.stats } })
    } else if (msg.cmd === 'prof-start') {
      await post('Profiler.enable')
      await post('Profiler.setSamplingInterval', { interval: 100 })
      await post('Profiler.start')
      process.send!({ ok: true })
    } else if (msg.cmd === 'prof-stop') {
      const { profile } = (await post('Profiler.stop')) as { profile: object }
      fs.writeFileSync(msg.file!, JSON.stringify(profile))
      process.send!({ ok: true })
    } else if (msg.cmd === 'exit') {
      await app.close()
      fs.rmSync(dir, { recursive: true, force: true })
      process.exit(0)
    }
  })()
})
process.send!({ port, cookie })
