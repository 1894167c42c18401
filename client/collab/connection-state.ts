import type { WebsocketProvider } from 'y-websocket'
import { closeReason, CloseCode } from '#shared/protocol/index'
import { ExternalStore } from '../lib/external-store.ts'

/**
 * What the connection badge shows, derived from the provider's socket events and the browser's
 * online/offline events.
 *
 * - `connecting`: a socket attempt is in flight, or was just lost and is retrying (short grace
 *   period so a server restart does not flash "Offline").
 * - `online`: the socket is open AND the first sync finished, so what you see is the server's doc.
 * - `offline`: the browser says it has no network, retries kept failing, or the server closed
 *   with a final code (`fatal`).
 */
export type ConnectionStatus = 'connecting' | 'online' | 'offline'

export interface ConnectionState {
  status: ConnectionStatus
  /** The current socket finished its first sync round-trip. */
  synced: boolean
  /** Local changes the server has not acknowledged as stored. */
  unsaved: number
  /** Set when the server refused us for good (close code 4400–4499); a reload may be needed. */
  fatal: { code: number; reason: string } | null
  /** The server does not know this document yet (created offline, its tree update not yet in): retrying. */
  waiting: boolean
}

/** How long a lost connection shows as "Connecting…" before it shows as "Offline". */
const RECONNECT_GRACE_MS = 2500

export class ConnectionMonitor {
  readonly store: ExternalStore<ConnectionState>
  private connected = false
  private synced = false
  private graceTimer: ReturnType<typeof setTimeout> | null = null
  private gaveUp = false
  private readonly teardown: Array<() => void> = []

  constructor(
    private readonly provider: WebsocketProvider,
    unsaved: number,
  ) {
    this.store = new ExternalStore<ConnectionState>({ status: 'connecting', synced: false, unsaved, fatal: null, waiting: false })

    const onStatus = ({ status }: { status: 'connected' | 'disconnected' | 'connecting' }): void => {
      this.connected = status === 'connected'
      if (this.connected) this.store.update({ fatal: null })
      if (status === 'disconnected') this.startGrace()
      this.recompute()
    }
    const onSync = (synced: boolean): void => {
      this.synced = synced
      this.recompute()
    }
    const onClosed = ({ code, reason }: { code: number; reason: string }): void => {
      const known = (closeReason as Record<number, string | undefined>)[code]
      this.store.update({ fatal: { code, reason: reason || known || 'connection refused' } })
      this.recompute()
    }
    const onBrowserOnline = (): void => {
      // Skip the rest of y-websocket's backoff: the network just came back.
      if (!this.provider.wsconnected && this.provider.ws === null && this.provider.shouldConnect) {
        this.provider.connect()
      }
      this.recompute()
    }
    const onBrowserOffline = (): void => {
      // A socket often stays "open" long after the network went away (until TCP gives up or
      // y-websocket's 30 s watchdog fires), and frames sent meanwhile are lost. Drop it now and
      // let y-websocket retry: if the browser is wrong about being offline (a server on
      // localhost still answers), the retry simply succeeds.
      if (this.provider.ws !== null && this.provider.shouldConnect) {
        this.provider.disconnect()
        this.provider.connect()
      }
      this.recompute()
    }

    provider.on('status', onStatus)
    provider.on('sync', onSync)
    provider.on('closed', onClosed)
    window.addEventListener('online', onBrowserOnline)
    window.addEventListener('offline', onBrowserOffline)
    this.teardown.push(
      () => provider.off('status', onStatus),
      () => provider.off('sync', onSync),
      () => provider.off('closed', onClosed),
      () => window.removeEventListener('online', onBrowserOnline),
      () => window.removeEventListener('offline', onBrowserOffline),
    )
  }

  setUnsaved(unsaved: number): void {
    this.store.update({ unsaved })
  }

  setWaiting(waiting: boolean): void {
    if (this.store.get().waiting !== waiting) this.store.update({ waiting })
  }

  destroy(): void {
    if (this.graceTimer !== null) clearTimeout(this.graceTimer)
    for (const off of this.teardown) off()
  }

  private startGrace(): void {
    if (this.graceTimer !== null) return
    this.graceTimer = setTimeout(() => {
      this.graceTimer = null
      this.gaveUp = !this.connected
      this.recompute()
    }, RECONNECT_GRACE_MS)
  }

  private recompute(): void {
    if (this.connected) this.gaveUp = false
    const synced = this.connected && this.synced
    let status: ConnectionStatus
    if (synced) status = 'online'
    else if (this.store.get().fatal !== null || !navigator.onLine || this.gaveUp) status = 'offline'
    else status = 'connecting'
    this.store.update({ status, synced })
  }
}

/** True when the close code asks the user to reload the app (a newer server). */
export const needsReload = (code: number): boolean => code === CloseCode.ClientTooOld
