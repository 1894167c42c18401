import type { ImportJob } from '#shared/api/imports'

type Json = Record<string, unknown>

/**
 * The import routes as a test calls them: a signed-in request helper and `runToEnd`, which starts
 * a planned job and polls it until it is no longer running (the wizard's loop).
 */
export function importClient(server: { url: string }, projectId: string, cookie: string) {
  const base = `/api/projects/${projectId}/imports`
  const call = async (method: string, url: string, body?: Uint8Array | string, type = typeof body === 'string' ? 'application/json' : 'application/zip') => {
    const res = await fetch(`${server.url}${url}`, {
      method,
      headers: { cookie, origin: server.url, ...(body ? { 'content-type': type } : {}) },
      ...(body ? { body } : {}),
    })
    return { status: res.status, body: (await res.json()) as Json }
  }
  const runToEnd = async (jobId: string, timeoutMs = 60_000): Promise<ImportJob> => {
    const started = await call('POST', `${base}/${jobId}/run`)
    if (started.status !== 202) throw new Error(`run answered ${started.status}: ${JSON.stringify(started.body)}`)
    let job = started.body as unknown as ImportJob
    const deadline = Date.now() + timeoutMs
    while (job.status === 'running' || job.status === 'queued') {
      if (Date.now() > deadline) throw new Error('import did not finish')
      await new Promise((r) => setTimeout(r, 20))
      job = (await call('GET', `${base}/${jobId}`)).body as unknown as ImportJob
    }
    return job
  }
  return { base, call, runToEnd }
}
