import { useSyncExternalStore } from 'react'
import { ExternalStore } from '../../lib/external-store.ts'
import type { VersionMeta } from './api.ts'

/**
 * What the history UI of the open document shows. One document page is open at a time, and the
 * things that open history live far apart (the top bar's button, a keyboard shortcut, the slash
 * menu inside the editor, the "since your visit" banner), so they share this small store instead
 * of threading callbacks through the page. DocumentHistory resets it when the document changes.
 */
export interface HistoryUi {
  panel: boolean
  /** The version shown read-only in place of the editor. */
  preview: number | null
  /** A compare view in place of the editor (`to` null: the current state). */
  compare: { from: number; to: number | null } | null
  /** The name dialog: a new named version (`vid` null) or a rename. */
  naming: { vid: number | null; name: string } | null
  /** The restore being confirmed: a whole version, or one top-level block of it (from the preview). */
  restoring: { version: VersionMeta; block?: number } | null
  /** Whether the panel was open when a compare view opened (it closes meanwhile: the page behind the overlay is inert). */
  panelBehind: boolean
  /** The live document shows, beside each run of blocks, who last changed it and when. */
  blockAuthors: boolean
  /** Bumped after a change to the history (named, restored): the timeline fetches again. */
  generation: number
}

const initial: HistoryUi = { panel: false, preview: null, compare: null, naming: null, restoring: null, panelBehind: false, blockAuthors: false, generation: 0 }
export const historyStore = new ExternalStore<HistoryUi>(initial)

export const useHistoryUi = (): HistoryUi => useSyncExternalStore(historyStore.subscribe, historyStore.get)

/** On a phone the panel covers the page: opening a view from it closes it (the view has its own Close). */
const covering = (): boolean => typeof window !== 'undefined' && window.matchMedia('(max-width: 760px)').matches
const panelAfterOpeningView = (): boolean => historyStore.get().panel && !covering()

export const historyUi = {
  reset: () => historyStore.update(initial),
  togglePanel: () => historyStore.update({ panel: !historyStore.get().panel }),
  openPanel: () => historyStore.update({ panel: true }),
  closePanel: () => historyStore.update({ panel: false }),
  preview: (vid: number) => historyStore.update({ preview: vid, compare: null, panel: panelAfterOpeningView() }),
  /** The compare view covers the page and makes it inert, the panel too: it closes, and comes back with closeView. */
  compare: (from: number, to: number | null) => {
    const s = historyStore.get()
    historyStore.update({ compare: { from, to }, preview: null, panel: false, panelBehind: s.compare ? s.panelBehind : panelAfterOpeningView() })
  },
  /** Back to the live document (and the panel, if a compare view closed it). */
  closeView: () => {
    const s = historyStore.get()
    historyStore.update({ preview: null, compare: null, panel: s.compare ? s.panelBehind || s.panel : s.panel, panelBehind: false })
  },
  name: (vid: number | null = null, name = '') => historyStore.update({ naming: { vid, name } }),
  closeNaming: () => historyStore.update({ naming: null }),
  askRestore: (version: VersionMeta, block?: number) => historyStore.update({ restoring: block === undefined ? { version } : { version, block } }),
  cancelRestore: () => historyStore.update({ restoring: null }),
  toggleBlockAuthors: () => historyStore.update({ blockAuthors: !historyStore.get().blockAuthors }),
  changed: () => historyStore.update({ generation: historyStore.get().generation + 1 }),
}
