/** What the id-assigning blocks (task, ML) are configured with: they wait for the first sync. */
export interface SyncHooks {
  isReady: () => boolean
  onReady: (callback: () => void) => () => void
}

/** "Has the provider synced once", and a callback when it does: ids wait for the first sync. */
export function whenSynced(provider: {
  synced: boolean
  on(event: 'sync', f: (s: boolean) => void): void
  off(event: 'sync', f: (s: boolean) => void): void
}): SyncHooks {
  return {
    isReady: () => provider.synced,
    onReady: (callback) => {
      if (provider.synced) {
        queueMicrotask(callback)
        return () => {}
      }
      const onSync = (synced: boolean): void => {
        if (!synced) return
        provider.off('sync', onSync)
        callback()
      }
      provider.on('sync', onSync)
      return () => provider.off('sync', onSync)
    },
  }
}
