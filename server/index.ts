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
  const address = await app.listen({ port: config.port, host: config.host })
  const shown = address.replace('127.0.0.1', 'localhost')
  // Printed plainly (not only as a log line) so `npm start` ends with a URL to open.
  console.log(`\nKeel is running: ${shown}\nData:            ${config.databaseFile}\n`)
  if (app.signInSecret) {
    // First start: the only way in. No default password exists anywhere.
    console.log(`First start: sign in as ${config.ownerEmail} with this one-time link (valid 24 h),`)
    console.log(`then choose a password:\n\n  ${shown}/auth/link/${app.signInSecret}\n`)
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
})
