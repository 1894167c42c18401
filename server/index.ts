import { buildApp } from './app.ts'
import { loadConfig } from './config.ts'

/** Process entry: config, build, listen, and a clean stop on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const config = loadConfig()
  const app = await buildApp(config)
  let stopping = false
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return
    stopping = true
    app.log.info({ signal }, 'stopping: committing queued updates and closing sockets')
    await app.close()
    process.exit(0)
  }
  process.on('SIGTERM', () => void stop('SIGTERM'))
  process.on('SIGINT', () => void stop('SIGINT'))
  await app.listen({ port: config.port, host: config.host })
  // Printed plainly (not only as a log line) so `npm start` ends with a URL to open: KEEL_PUBLIC_URL,
  // else http://localhost:<port>, the same base every link the server builds uses.
  console.log(`\nKeel is running: ${app.site.link('/')}\nData:            ${config.databaseFile}\n`)
  if (config.publicOrigins.length === 0 && config.host !== '127.0.0.1' && config.host !== 'localhost') {
    console.log('Serving a network without KEEL_PUBLIC_URL: only IP addresses are accepted as Host; set it to the address users open.\n')
  }
  if (app.signInSecret) {
    // First start: the only way in. No default password exists anywhere.
    console.log(`First start: sign in as ${config.ownerEmail} with this one-time link (valid 24 h),`)
    console.log(`then choose a password:\n\n  ${app.site.link(`/auth/link/${app.signInSecret}`)}\n`)
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
})
