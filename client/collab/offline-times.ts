import type { EditTimeSpan } from '#shared/api/history'
import { EDIT_TIME_LIMITS } from '#shared/limits'

/** Where the spans wait across reloads: localStorage in the app, a Map in tests. */
export interface SpanStorage {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
  removeItem(key: string): void
}

/** What a send came to: saved on the server, refused for good (drop them), or to try again later. */
export type SendOutcome = 'sent' | 'refused' | 'retry'

const isSpan = (s: unknown): s is EditTimeSpan =>
  typeof s === 'object' &&
  s !== null &&
  ['client', 'clockStart', 'clockEnd', 'editedFrom', 'editedTo'].every((k) => Number.isSafeInteger((s as Record<string, unknown>)[k]))

/**
 * When this device's offline edits were made. The server stamps every update with the time it
 * commits it, so edits made on a train and merged at the office would read as made at the office;
 * this keeps, per run of the doc's own clocks, the local times of the first and last edit, and
 * hands them to the server once it has acknowledged the edits (`POST /api/docs/:id/edit-times`),
 * where they are shown beside the merge time. Kept in storage, so a reload while offline (a new
 * clientID: the old runs are still named by theirs) loses nothing.
 */
export class OfflineTimes {
  private spans: EditTimeSpan[]
  private sending = false

  constructor(
    private readonly storage: SpanStorage | null,
    private readonly key: string,
  ) {
    this.spans = this.load()
  }

  get pending(): readonly EditTimeSpan[] {
    return this.spans
  }

  /** A local change made while not connected: clocks [clockStart, clockEnd) of `client`, at `at`. */
  record(client: number, clockStart: number, clockEnd: number, at: number): void {
    if (clockEnd <= clockStart) return
    const last = this.spans[this.spans.length - 1]
    if (last && last.client === client && last.clockEnd === clockStart) {
      last.clockEnd = clockEnd
      last.editedTo = Math.max(last.editedTo, at)
    } else {
      this.spans.push({ client, clockStart, clockEnd, editedFrom: at, editedTo: at })
    }
    // Past the server's limit, the oldest two runs become one (a wider span, never a lost one).
    while (this.spans.length > EDIT_TIME_LIMITS.maxEditTimeSpans) this.mergeOldest()
    this.save()
  }

  /** Sends what is pending (one request at a time); keeps it when the send is to be retried. */
  async flush(send: (spans: EditTimeSpan[]) => Promise<SendOutcome>): Promise<void> {
    if (this.sending || this.spans.length === 0) return
    this.sending = true
    const batch = this.spans.slice()
    try {
      const outcome = await send(batch)
      if (outcome === 'retry') return
      // Spans recorded while the request was out stay for the next flush.
      this.spans = this.spans.slice(batch.length)
      this.save()
    } finally {
      this.sending = false
    }
  }

  private mergeOldest(): void {
    const [a, b] = this.spans as [EditTimeSpan, EditTimeSpan]
    if (a.client === b.client) {
      this.spans.splice(0, 2, {
        client: a.client,
        clockStart: Math.min(a.clockStart, b.clockStart),
        clockEnd: Math.max(a.clockEnd, b.clockEnd),
        editedFrom: Math.min(a.editedFrom, b.editedFrom),
        editedTo: Math.max(a.editedTo, b.editedTo),
      })
    } else {
      // Different clients cannot share a clock run: the oldest is given up.
      this.spans.shift()
    }
  }

  private load(): EditTimeSpan[] {
    try {
      const parsed: unknown = JSON.parse(this.storage?.getItem(this.key) ?? '[]')
      return Array.isArray(parsed) ? parsed.filter(isSpan).slice(-EDIT_TIME_LIMITS.maxEditTimeSpans) : []
    } catch {
      return []
    }
  }

  private save(): void {
    try {
      if (this.spans.length > 0) this.storage?.setItem(this.key, JSON.stringify(this.spans))
      else this.storage?.removeItem(this.key)
    } catch {
      // storage unavailable: the spans live in memory only
    }
  }
}
