import { useCallback, useState } from 'react'
import type { CompareMode } from './EntryView.tsx'

/** The reader's choice of inline or side by side, remembered on this device (inline by default). */
const KEY = 'keel:compare-mode'

function stored(): CompareMode {
  try {
    return localStorage.getItem(KEY) === 'split' ? 'split' : 'inline'
  } catch {
    return 'inline'
  }
}

export function useCompareMode(): [CompareMode, (mode: CompareMode) => void] {
  const [mode, setMode] = useState<CompareMode>(stored)
  const choose = useCallback((next: CompareMode) => {
    setMode(next)
    try {
      localStorage.setItem(KEY, next)
    } catch {
      // Storage disabled: the choice lasts for this view only.
    }
  }, [])
  return [mode, choose]
}
