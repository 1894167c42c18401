import type { ImportAdapterKind, ImportJob, ImportReport, ImportSettings } from '#shared/api/imports'
import { contentTypeOf } from './sources.ts'
import { IMPORT_LIMITS } from '#shared/limits'
import { api, ApiError, NetworkError } from '../../lib/http.ts'

export type { ImportJob, ImportReport, PlanItem } from '#shared/api/imports'

const enc = encodeURIComponent
const base = (projectId: string) => `/api/projects/${enc(projectId)}/imports`

/**
 * The upload: the file itself as the body (server/import/routes.ts), so not through `api()`,
 * which sends JSON. A refused source (corrupt zip, bomb, unsafe paths) answers 422 with the job,
 * which the wizard shows like any plan.
 */
export async function uploadImport(projectId: string, file: File, adapter: ImportAdapterKind = 'markdown', settings?: ImportSettings): Promise<ImportJob> {
  if (file.size > IMPORT_LIMITS.maxUploadBytes)
    throw new ApiError(413, 'too_large', `The file is larger than ${IMPORT_LIMITS.maxUploadBytes / 1024 / 1024} MiB.`)
  let res: Response
  try {
    const query = `name=${enc(file.name)}&dryRun=true&adapter=${adapter}${settings ? `&settings=${enc(JSON.stringify(settings))}` : ''}`
    res = await fetch(`${base(projectId)}?${query}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { accept: 'application/json', 'content-type': contentTypeOf(file) },
      body: file,
    })
  } catch {
    throw new NetworkError('The server did not answer.')
  }
  const payload = (await res.json().catch(() => null)) as (ImportJob & { error?: { code: string; message: string } }) | null
  if (res.ok || res.status === 422) return payload as ImportJob
  throw new ApiError(res.status, payload?.error?.code ?? 'unknown', payload?.error?.message ?? res.statusText)
}

export const importApi = {
  job: (projectId: string, jobId: string) => api<ImportJob>(`${base(projectId)}/${enc(jobId)}`),
  replan: (projectId: string, jobId: string, settings: ImportSettings) =>
    api<ImportJob>(`${base(projectId)}/${enc(jobId)}`, { method: 'PATCH', body: { settings } }),
  run: (projectId: string, jobId: string) => api<ImportJob>(`${base(projectId)}/${enc(jobId)}/run`, { method: 'POST' }),
  report: (projectId: string, jobId: string) => api<ImportReport>(`${base(projectId)}/${enc(jobId)}/report`),
  undo: (projectId: string, jobId: string) => api<ImportReport>(`${base(projectId)}/${enc(jobId)}/undo`, { method: 'POST' }),
  reportUrl: (projectId: string, jobId: string) => `${base(projectId)}/${enc(jobId)}/report`,
}
