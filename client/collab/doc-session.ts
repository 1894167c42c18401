import * as bc from 'lib0/broadcastchannel'
import * as encoding from 'lib0/encoding'
import * as awarenessProtocol from 'y-protocols/awareness'
import { IndexeddbPersistence } from 'y-indexeddb'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { COLLAB_PATH, MessageType, PROTOCOL_QUERY_PARAM, PROTOCOL_VERSION, readAckSeq } from '#shared/protocol/index'
import { AckTracker, watchLocalChanges } from './ack-tracker.ts'
import { ConnectionMonitor } from './connection-state.ts'
import { ApiError, api } from '../lib/http.ts'
import { OfflineTimes, type SendOutcome } from './offline-times.ts'
import { countingWebSocketClass, isCountingSocket } from './counting-socket.ts'
import { Presence, type User } from './presence.ts'
import { retryRefusal } from './pending-pages.ts'

export interface DocSessionOptions {
  /**
   * True while the document exists on this device but the server may not know it yet (a page
   * created offline: the server makes its row when the tree update arrives). A refusal (4404)
   * is then "waiting to sync": the socket keeps retrying, with backoff, for up to a minute.
   */
  waitForServer?: () => boolean
}

/**
 * Everything one open document needs: the Y.Doc, its IndexedDB copy (offline edits and offline
 * reloads), the sync socket, save tracking, connection state and presence.
 *
 * Order matters and is commented at each step; `destroy()` undoes all of it.
 */
export class DocSession {
  readonly doc = new Y.Doc()
  readonly persistence: IndexeddbPersistence
  readonly provider: WebsocketProvider
  readonly tracker: AckTracker
  readonly connection: ConnectionMonitor
  readonly presence: Presence
  /** When offline edits were made, for the server's history (offline-times.ts). */
  readonly offlineTimes: OfflineTimes
  /** Resolves once IndexedDB content is in the doc (the editor waits for it to avoid a flash). */
  readonly ready: Promise<void>
  private destroyed = false
  /** When the current run of "not found" refusals of a pending page began. */
  private refusedSince: number | null = null
  private readonly stopWatching: () => void
  private readonly teardown: Array<() => void> = []

