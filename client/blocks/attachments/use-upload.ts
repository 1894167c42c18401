import { useCallback, useSyncExternalStore } from 'react'
import { onUploadProgress, uploadProgress, type UploadProgress } from './uploads.ts'

/** This tab's progress of the block's upload (null for an upload another editor is sending). */
export function useUploadProgress(uploadId: unknown): UploadProgress | null {
  const id = typeof uploadId === 'string' ? uploadId : ''
  const subscribe = useCallback((callback: () => void) => (id ? onUploadProgress(id, callback) : () => {}), [id])
  return useSyncExternalStore(subscribe, () => (id ? uploadProgress(id) : null))
}
