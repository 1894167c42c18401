import type { Peer } from './peer.ts'

/** Applying `peer`'s update threw inside Yjs (input that validation did not catch). */
export class ApplyFailed extends Error {
  constructor(
    readonly peer: Peer,
    readonly error: unknown,
  ) {
    super(`applying an update failed: ${(error as Error)?.message ?? String(error)}`)
  }
}