  constructor(
    readonly docId: string,
    user: User,
    options: DocSessionOptions = {},
  ) {
    const unsavedKey = `keel:unsaved:${docId}`
    // 1. The tracker starts from the changes a previous page load never saw acknowledged: they
    //    are in IndexedDB and will go out with the first sync step 2.
    this.tracker = new AckTracker({
      baseline: readCount(unsavedKey),
      onChange: (unsaved) => {
        writeCount(unsavedKey, unsaved)
        this.connection?.setUnsaved(unsaved)
        if (unsaved === 0) this.sendOfflineTimes()
      },
    })
    this.offlineTimes = new OfflineTimes(storage(), `keel:offline-times:${docId}`)

    // 2. Watch local changes before anything else listens to the doc (see watchLocalChanges).
    const remoteOrigins = new Set<unknown>()
    this.stopWatching = watchLocalChanges(this.doc, this.tracker, remoteOrigins)

    this.persistence = new IndexeddbPersistence(`keel:doc:${docId}`, this.doc)
    remoteOrigins.add(this.persistence)

    const wsOrigin = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}`
    this.provider = new WebsocketProvider(wsOrigin + COLLAB_PATH, docId, this.doc, {
      connect: false,
      params: { [PROTOCOL_QUERY_PARAM]: String(PROTOCOL_VERSION) },
      WebSocketPolyfill: countingWebSocketClass(this.tracker),
      shouldReconnect: (event) => {
        if (!(event.code >= 4400 && event.code < 4500)) return true
        const decision = retryRefusal(event.code, options.waitForServer?.() ?? false, this.refusedSince, Date.now())
        this.refusedSince = decision.since
        this.connection.setWaiting(decision.retry)
        return decision.retry
      },
    })
    this.provider.on('sync', (synced) => {
      if (!synced) return
      this.refusedSince = null
      this.connection.setWaiting(false)
      this.sendOfflineTimes()
    })
    remoteOrigins.add(this.provider)

    // A local change made while not connected and synced is offline work: note its clock run and time.
    const onTransaction = (tr: Y.Transaction): void => {
      if (!tr.local || remoteOrigins.has(tr.origin) || (this.provider.wsconnected && this.provider.synced)) return
      const client = this.doc.clientID
      this.offlineTimes.record(client, tr.beforeState.get(client) ?? 0, tr.afterState.get(client) ?? 0, Date.now())
    }
    this.doc.on('afterTransaction', onTransaction)
    this.teardown.push(() => this.doc.off('afterTransaction', onTransaction))

    // 3. Keel's Ack: messageHandlers is a per-provider copy in y-websocket 3.1. Acks only ever
    //    come from the socket (the handler also runs for BroadcastChannel messages, which never
    //    carry type 100), and y-websocket ignores messages from any socket but `provider.ws`.
    this.provider.messageHandlers[MessageType.Ack] = (_encoder, decoder, provider) => {
      const seq = readAckSeq(decoder)
      if (isCountingSocket(provider.ws)) this.tracker.acked(provider.ws.keelSocketId, seq)
    }

    this.sendOnlyOwnPresence()

    this.connection = new ConnectionMonitor(this.provider, this.tracker.unsaved)
    this.presence = new Presence(this.provider.awareness, user)

    // 4. Connect only after IndexedDB has loaded, so offline edits are in the doc before our
    //    first sync step 2 is computed. If IndexedDB is unavailable (private mode quirks), still
    //    connect: online editing must not depend on it.
    this.ready = Promise.race([this.persistence.whenSynced.then(() => undefined), new Promise<void>((resolve) => setTimeout(resolve, 3000))]).then(() => {
      if (!this.destroyed) this.provider.connect()
    })
  }

  /**
   * y-websocket re-sends every awareness change it sees, other people's included, so each client
   * echoes everyone's cursor back to the server. We only ever speak for ourselves: less traffic,
   * and a server that checks awareness ownership has nothing to refuse.
   */
  private sendOnlyOwnPresence(): void {
    const { provider, doc } = this
    const awareness = provider.awareness
    awareness.off('update', provider._awarenessUpdateHandler)
    const onUpdate = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }): void => {
      if (![added, updated, removed].some((ids) => ids.includes(doc.clientID))) return
      const encoder = encoding.createEncoder()
      encoding.writeVarUint(encoder, MessageType.Awareness)
      encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]))
      const frame = encoding.toUint8Array(encoder)
      const ws = provider.ws
      if (provider.wsconnected && ws !== null && ws.readyState === WebSocket.OPEN) ws.send(frame)
      if (provider.bcconnected) bc.publish(provider.bcChannel, frame, provider)
    }
    awareness.on('update', onUpdate)
    // Tell the others we left when the tab closes, instead of letting our caret linger for 30 s.
    const onPageHide = (): void => awarenessProtocol.removeAwarenessStates(awareness, [doc.clientID], 'pagehide')
    window.addEventListener('pagehide', onPageHide)
    this.teardown.push(
      () => awareness.off('update', onUpdate),
      () => window.removeEventListener('pagehide', onPageHide),
    )
  }

  /** Once the server holds every local change (all acknowledged, synced), tell it when the offline ones were made. */
  private sendOfflineTimes(): void {
    if (this.destroyed || this.tracker.unsaved > 0 || !this.provider.synced || this.offlineTimes.pending.length === 0) return
    const path = `/api/docs/${encodeURIComponent(this.docId)}/edit-times`
    void this.offlineTimes.flush(async (spans): Promise<SendOutcome> => {
      try {
        await api(path, { method: 'POST', body: { spans }, quiet401: true })
        return 'sent'
      } catch (error) {
        // A refusal (no longer an editor, a span the server cannot place) will not change on retry.
        return error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 429 ? 'refused' : 'retry'
      }
    })
  }

  destroy(): void {
    if (this.destroyed) return
    this.destroyed = true
    for (const off of this.teardown) off()
    this.presence.destroy()
    this.connection.destroy()
    this.provider.destroy()
    void this.persistence.destroy()
    this.stopWatching()
    this.doc.destroy()
  }
}

function readCount(key: string): number {
  try {
    const n = Number(localStorage.getItem(key) ?? 0)
    return Number.isSafeInteger(n) && n > 0 ? n : 0
  } catch {
    return 0
  }
}

function writeCount(key: string, n: number): void {
  try {
    if (n > 0) localStorage.setItem(key, String(n))
    else localStorage.removeItem(key)
  } catch {
    // storage unavailable: the count survives only in memory
  }
}

function storage(): Storage | null {
  try {
    return localStorage
  } catch {
    return null
  }
}
